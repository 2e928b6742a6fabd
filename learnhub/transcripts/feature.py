"""学习档案: requirements, offline training, transcripts, certificates and year close."""

from learnhub.core.feature import Feature, NavItem
from learnhub.core.messages import N_
from learnhub.transcripts.blueprint import bp
from learnhub.transcripts.documents import models as document_models
from learnhub.transcripts.documents import views as document_views
from learnhub.transcripts.offline import models as offline_models
from learnhub.transcripts.requirements import models as requirement_models
from learnhub.transcripts.transcript.commands import transcript_command
from learnhub.transcripts.years import models as year_models

# Each room's views add their routes to `bp` as they are imported.
PAGES = (document_views,)

FEATURE = Feature(
    name="transcripts",
    blueprints=(bp,),
    commands=(transcript_command,),
    navigation=(
        NavItem(N_("已出具的文件"), "transcripts.documents", role="admin", section="documents"),
    ),
    model_modules=(requirement_models, offline_models, document_models, year_models),
)
