"""The meeting kind form (shape only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DecimalField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from learnhub.core.forms import Form
from learnhub.discussions.models import Frequency

FREQUENCY_LABELS = {
    Frequency.NONE: _l("根据需要"),
    Frequency.MONTHLY: _l("每月"),
    Frequency.QUARTERLY: _l("每季度"),
    Frequency.HALF_YEARLY: _l("每半年"),
    Frequency.YEARLY: _l("每年"),
}


class KindForm(Form):
    name = StringField(_l("名称"), validators=[DataRequired(_l("请填写名称。")),
                                             Length(max=100)])
    credit_hours = DecimalField(_l("参加一次的学时"), places=2,
                                validators=[InputRequired(_l("请填写学时。")),
                                            NumberRange(min=0, max=100)],
                                description=_l("按本单位的学时规则填写，例如 1 或 1.5。"))
    frequency = SelectField(_l("应开频次"), choices=[SelectChoice(f.value, label)
                                                   for f, label in FREQUENCY_LABELS.items()])
    late_counts = BooleanField(_l("迟到也计学时"))
    active = BooleanField(_l("启用（安排会议时可选）"))
