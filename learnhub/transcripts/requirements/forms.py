"""The requirement rule form (shape only; the year, the unit and the courses are checked by
services.resolve)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    StringField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from learnhub.core.forms import Form, MultiCheckboxField, strip
from learnhub.org.forms import PARTY_POST_CHOICES, POLITICAL_STATUS_CHOICES, choices
from learnhub.transcripts.requirements.audience import ANY_CADRE
from learnhub.transcripts.requirements.services import RuleDraft

LIST_SEPARATORS = re.compile(r"[,，、;；\s]+")
ROLE_CHOICES = [("trainer", _l("培训管理员")), ("manager", _l("组织管理员")),
                ("admin", _l("系统管理员"))]
HOURS_MESSAGE = _l("请填写 0 到 9999 之间的学时，最多两位小数。")


def split_list(value: str | None) -> list[str]:
    items: list[str] = []
    for item in LIST_SEPARATORS.split(value or ""):
        if item and item not in items:
            items.append(item)
    return items




def hours_field(label, description=None) -> DecimalField:
    return DecimalField(label, places=2, description=description,
                        validators=[InputRequired(HOURS_MESSAGE),
                                    NumberRange(min=0, max=9999, message=HOURS_MESSAGE)],
                        render_kw={"inputmode": "decimal"})


class RuleForm(Form):
    name = StringField(_l("名称"), filters=[strip], validators=[
        DataRequired(_l("请填写名称。")), Length(max=200)],
        description=_l("例如：党员年度学习、支部书记和委员年度学习。"))
    total_hours = hours_field(_l("每年不少于（学时）"))
    online_hours = hours_field(_l("其中网络学习不少于（学时）"),
                               _l("课程和测验的学时计为网络学习；不要求时填 0。"))
    effective_from = DateField(_l("生效日期"), validators=[InputRequired(_l("请填写生效日期。"))],
                               description=_l("须在该年度之内；此前的版本保持不变。"))
    source = StringField(_l("依据"), filters=[strip], validators=[Length(max=500)],
                         description=_l("规定的出处，例如文件名称和条款。"))
    political_status = MultiCheckboxField(_l("政治面貌"), choices=choices(POLITICAL_STATUS_CHOICES),
                                       validate_choice=True)
    any_cadre = BooleanField(_l("任意干部（有干部级别的成员）"))
    cadre_levels = StringField(_l("干部级别"), filters=[strip], validators=[Length(max=1000)],
                               description=_l("多个级别用逗号或顿号分隔，例如：中层正职、中层副职。"))
    party_post = MultiCheckboxField(_l("党内职务"), choices=choices(PARTY_POST_CHOICES),
                                 validate_choice=True)
    roles = MultiCheckboxField(_l("平台角色"), choices=choices(ROLE_CHOICES), validate_choice=True)
    unit_code = StringField(_l("组织编码"), filters=[strip], validators=[Length(max=64)],
                            description=_l("只适用于该组织及其下级组织；留空则适用于全部组织。"))
    course_slugs = StringField(_l("必修课程"), filters=[strip], validators=[Length(max=2000)],
                               description=_l("课程标识，多个用逗号分隔，须在年底前完成。"))

    def validate_online_hours(self, field) -> None:
        total = self.total_hours.data
        if field.data is not None and total is not None and field.data > total:
            raise ValidationError(_l("网络学习学时不能多于总学时。"))

    def draft(self, *, active: bool = True) -> RuleDraft:
        levels = split_list(self.cadre_levels.data)
        if self.any_cadre.data:
            levels = [ANY_CADRE, *levels]
        audience = {"political_status": list(self.political_status.data or []),
                    "cadre_level": levels, "party_post": list(self.party_post.data or []),
                    "roles": list(self.roles.data or [])}
        return RuleDraft(
            name=self.name.data or "", total_hours=self.total_hours.data,
            online_hours=self.online_hours.data, effective_from=self.effective_from.data,
            source=self.source.data or "", audience=audience,
            unit_code=self.unit_code.data or "",
            course_slugs=tuple(split_list(self.course_slugs.data)), active=active)

    def fill(self, draft: RuleDraft) -> None:
        """Show a version's values (the edit form starts from the latest version)."""
        audience = draft.audience
        levels = list(audience.get("cadre_level") or [])
        self.name.data = draft.name
        self.total_hours.data = draft.total_hours
        self.online_hours.data = draft.online_hours
        self.effective_from.data = draft.effective_from
        self.source.data = draft.source
        self.political_status.data = list(audience.get("political_status") or [])
        self.any_cadre.data = ANY_CADRE in levels
        self.cadre_levels.data = "、".join(level for level in levels if level != ANY_CADRE)
        self.party_post.data = list(audience.get("party_post") or [])
        self.roles.data = list(audience.get("roles") or [])
        self.unit_code.data = draft.unit_code
        self.course_slugs.data = ", ".join(draft.course_slugs)


class RetireForm(Form):
    effective_from = DateField(_l("停用日期"), validators=[InputRequired(_l("请填写停用日期。"))],
                               description=_l("从这一天起不再要求；须在该年度之内。"))
