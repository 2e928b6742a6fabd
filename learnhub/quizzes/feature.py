"""Quizzes, question banks, practice and knowledge contests.

One blueprint (`blueprint.bp`); each room's views module adds its routes to it when it
is imported here.
"""

from learnhub.core.feature import Feature, HomePanel, LedgerSource, NavItem
from learnhub.core.messages import N_
from learnhub.core.timeutil import now_utc
from learnhub.quizzes import models
from learnhub.quizzes.attempts import marking_views as attempt_marking_views
from learnhub.quizzes.attempts import models as attempt_models
from learnhub.quizzes.attempts import views as attempt_views
from learnhub.quizzes.attempts.commands import quiz_group
from learnhub.quizzes.attempts.learner_pages import home_panel
from learnhub.quizzes.attempts.requirement import quizzes_passed
from learnhub.quizzes.blueprint import bp
from learnhub.quizzes.regrade import views as regrade_views
from learnhub.quizzes.results import views as results_views

PAGES = (attempt_views, attempt_marking_views, results_views, regrade_views)  # for their routes on `bp`

FEATURE = Feature(
    name="quizzes",
    blueprints=(bp,),
    commands=(quiz_group,),
    navigation=(NavItem(N_("我的测验"), "quizzes.mine", section="quizzes"),
                NavItem(N_("测验管理"), "quizzes.manage", role="trainer",
                        section="quiz_admin")),
    home_panels=(HomePanel("quizzes", lambda member, today: home_panel(member, today,
                                                                       now_utc())),),
    model_modules=(models, attempt_models),
    requirement_kinds=(quizzes_passed,),
    ledger_sources=(LedgerSource("quiz", N_("测验")),),
)
