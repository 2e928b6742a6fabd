"""The words of meeting notices, rendered per reader (language and time zone) by
`notifications.services.notify`."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask_babel import gettext

from learnhub.core.formatting import WEEKDAYS_ZH
from learnhub.discussions.models import Meeting
from learnhub.notifications.services import Reader

Render = Callable[[Reader], str]


def when(meeting: Meeting, reader: Reader) -> str:
    """The start in the reader's zone: `2026年3月5日 星期四 14:30`, or `Thu 5 Mar 2026 14:30`."""
    zone = ZoneInfo(reader.timezone)
    if reader.locale.startswith("zh"):
        local = meeting.starts_at.astimezone(zone)
        return f"{local.year}年{local.month}月{local.day}日 {WEEKDAYS_ZH[local.weekday()]} " \
               f"{local:%H:%M}"
    return format_datetime(meeting.starts_at, "EEE d MMM y HH:mm", tzinfo=zone,
                           locale=reader.locale)


def _where(meeting: Meeting) -> list[str]:
    lines = []
    if meeting.place:
        lines.append(gettext("地点：%(place)s", place=meeting.place))
    if meeting.online_url:
        lines.append(gettext("线上参加：%(url)s", url=meeting.online_url))
    return lines


def invitation(meeting: Meeting) -> tuple[Render, Render]:
    def title(reader: Reader) -> str:
        return gettext("组织生活邀请：%(title)s", title=meeting.title)

    def body(reader: Reader) -> str:
        return "\n".join([
            gettext("%(unit)s邀请你参加“%(title)s”。", unit=meeting.unit.name,
                    title=meeting.title),
            gettext("时间：%(when)s", when=when(meeting, reader)), *_where(meeting)])

    return title, body


def change(meeting: Meeting) -> tuple[Render, Render]:
    def title(reader: Reader) -> str:
        return gettext("组织生活变更：%(title)s", title=meeting.title)

    def body(reader: Reader) -> str:
        return "\n".join([
            gettext("“%(title)s”的安排有变更，以下是最新安排。", title=meeting.title),
            gettext("时间：%(when)s", when=when(meeting, reader)), *_where(meeting)])

    return title, body


def cancellation(meeting: Meeting) -> tuple[Render, Render]:
    def title(reader: Reader) -> str:
        return gettext("组织生活取消：%(title)s", title=meeting.title)

    def body(reader: Reader) -> str:
        lines = [gettext("原定于 %(when)s 的“%(title)s”已取消。", when=when(meeting, reader),
                         title=meeting.title)]
        if meeting.cancel_reason:
            lines.append(gettext("原因：%(reason)s", reason=meeting.cancel_reason))
        return "\n".join(lines)

    return title, body


def reminder(meeting: Meeting) -> tuple[Render, Render]:
    def title(reader: Reader) -> str:
        return gettext("组织生活提醒：%(title)s", title=meeting.title)

    def body(reader: Reader) -> str:
        return "\n".join([
            gettext("“%(title)s”将于 %(when)s 开始。", title=meeting.title,
                    when=when(meeting, reader)), *_where(meeting)])

    return title, body
