"""Forms of year close: the confirmation and a correction (shape only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DecimalField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from learnhub.core.forms import Form, strip


class CloseYearForm(Form):
    understood = BooleanField(_l("我已确认该年度的学时已全部录入，关账后只能通过审计更正修改。"),
                              validators=[DataRequired(_l("请勾选确认。"))])
    note = StringField(_l("备注"), filters=[strip], validators=[Length(max=500)])


class CorrectionForm(Form):
    employee_no = StringField(_l("工号"), filters=[strip], validators=[
        DataRequired(_l("请填写工号。")), Length(max=64)])
    hours = DecimalField(_l("补记学时"), places=2, render_kw={"inputmode": "decimal"},
                         validators=[InputRequired(_l("请填写学时。")),
                                     NumberRange(min=0.01, max=999,
                                                 message=_l("学时须在 0.01 到 999 之间。"))])
    reason = TextAreaField(_l("更正原因"), filters=[strip], validators=[
        DataRequired(_l("请填写更正原因。")), Length(max=500)], render_kw={"rows": 3})
    token = HiddenField()
