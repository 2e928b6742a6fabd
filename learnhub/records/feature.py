"""The credit ledger and 我的学时."""

from learnhub.core.feature import Feature, LedgerSource, NavItem
from learnhub.core.messages import N_
from learnhub.records import models
from learnhub.records.views import bp

FEATURE = Feature(
    name="records",
    blueprints=(bp,),
    navigation=(NavItem(N_("我的学时"), "records.my_credits", section="records"),),
    model_modules=(models,),
    # Training done elsewhere, entered by hand.
    ledger_sources=(LedgerSource("manual", N_("线下学习")),),
)
