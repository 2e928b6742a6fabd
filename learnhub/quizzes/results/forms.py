"""The results filter (GET): a unit of the trainer's subtree and a date range."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from learnhub.core.forms import Form
from learnhub.org.models import Unit


class ResultFilterForm(Form):
    class Meta:
        csrf = False

    unit = SelectField(_l("组织"), default="", validate_choice=True)
    since = DateField(_l("提交日期从"), validators=[Optional()])
    until = DateField(_l("至"), validators=[Optional()])

    def offer_units(self, units: list[Unit]) -> None:
        self.unit.choices = [SelectChoice("", _l("全部（你负责的范围）"))] + [
            SelectChoice(str(u.id), "　" * u.depth + u.name) for u in units]
