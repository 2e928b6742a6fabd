"""The filter bar of the audit log (GET, no CSRF); its pickers are filled from the log."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from learnhub.core.forms import Form
from learnhub.org.forms import ALL, choices


class AuditFilterForm(Form):
    class Meta:
        csrf = False

    action = SelectField(_l("操作"), choices=choices([ALL]), validate_choice=False)
    actor = StringField(_l("操作人工号"), validators=[Optional(), Length(max=64)])
    object_type = SelectField(_l("对象类型"), choices=choices([ALL]), validate_choice=False)
    date_from = DateField(_l("起始日期"), validators=[Optional()])
    date_to = DateField(_l("结束日期"), validators=[Optional()])
