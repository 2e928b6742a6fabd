"""Why sign-in or an attendance change says no; the views show the message."""

from __future__ import annotations

from learnhub.core.errors import Conflict, DomainError, Forbidden, ValidationFailed


class NotInvited(Forbidden):
    code = "not_invited"
    message = "你不在本次会议的参会名单中，无需签到。如有疑问请联系主持人。"


class SigninNotOpen(Conflict):
    """The host has not opened sign-in, or the window has not begun."""

    code = "signin_not_open"
    message = "签到尚未开始。请在主持人开启签到后再试。"


class SigninClosed(Conflict):
    code = "signin_closed"
    message = "签到已结束。如你在场，请联系主持人或记录人补记。"


class MeetingNotOn(Conflict):
    code = "meeting_not_on"
    message = "该会议已取消，无需签到。"


class WrongCode(ValidationFailed):
    code = "wrong_code"
    message = "签到码不正确，请核对屏幕上的 6 位数字后重试。"


class ExpiredCode(ValidationFailed):
    code = "expired_code"
    message = "签到码已过期，请输入屏幕上当前显示的签到码。"


class TooManyWrongCodes(DomainError):
    code = "too_many_wrong_codes"
    status = 429
    message = "签到码错误次数过多，请于 %(when)s 之后再试，或请主持人补记。"


class AttendanceLocked(Conflict):
    """Minutes approved (the meeting is held): attendance is part of the record."""

    code = "attendance_locked"
    message = "会议记录已审批，出勤情况已锁定，不能再修改。"


class CannotOpenSignin(Conflict):
    code = "cannot_open_signin"
    message = "现在不能开启签到：签到时间为会议开始前 30 分钟至会议结束（%(start)s 至 %(end)s）。"


class BadAttendance(ValidationFailed):
    code = "bad_attendance"
    message = "请选择有效的出勤状态。"
