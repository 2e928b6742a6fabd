"""Forms for the org admin pages (shape and format only; the rules live in services)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, EmailField, HiddenField, SelectField, StringField, TelField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from learnhub.core.forms import Form
from learnhub.org.employee_no import EmployeeNo
from learnhub.org.models import PoliticalStatus, Role, UnitKind

UNIT_KIND_LABELS = {
    UnitKind.COMMITTEE: _l("党委"),
    UnitKind.GENERAL_BRANCH: _l("党总支"),
    UnitKind.BRANCH: _l("党支部"),
    UnitKind.GROUP: _l("党小组"),
    UnitKind.DEPARTMENT: _l("部门"),
}
# Literal msgids so the catalogue extractor sees them; the stored value is the Chinese text.
POLITICAL_STATUS_LABELS = {
    PoliticalStatus.MEMBER.value: _l("中共党员"),
    PoliticalStatus.PROBATIONARY.value: _l("中共预备党员"),
    PoliticalStatus.LEAGUE.value: _l("共青团员"),
    PoliticalStatus.DEMOCRATIC_PARTY.value: _l("民主党派"),
    PoliticalStatus.NONPARTISAN.value: _l("无党派人士"),
    PoliticalStatus.MASSES.value: _l("群众"),
}


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


ALL = ("", _l("全部"))
POLITICAL_STATUS_CHOICES = [(s.value, POLITICAL_STATUS_LABELS.get(s.value, s.value))
                            for s in PoliticalStatus]
ROLE_CHOICES = [(Role.TRAINER.value, _l("培训管理员")), (Role.MANAGER.value, _l("组织管理员")),
                (Role.ADMIN.value, _l("系统管理员"))]
CODE_PATTERN = Regexp(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
                      message=_l("编码只能包含字母、数字、点、下划线和连字符。"))


def unit_code_field(label, *, required: bool = True) -> StringField:
    checks = [DataRequired(_l("请输入组织编码。"))] if required else [Optional()]
    return StringField(label, validators=[*checks, Length(max=64)],
                       description=_l("输入组织编码，或从列表中选择。"),
                       render_kw={"list": "unit-options", "autocomplete": "off"})


class UnitForm(Form):
    code = StringField(_l("组织编码"), validators=[DataRequired(_l("请输入组织编码。")),
                                                  Length(max=64), CODE_PATTERN],
                       description=_l("唯一，创建后不能修改，例如 GB01-B03。"))
    name = StringField(_l("组织名称"), validators=[DataRequired(_l("请输入组织名称。")),
                                                  Length(max=200)])
    kind = SelectField(_l("组织类型"), choices=choices(UNIT_KIND_LABELS.items()),
                       coerce=UnitKind, validate_choice=True)
    parent_code = unit_code_field(_l("上级组织"), required=False)


class RenameUnitForm(Form):
    name = StringField(_l("组织名称"), validators=[DataRequired(_l("请输入组织名称。")),
                                                  Length(max=200)])
    kind = SelectField(_l("组织类型"), choices=choices(UNIT_KIND_LABELS.items()),
                       coerce=UnitKind, validate_choice=True)


class MoveUnitForm(Form):
    parent_code = unit_code_field(_l("新的上级组织"))
    confirm = HiddenField()


class ConfirmForm(Form):
    """A button that only carries the CSRF token: for confirmations and one-click actions."""


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
    joined_party_on = DateField(_l("入党日期"), validators=[Optional()],
                                description=_l("可选，党员和预备党员填写。"))
    email = EmailField(_l("邮箱"), validators=[Optional(), Length(max=254),
                                               Email(_l("邮箱格式不正确。"),
                                                     check_deliverability=False)])
    phone = TelField(_l("手机"), validators=[Optional(), Length(max=32),
                                             Regexp(r"^\+?[0-9][0-9 \-]{4,30}$",
                                                    message=_l("手机号码格式不正确。"))])


class GrantForm(Form):
    employee_no = StringField(_l("成员工号"), validators=[DataRequired(_l("请输入工号。")),
                                                         EmployeeNo()])
    role = SelectField(_l("角色"), choices=choices(ROLE_CHOICES))
    unit_code = unit_code_field(_l("授权组织"))


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


class GrantFilterForm(Form):
    class Meta:
        csrf = False

    employee_no = StringField(_l("工号开头"), validators=[Optional(), Length(max=64)])
    role = SelectField(_l("角色"), choices=choices([ALL, *ROLE_CHOICES]),
                       validate_choice=False)


class AuditFilterForm(Form):
    class Meta:
        csrf = False

    action = SelectField(_l("操作"), choices=choices([ALL]), validate_choice=False)
    actor = StringField(_l("操作人工号"), validators=[Optional(), Length(max=64)])
    object_type = SelectField(_l("对象类型"), choices=choices([ALL]), validate_choice=False)
    date_from = DateField(_l("起始日期"), validators=[Optional()])
    date_to = DateField(_l("结束日期"), validators=[Optional()])
