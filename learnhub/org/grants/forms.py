"""Forms of the role grant page: granting a role, and the filter bar of the grant list."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from learnhub.core.forms import Form
from learnhub.org.employee_no import EmployeeNo
from learnhub.org.forms import ALL, choices, unit_code_field
from learnhub.org.models import Role

ROLE_CHOICES = [(Role.TRAINER.value, _l("培训管理员")), (Role.MANAGER.value, _l("组织管理员")),
                (Role.ADMIN.value, _l("系统管理员"))]


class GrantForm(Form):
    employee_no = StringField(_l("成员工号"), validators=[DataRequired(_l("请输入工号。")),
                                                         EmployeeNo()])
    role = SelectField(_l("角色"), choices=choices(ROLE_CHOICES))
    unit_code = unit_code_field(_l("授权组织"))


class GrantFilterForm(Form):
    class Meta:
        csrf = False

    employee_no = StringField(_l("工号开头"), validators=[Optional(), Length(max=64)])
    role = SelectField(_l("角色"), choices=choices([ALL, *ROLE_CHOICES]),
                       validate_choice=False)
