"""学习档案: requirements, offline training, transcripts, certificates and year close.

One blueprint (`blueprint.bp`); each room's views module adds its routes to it when it is
imported here."""

from learnhub.core.feature import DemoStep, Feature, NavItem
from learnhub.core.messages import N_
from learnhub.transcripts.blueprint import bp
from learnhub.transcripts.documents import models as document_models
from learnhub.transcripts.offline import models as offline_models
from learnhub.transcripts.requirements import member_views as requirement_member_views
from learnhub.transcripts.requirements import models as requirement_models
from learnhub.transcripts.requirements import views as requirement_views
from learnhub.transcripts.requirements.defaults import requirements_needed, seed_requirements
from learnhub.transcripts.years import models as year_models
from learnhub.transcripts.years import views as year_views

# Each room's views add their routes to `bp` as they are imported.
PAGES = (requirement_member_views, requirement_views, year_views)

FEATURE = Feature(
    name="transcripts",
    blueprints=(bp,),
    navigation=(
        NavItem(N_("学时怎么算"), "transcripts.credit_rules_page", section="credit_rules"),
        NavItem(N_("学时要求"), "transcripts.requirement_rules", role="admin",
                section="requirements"),
        NavItem(N_("年度关账"), "transcripts.years", role="admin", section="years"),
    ),
    model_modules=(requirement_models, offline_models, document_models, year_models),
    demo_steps=(DemoStep("requirement-rules", requirements_needed, seed_requirements),),
)
