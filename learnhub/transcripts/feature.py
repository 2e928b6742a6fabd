"""学习档案: requirements, offline training, transcripts, certificates and year close."""

from learnhub.core.feature import Feature
from learnhub.transcripts.blueprint import bp
from learnhub.transcripts.documents import models as document_models
from learnhub.transcripts.offline import models as offline_models
from learnhub.transcripts.requirements import models as requirement_models
from learnhub.transcripts.years import models as year_models

FEATURE = Feature(
    name="transcripts",
    blueprints=(bp,),
    model_modules=(requirement_models, offline_models, document_models, year_models),
)
