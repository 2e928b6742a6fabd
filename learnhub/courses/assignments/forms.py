"""Forms of the assignment and learners pages (shape only; the rules live in services)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from learnhub.core.forms import Form
from learnhub.courses.assignments.learners import STATUSES


class AssignmentForm(Form):
    unit = SelectField(_l("指派给组织"), coerce=int, validate_choice=True,
                       description=_l("该组织及其下级组织的全体成员都将看到此课程为必修。"))
    due_on = DateField(_l("截止日期"), validators=[DataRequired(_l("请选择截止日期。"))])


STATUS_LABELS = {"all": _l("全部"), "completed": _l("已完成"), "in_progress": _l("学习中"),
                 "not_started": _l("未开始")}


class LearnerFilterForm(Form):
    class Meta:
        csrf = False

    status = SelectField(_l("学习状态"), choices=[SelectChoice(s, STATUS_LABELS[s]) for s in STATUSES],
                         validate_choice=False)
    name = StringField(_l("姓名或工号"), validators=[Optional(), Length(max=64)])
