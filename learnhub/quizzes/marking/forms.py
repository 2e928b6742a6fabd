"""The trainer's marking form (the attempt page's own form is the questions: its fields
are the items' shown positions, read by the views into `answers`)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from learnhub.core.forms import Form


class MarkForm(Form):
    score = StringField(_l("得分"), validators=[DataRequired(message=_l("请填写得分。"))])
    comment = TextAreaField(_l("评语"), validators=[Length(max=2000)],
                            description=_l("可选，学员查看答卷时可见（若测验允许查看作答）。"))
