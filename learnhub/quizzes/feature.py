"""Quizzes, question banks, practice and knowledge contests.

One blueprint (`blueprint.bp`); each room's views module adds its routes to it when it
is imported here.
"""

from learnhub.core.feature import Feature, HomePanel, LedgerSource, NavItem
from learnhub.core.messages import N_
from learnhub.quizzes import models
from learnhub.quizzes.attempts import models as attempt_models
from learnhub.quizzes.blueprint import bp
from learnhub.quizzes.contests import views as contest_views
from learnhub.quizzes.practice import models as practice_models
from learnhub.quizzes.practice import views as practice_views
from learnhub.quizzes.practice.daily import daily_panel

PAGES = (contest_views, practice_views)

FEATURE = Feature(
    name="quizzes",
    blueprints=(bp,),
    navigation=(
        NavItem(N_("知识竞赛"), "quizzes.contests", section="contests"),
        NavItem(N_("练习"), "quizzes.practice_banks", section="practice"),
    ),
    home_panels=(HomePanel("daily_practice", lambda member, today: daily_panel(member)),),
    model_modules=(models, attempt_models, practice_models),
    ledger_sources=(LedgerSource("quiz", N_("测验")),),
)
