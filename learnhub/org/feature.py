"""Units, members, role grants, member import and the audit log."""

from learnhub.core.feature import Feature, NavItem
from learnhub.core.messages import N_
from learnhub.org import models
from learnhub.org.commands import members_group
from learnhub.org.views import bp

FEATURE = Feature(
    name="org",
    blueprints=(bp,),
    commands=(members_group,),
    navigation=(
        NavItem(N_("组织与成员"), "org.members", role="manager", section="org"),
        NavItem(N_("角色授权"), "org.grants", role="admin", section="grants"),
        NavItem(N_("审计日志"), "org.audit", role="admin", section="audit"),
    ),
    model_modules=(models,),
)
