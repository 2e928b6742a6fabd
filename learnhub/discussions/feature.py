"""Scheduled group discussions (三会一课, 主题党日, 专题研讨, 组织生活会).

One blueprint (`blueprint.bp`); each room's views module adds its routes to it when it
is imported here.
"""

from learnhub.core.feature import Feature, LedgerSource
from learnhub.core.messages import N_
from learnhub.discussions import models
from learnhub.discussions.attendance import models as attendance_models
from learnhub.discussions.attendance import views as attendance_views
from learnhub.discussions.blueprint import bp

# Each room's views add their routes to `bp` as they are imported.
PAGES = (attendance_views,)

FEATURE = Feature(
    name="discussions",
    blueprints=(bp,),
    model_modules=(models, attendance_models),
    ledger_sources=(LedgerSource("meeting", N_("组织生活")),),
)
