"""Forms of the documents room: typing a code to verify, revoking a document."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from learnhub.core.forms import Form


class VerifyForm(Form):
    class Meta:
        csrf = False  # a GET form: it only leads to /verify/<code>

    code = StringField(_l("验证码"), validators=[DataRequired(), Length(max=64)],
                       description=_l("文件右上角或证书下方的验证码，可带短横线。"))


class RevokeForm(Form):
    reason = TextAreaField(_l("撤销原因"), validators=[
        DataRequired(message=_l("请填写撤销原因。")), Length(max=500)],
        description=_l("记入审计日志；验证页会显示撤销时间和原因。"))
