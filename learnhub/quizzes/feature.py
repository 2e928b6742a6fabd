"""Quizzes, question banks, practice and knowledge contests.

One blueprint (`blueprint.bp`); each room's views module adds its routes to it when it
is imported here.
"""

from learnhub.core.feature import DemoStep, Feature, HomePanel, Job, LedgerSource, NavItem
from learnhub.core.messages import N_
from learnhub.core.timeutil import now_utc
from learnhub.quizzes import models
from learnhub.quizzes.attempts import models as attempt_models
from learnhub.quizzes.attempts import views as attempt_views
from learnhub.quizzes.attempts.commands import close_expired_command
from learnhub.quizzes.attempts.grading import finalise_expired
from learnhub.quizzes.attempts.learner_pages import home_panel
from learnhub.quizzes.blueprint import bp
from learnhub.quizzes.contests import views as contest_views
from learnhub.quizzes.demo.history import history_needed, load_history
from learnhub.quizzes.editor import views as editor_views
from learnhub.quizzes.importing import views as importing_views
from learnhub.quizzes.importing.commands import import_command
from learnhub.quizzes.marking import views as marking_views
from learnhub.quizzes.outcomes.requirement import quizzes_passed
from learnhub.quizzes.practice import models as practice_models
from learnhub.quizzes.practice import views as practice_views
from learnhub.quizzes.practice.daily import daily_panel
from learnhub.quizzes.publishing import views as publishing_views
from learnhub.quizzes.publishing.commands import QUIZ_KIND, export_command, quiz_group_with
from learnhub.quizzes.regrade import views as regrade_views
from learnhub.quizzes.results import views as results_views

# Each room's views add their routes to `bp` as they are imported.
PAGES = (attempt_views, contest_views, editor_views, importing_views, marking_views,
         practice_views, publishing_views, regrade_views, results_views)

FEATURE = Feature(
    name="quizzes",
    blueprints=(bp,),
    commands=(quiz_group_with(export_command, import_command, close_expired_command),),
    navigation=(
        NavItem(N_("我的测验"), "quizzes.mine", section="quizzes"),
        NavItem(N_("知识竞赛"), "quizzes.contests", section="contests"),
        NavItem(N_("练习"), "quizzes.practice_banks", section="practice"),
        NavItem(N_("测验管理"), "quizzes.manage", role="trainer", section="quiz_admin"),
    ),
    home_panels=(
        HomePanel("quizzes", lambda member, today: home_panel(member, today, now_utc())),
        HomePanel("daily_practice", lambda member, today: daily_panel(member)),
    ),
    model_modules=(models, attempt_models, practice_models),
    content_kinds=(QUIZ_KIND,),
    requirement_kinds=(quizzes_passed,),
    ledger_sources=(LedgerSource("quiz", N_("测验"), online=True),),
    demo_steps=(DemoStep("quiz-history", history_needed, load_history),),
    jobs=(Job("close-expired-quizzes",
              lambda now: f"graded {finalise_expired(now)} overdue attempt(s)"),),
)
