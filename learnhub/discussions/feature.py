"""Scheduled group discussions (三会一课, 主题党日, 专题研讨, 组织生活会).

One blueprint (`blueprint.bp`); each room's views module adds its routes to it when it
is imported here.
"""

from learnhub.core.feature import Feature, LedgerSource, NavItem
from learnhub.core.messages import N_
from learnhub.discussions import models
from learnhub.discussions.blueprint import bp
from learnhub.discussions.compliance import views as compliance_views

PAGES = (compliance_views,)  # each adds its routes to `bp`

FEATURE = Feature(
    name="discussions",
    blueprints=(bp,),
    navigation=(NavItem(N_("组织生活合规"), "discussions.compliance", role="manager",
                        section="compliance"),),
    model_modules=(models,),
    ledger_sources=(LedgerSource("meeting", N_("组织生活")),),
)
