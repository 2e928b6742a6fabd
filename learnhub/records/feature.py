"""The credit ledger: every feature credits through records.services; the transcripts
feature shows it (我的学时)."""

from learnhub.core.feature import Feature, LedgerSource
from learnhub.core.messages import N_
from learnhub.records import models

FEATURE = Feature(
    name="records",
    model_modules=(models,),
    # Training done elsewhere: declared and approved, recorded by a manager, or a correction.
    ledger_sources=(LedgerSource("manual", N_("线下学习")),),
)
