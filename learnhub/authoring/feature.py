"""Content kept as files, shared by every content kind: the asset store's tables.

`learnhub content` itself is built from the kinds the features declare
(`Feature.content_kinds`), in `learnhub.features.install_features`.
"""

from learnhub.authoring import models
from learnhub.core.feature import Feature

FEATURE = Feature(name="authoring", model_modules=(models,))
