"""Quizzes, question banks, practice and knowledge contests.

One blueprint (`blueprint.bp`); each room's views module adds its routes to it when it
is imported here.
"""

from learnhub.core.feature import Feature, LedgerSource, NavItem
from learnhub.core.messages import N_
from learnhub.quizzes import models
from learnhub.quizzes.attempts import models as attempt_models
from learnhub.quizzes.blueprint import bp
from learnhub.quizzes.results import views as results_views

PAGES = (results_views,)  # imported for their routes on `bp`

FEATURE = Feature(
    name="quizzes",
    blueprints=(bp,),
    navigation=(NavItem(N_("测验管理"), "quizzes.manage", role="trainer",
                        section="quiz_admin"),),
    model_modules=(models, attempt_models),
    ledger_sources=(LedgerSource("quiz", N_("测验")),),
)
