"""Sign-in and attendance forms (shape only; the rules live in services)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import Length

from learnhub.core.forms import Form
from learnhub.org.forms import choices

STATUS_LABELS = (("present", _l("出席")), ("late", _l("迟到")), ("excused", _l("请假")),
                 ("absent", _l("缺席")))


class SigninForm(Form):
    code = StringField(_l("签到码"), validators=[Length(max=32)],
                       description=_l("会场屏幕上显示的 6 位数字，每 30 秒更新一次。"),
                       render_kw={"inputmode": "numeric", "autocomplete": "one-time-code",
                                  "pattern": "[0-9 ]*", "maxlength": 32, "class": "signin-code"})


class OpenSigninForm(Form):
    without_code = BooleanField(_l("线上会议：不用签到码，参会人员点击“签到”按钮即可"))


class AttendanceForm(Form):
    status = SelectField(_l("出勤状态"), choices=choices(STATUS_LABELS))
    reason = StringField(_l("说明"), validators=[Length(max=500)])
