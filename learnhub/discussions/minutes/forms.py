"""The minutes form: texts, action-item rows (added and removed by buttons, no JavaScript
needed), each invitee's attendance; and the reason to reopen approved minutes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from learnhub.core.forms import Form
from learnhub.discussions.minutes.services import MAX_ACTION_ITEMS, TEXT_MAX_CHARS
from learnhub.discussions.models import Attendance
from learnhub.org.forms import choices

ATTENDANCE_LABELS = {
    Attendance.UNKNOWN: _l("未确认"),
    Attendance.PRESENT: _l("出席"),
    Attendance.LATE: _l("迟到"),
    Attendance.EXCUSED: _l("请假"),
    Attendance.ABSENT: _l("缺席"),
}
TEXT_HINT = _l("支持 Markdown，最多 %(max)s 个字符。", max=TEXT_MAX_CHARS)


def optional_id(value: object) -> int | None:
    if value in (None, "", "None"):
        return None
    return int(str(value))


class ActionItemRow(Form):
    class Meta:
        csrf = False  # a row of the minutes form, which carries the token

    task = StringField(_l("事项"), validators=[Length(max=500, message=_l("最多 500 个字符。"))])
    owner = SelectField(_l("负责人"), coerce=optional_id, choices=[], validate_choice=False)
    due_on = DateField(_l("完成期限"), validators=[Optional()])

    def validate_task(self, field: StringField) -> None:
        if not (field.data or "").strip() and (self.owner.data or self.due_on.data):
            raise ValidationError(_l("请填写事项，或删除这一行。"))

    @property
    def blank(self) -> bool:
        return not (self.task.data or "").strip() and not self.owner.data \
            and not self.due_on.data


class AttendanceRow(Form):
    class Meta:
        csrf = False

    invitation_id = HiddenField()
    status = SelectField(_l("出勤"), choices=choices(
        (a.value, label) for a, label in ATTENDANCE_LABELS.items()))


class MinutesForm(Form):
    revision = HiddenField()
    topics = TextAreaField(_l("议题"), description=TEXT_HINT,
                           validators=[Length(max=TEXT_MAX_CHARS)])
    decisions = TextAreaField(_l("决议"), description=TEXT_HINT,
                              validators=[Length(max=TEXT_MAX_CHARS)])
    items = FieldList(FormField(ActionItemRow), max_entries=MAX_ACTION_ITEMS)
    attendance = FieldList(FormField(AttendanceRow))


class ReopenForm(Form):
    reason = StringField(_l("更正原因"), description=_l("记入审计日志，并写在每条冲销的学时记录上。"),
                         validators=[DataRequired(message=_l("请填写重新打开的原因。")),
                                     Length(max=500, message=_l("原因最多 500 个字符。"))])

