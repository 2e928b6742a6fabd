"""Scheduled group discussions (三会一课, 主题党日, 专题研讨, 组织生活会).

One blueprint (`blueprint.bp`); each room's views module adds its routes to it when it
is imported here.
"""

from learnhub.core.feature import Feature, Job, LedgerSource
from learnhub.core.messages import N_
from learnhub.discussions import models
from learnhub.discussions.blueprint import bp
from learnhub.discussions.reminders.notices import meeting_notices_job

FEATURE = Feature(
    name="discussions",
    blueprints=(bp,),
    model_modules=(models,),
    ledger_sources=(LedgerSource("meeting", N_("组织生活")),),
    jobs=(Job("meeting-notices", meeting_notices_job),),
)
