"""The home page (工作台) and the health check."""

from learnhub.core.feature import Feature, NavItem
from learnhub.core.messages import N_
from learnhub.home.views import bp

FEATURE = Feature(
    name="home",
    blueprints=(bp,),
    navigation=(NavItem(N_("工作台"), "home.index", section="home"),),
)
