"""Units, members, role grants, member import and the audit log."""

from flask import Flask

from learnhub.core.feature import Feature, NavItem
from learnhub.core.messages import N_
from learnhub.org import models
from learnhub.org.access import is_site_admin
from learnhub.org.audit import views as audit_views
from learnhub.org.blueprint import bp
from learnhub.org.grants import views as grant_views
from learnhub.org.importing import models as importing_models
from learnhub.org.importing import views as importing_views
from learnhub.org.importing.commands import members_group
from learnhub.org.labels import party_post_label, political_status_label
from learnhub.org.members import views as member_views
from learnhub.org.units import views as unit_views

# Each room's views add their routes to `bp` as they are imported.
ROUTES = (unit_views, member_views, grant_views, audit_views, importing_views)


def _template_globals(app: Flask) -> None:
    app.add_template_global(is_site_admin)
    app.add_template_global(political_status_label)
    app.add_template_global(party_post_label)


FEATURE = Feature(
    name="org",
    blueprints=(bp,),
    commands=(members_group,),
    navigation=(
        NavItem(N_("组织与成员"), "org.members", role="manager", section="org"),
        NavItem(N_("角色授权"), "org.grants", role="admin", section="grants"),
        NavItem(N_("审计日志"), "org.audit", role="admin", section="audit"),
    ),
    model_modules=(models, importing_models),
    setup=_template_globals,
)
