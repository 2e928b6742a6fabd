"""学习档案: requirements, offline training, transcripts, certificates and year close.

One blueprint (`blueprint.bp`); each room's views module adds its routes to it when it is
imported here.
"""

from learnhub.core.feature import DemoStep, Feature, HomePanel, NavItem
from learnhub.core.messages import N_
from learnhub.transcripts.blueprint import bp
from learnhub.transcripts.documents import models as document_models
from learnhub.transcripts.documents import views as document_views
from learnhub.transcripts.offline import import_views as offline_import_views
from learnhub.transcripts.offline import models as offline_models
from learnhub.transcripts.offline import review_views as offline_review_views
from learnhub.transcripts.offline import views as offline_views
from learnhub.transcripts.offline.commands import training_group
from learnhub.transcripts.requirements import member_views as requirement_member_views
from learnhub.transcripts.requirements import models as requirement_models
from learnhub.transcripts.requirements import views as requirement_views
from learnhub.transcripts.requirements.defaults import requirements_needed, seed_requirements
from learnhub.transcripts.transcript import views as transcript_views
from learnhub.transcripts.transcript.commands import transcript_command
from learnhub.transcripts.transcript.home_panel import home_panel
from learnhub.transcripts.years import models as year_models
from learnhub.transcripts.years import views as year_views

# Each room's views add their routes to `bp` as they are imported.
PAGES = (transcript_views, offline_views, offline_review_views, offline_import_views,
         requirement_member_views, requirement_views, year_views, document_views)

FEATURE = Feature(
    name="transcripts",
    blueprints=(bp,),
    commands=(training_group, transcript_command),
    navigation=(
        NavItem(N_("我的学时"), "transcripts.my_transcript", section="records"),
        NavItem(N_("线下培训"), "transcripts.my_trainings", section="offline"),
        NavItem(N_("线下培训审核"), "transcripts.review_queue", role="manager",
                section="offline_review"),
        NavItem(N_("学时要求"), "transcripts.requirement_rules", role="admin",
                section="requirements"),
        NavItem(N_("年度关账"), "transcripts.years", role="admin", section="years"),
        NavItem(N_("已出具的文件"), "transcripts.documents", role="admin", section="documents"),
    ),
    home_panels=(HomePanel("transcript", home_panel),),
    model_modules=(requirement_models, offline_models, document_models, year_models),
    demo_steps=(DemoStep("requirement-rules", requirements_needed, seed_requirements),),
)
