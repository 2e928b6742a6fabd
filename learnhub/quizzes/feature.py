"""Quizzes, question banks, practice and knowledge contests.

One blueprint (`blueprint.bp`); each room's views module adds its routes to it when it
is imported here.
"""

from learnhub.core.feature import Feature, LedgerSource
from learnhub.core.messages import N_
from learnhub.quizzes import models
from learnhub.quizzes.attempts import models as attempt_models
from learnhub.quizzes.blueprint import bp
from learnhub.quizzes.publishing.commands import QUIZ_KIND, quiz_group

FEATURE = Feature(
    name="quizzes",
    blueprints=(bp,),
    commands=(quiz_group,),
    model_modules=(models, attempt_models),
    content_kinds=(QUIZ_KIND,),
    ledger_sources=(LedgerSource("quiz", N_("测验")),),
)
