"""Forms of the member pages: the member form and the filter bar of the list."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, EmailField, SelectField, StringField, TelField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from learnhub.core.forms import Form
from learnhub.org.employee_no import EmployeeNo
from learnhub.org.forms import (
    ALL,
    NO_PARTY_POST,
    PARTY_POST_CHOICES,
    POLITICAL_STATUS_CHOICES,
    choices,
    unit_code_field,
)


class MemberForm(Form):
    employee_no = StringField(_l("工号"), validators=[DataRequired(_l("请输入工号。")),
                                                     EmployeeNo()])
    name = StringField(_l("姓名"), validators=[DataRequired(_l("请输入姓名。")),
                                              Length(max=100)])
    unit_code = unit_code_field(_l("所属组织"))
    political_status = SelectField(_l("政治面貌"),
                                   choices=choices(POLITICAL_STATUS_CHOICES))
    position = StringField(_l("职务"), validators=[Optional(), Length(max=100)])
    cadre_level = StringField(_l("干部级别"), validators=[Optional(), Length(max=50)],
                              description=_l("可选，例如 中层正职。"))
    party_post = SelectField(_l("党内职务"), choices=choices([NO_PARTY_POST, *PARTY_POST_CHOICES]),
                             default="",
                             description=_l("在所属党组织中担任的职务；不是平台角色。"))
    joined_party_on = DateField(_l("入党日期"), validators=[Optional()],
                                description=_l("可选，党员和预备党员填写。"))
    email = EmailField(_l("邮箱"), validators=[Optional(), Length(max=254),
                                               Email(_l("邮箱格式不正确。"),
                                                     check_deliverability=False)])
    phone = TelField(_l("手机"), validators=[Optional(), Length(max=32),
                                             Regexp(r"^\+?[0-9][0-9 \-]{4,30}$",
                                                    message=_l("手机号码格式不正确。"))])


class MemberFilterForm(Form):
    """The filter bar above the member list (GET, no CSRF)."""

    class Meta:
        csrf = False

    unit = StringField(_l("组织（含下级）"), validators=[Optional(), Length(max=64)],
                       render_kw={"list": "unit-options", "autocomplete": "off"})
    name = StringField(_l("姓名包含"), validators=[Optional(), Length(max=100)])
    employee_no = StringField(_l("工号开头"), validators=[Optional(), Length(max=64)])
    political_status = SelectField(
        _l("政治面貌"), choices=choices([ALL, *POLITICAL_STATUS_CHOICES]),
        validate_choice=False)
    status = SelectField(_l("状态"), choices=choices([("active", _l("在册")),
                                                      ("inactive", _l("已停用")),
                                                      ("all", _l("全部"))]),
                         validate_choice=False)
