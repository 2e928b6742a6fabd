"""Scheduled group discussions (三会一课, 主题党日, 专题研讨, 组织生活会).

One blueprint (`blueprint.bp`); each room's views module adds its routes to it when it
is imported here.
"""

from learnhub.core.feature import DemoStep, Feature, HomePanel, Job, LedgerSource, NavItem
from learnhub.core.messages import N_
from learnhub.core.timeutil import now_utc
from learnhub.discussions import models
from learnhub.discussions.access import is_secretary, schedules_without_trainer_role
from learnhub.discussions.attendance import models as attendance_models
from learnhub.discussions.attendance import views as attendance_views
from learnhub.discussions.blueprint import bp
from learnhub.discussions.calendar_feed import models as calendar_feed_models
from learnhub.discussions.calendar_feed import views as calendar_feed_views
from learnhub.discussions.compliance import views as compliance_views
from learnhub.discussions.demo.history import history_needed, load_history
from learnhub.discussions.kinds import views as kind_views
from learnhub.discussions.kinds.defaults import kinds_needed, seed_for_demo
from learnhub.discussions.minutes import models as minutes_models
from learnhub.discussions.minutes import views as minutes_views
from learnhub.discussions.reminders.notices import meeting_notices_job
from learnhub.discussions.scheduling import member_views, pages
from learnhub.discussions.scheduling import views as scheduling_views
from learnhub.discussions.scheduling.series import extend_series
from learnhub.discussions.seminars import models as seminar_models
from learnhub.discussions.seminars import views as seminar_views
from learnhub.discussions.threads import models as thread_models
from learnhub.discussions.threads import views as thread_views

# Each room's views add their routes to `bp` as they are imported.
PAGES = (attendance_views, calendar_feed_views, compliance_views, kind_views, member_views, minutes_views, scheduling_views,
         seminar_views, thread_views)

FEATURE = Feature(
    name="discussions",
    blueprints=(bp,),
    navigation=(
        NavItem(N_("组织生活"), "discussions.upcoming", section="meetings"),
        NavItem(N_("专题研讨"), "discussions.seminars", section="seminars"),
        NavItem(N_("组织生活安排"), "discussions.manage", role="trainer", section="meeting_admin",
                also=schedules_without_trainer_role),
        NavItem(N_("组织生活合规"), "discussions.compliance", role="manager", section="compliance",
                also=is_secretary),
        NavItem(N_("会议类型"), "discussions.kinds", role="admin", section="meeting_kinds"),
    ),
    home_panels=(
        HomePanel("meetings", lambda member, today: pages.home_panel(member, now_utc())),
    ),
    model_modules=(models, attendance_models, calendar_feed_models, minutes_models, seminar_models,
                   thread_models),
    ledger_sources=(LedgerSource("meeting", N_("组织生活")),),
    demo_steps=(DemoStep("meeting-kinds", kinds_needed, seed_for_demo),
                DemoStep("meeting-history", history_needed, load_history)),
    # Occurrences first, so the notices see the meetings they made.
    jobs=(Job("meeting-series", lambda now: f"{extend_series(now)} occurrence(s) made"),
          Job("meeting-notices", meeting_notices_job)),
)
