"""The scheduling, cancel, reply and leave-decision forms (shape only: rules in services).
Choices (kinds, people, reading) are filled in by the view for the unit."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from learnhub.core.forms import Form
from learnhub.discussions.scheduling.recurrence import Repeat

REPEAT_LABELS = {Repeat.NONE: _l("不重复（单次会议）"), Repeat.WEEKLY: _l("每周"),
                 Repeat.MONTHLY_WEEKDAY: _l("每月第几个星期几"),
                 Repeat.MONTHLY_DATE: _l("每月几号")}
WEEKDAY_LABELS = (_l("星期一"), _l("星期二"), _l("星期三"), _l("星期四"), _l("星期五"),
                  _l("星期六"), _l("星期日"))
NTH_LABELS = {1: _l("第一个"), 2: _l("第二个"), 3: _l("第三个"), 4: _l("第四个"),
              -1: _l("最后一个")}


class MeetingForm(Form):
    kind = SelectField(_l("会议类型"), coerce=int, validate_choice=True)
    title = StringField(_l("会议名称"), validators=[DataRequired(_l("请填写会议名称。")),
                                                Length(max=200)])
    theme = StringField(_l("主题（专题研讨）"), validators=[Optional(), Length(max=200)])
    agenda = TextAreaField(_l("议程"), validators=[Optional(), Length(max=20000)],
                           description=_l("支持 Markdown，例如用“1.”开头列出各项议程。"))
    start_date = DateField(_l("日期"), validators=[DataRequired(_l("请选择日期。"))])
    start_time = TimeField(_l("开始时间"), validators=[DataRequired(_l("请填写开始时间。"))])
    duration_minutes = IntegerField(_l("时长（分钟）"), default=90,
                                    validators=[DataRequired(_l("请填写时长。")),
                                                NumberRange(min=5, max=1440)])
    place = StringField(_l("地点"), validators=[Optional(), Length(max=200)])
    online_url = StringField(_l("线上会议链接"), validators=[Optional(), Length(max=500)],
                             description=_l("线上或线上线下结合时填写。"))
    host = SelectField(_l("主持人"), coerce=int, validate_choice=True)
    recorder = SelectField(_l("记录人"), coerce=int, validate_choice=True)
    # For an audience too big for a list (choices.MAX_PEOPLE): the 工号, looked up as typed
    # (schedule_form.js) and checked here; the view keeps either these or the selects.
    host_no = StringField(_l("主持人工号"), validators=[Optional(), Length(max=64)],
                          description=_l("输入姓名或工号查找，或直接填写工号。"))
    recorder_no = StringField(_l("记录人工号"), validators=[Optional(), Length(max=64)],
                              description=_l("输入姓名或工号查找，或直接填写工号。"))
    readings = SelectMultipleField(_l("会前学习"), validate_choice=True,
                                   description=_l("可多选课程或其中的课时。"))
    whole_unit = BooleanField(_l("邀请本组织全体成员"), default=True)
    subtree = BooleanField(_l("包括下级组织的成员"))
    members = SelectMultipleField(_l("另外邀请的成员"), coerce=int, validate_choice=True)
    # The same for an audience too big for a list: 工号, one per line or separated by
    # commas or spaces; the view keeps either this or `members`.
    member_nos = TextAreaField(_l("另外邀请的成员（工号）"), validators=[Optional(), Length(max=20000)],
                               description=_l("每行一个工号，或用逗号、空格分隔。"))
    repeat = SelectField(_l("重复"), choices=[SelectChoice(r.value, label)
                                              for r, label in REPEAT_LABELS.items()])
    weekday = SelectField(_l("星期几"), coerce=int,
                          choices=[SelectChoice(i, label) for i, label in enumerate(WEEKDAY_LABELS)])
    nth = SelectField(_l("第几个"), coerce=int,
                      choices=[SelectChoice(n, label) for n, label in NTH_LABELS.items()])
    monthday = IntegerField(_l("每月几号"), default=1, validators=[Optional(), NumberRange(1, 31)],
                            description=_l("没有这一天的月份跳过（例如 31 号）。"))
    until = DateField(_l("重复到（含）"), validators=[Optional()])
    count = IntegerField(_l("或共几次"), validators=[Optional(), NumberRange(1, 366)])

    # Set by the view (choices.fill_choices): 工号 -> the id of an active member of the
    # unit's subtree, or None.
    member_by_number: Callable[[str], int | None] = staticmethod(lambda number: None)
    # 工号 -> id for the active members of the unit's subtree among `numbers` (one query).
    members_by_numbers: Callable[[list[str]], dict[str, int]] = staticmethod(lambda numbers: {})

    def validate_host_no(self, field: StringField) -> None:
        self._check_number(field)

    def validate_recorder_no(self, field: StringField) -> None:
        self._check_number(field)

    def validate_member_nos(self, field: TextAreaField) -> None:
        numbers = list(dict.fromkeys(split_numbers(field.data or "")))
        found = self.members_by_numbers(numbers) if numbers else {}
        unknown = [number for number in numbers if number not in found]
        field.member_ids = [found[number] for number in numbers if number in found]
        if unknown:
            raise ValidationError(_l("本组织没有这些工号的在职成员：%(numbers)s。",
                                     numbers="、".join(unknown[:20])))

    def _check_number(self, field: StringField) -> None:
        number = (field.data or "").strip()
        field.member_id = self.member_by_number(number) if number else None
        if number and field.member_id is None:
            raise ValidationError(_l("本组织没有工号为 %(number)s 的在职成员。", number=number))


def split_numbers(text: str) -> list[str]:
    """工号 typed one per line or separated by commas (either width), 、 or spaces."""
    return [part for part in re.split(r"[\s,，、;；]+", text) if part]


class CancelForm(Form):
    scope = RadioField(_l("取消范围"), default="one",
                       choices=[SelectChoice("one", _l("只取消这一次")),
                                SelectChoice("following", _l("取消这一次及以后各次"))])
    reason = TextAreaField(_l("取消原因"), validators=[DataRequired(_l("请填写取消原因。")),
                                                     Length(max=500)],
                           description=_l("受邀成员会看到这个原因。"))


class ReplyForm(Form):
    answer = RadioField(_l("我的回复"), choices=[SelectChoice("attending", _l("参加")),
                                                 SelectChoice("leave", _l("请假"))],
                        validators=[DataRequired(_l("请选择参加或请假。"))])
    reason = TextAreaField(_l("请假原因"), validators=[Optional(), Length(max=500)],
                           description=_l("请假时必填。"))


class LeaveDecisionForm(Form):
    note = StringField(_l("审批意见（可选）"), validators=[Optional(), Length(max=500)])
