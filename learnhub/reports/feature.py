"""统计报表: managers' reports on their subtree (docs/reports.md)."""

from learnhub.core.feature import Feature, NavItem
from learnhub.core.messages import N_
from learnhub.reports import views
from learnhub.reports.blueprint import bp
from learnhub.reports.commands import report_group

PAGES = (views,)  # the views add their routes to `bp` as they are imported

FEATURE = Feature(
    name="reports",
    blueprints=(bp,),
    navigation=(NavItem(N_("统计报表"), "reports.index", role="manager", section="reports"),),
    commands=(report_group,),
)
