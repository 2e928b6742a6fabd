"""The compliance filter (GET): which period (its type is part of the choice: a year, a
quarter or a month) and which rows (direct children with drill-down, or every unit)."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from learnhub.core.forms import Form
from learnhub.discussions.compliance.periods import (
    PERIOD_TYPE_LABELS,
    Period,
    PeriodType,
    period_label,
    recent_periods,
)


class ComplianceFilterForm(Form):
    class Meta:
        csrf = False

    period = SelectField(_l("统计周期"), validate_choice=True)
    rows = SelectField(_l("显示"), default="children", validate_choice=True,
                       choices=[SelectChoice("children", _l("直属下级（可逐级查看）")),
                                SelectChoice("all", _l("全部下级组织"))])

    def offer_periods(self, today: date, current: Period) -> None:
        groups = recent_periods(today)
        if not any(current in periods for _type, periods in groups):
            groups = [(current.type, [current])] + groups
        self.period.choices = [
            SelectChoice(p.key, period_label(p), optgroup=gettext(PERIOD_TYPE_LABELS[t]))
            for t, periods in groups for p in periods]


def default_period(today: date) -> Period:
    return Period.containing(today, PeriodType.QUARTER)
