"""What a scheduler fills in for a meeting (the same for one-offs, series and edits), and
writing it onto a `Meeting`, bumping `sequence` when invitees would see a difference."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, select

from learnhub.core.errors import ValidationFailed
from learnhub.core.markdown import render
from learnhub.core.messages import N_
from learnhub.discussions.models import Meeting, MeetingKind, MeetingReading
from learnhub.discussions.scheduling.audience import Audience, in_subtree
from learnhub.extensions import db
from learnhub.org.models import Member, Unit

# The fields an invitee sees: a change to any of them is a new SEQUENCE.
VISIBLE = ("kind_id", "title", "theme", "agenda_html", "starts_at", "ends_at", "timezone",
           "place", "online_url", "host_id", "recorder_id")


class InvalidMeeting(ValidationFailed):
    message = "会议信息有误。"

    def field_messages(self) -> dict[str, str]:
        return {name: self.translated() for name in self.fields}


@dataclass(frozen=True)
class Reading:
    course_id: int
    lesson_key: str | None = None


@dataclass(frozen=True)
class MeetingDetails:
    kind: MeetingKind
    title: str
    audience: Audience
    agenda_markdown: str = ""
    theme: str = ""
    host_id: int | None = None
    recorder_id: int | None = None
    place: str = ""
    online_url: str = ""
    readings: tuple[Reading, ...] = field(default=())


@dataclass(frozen=True)
class When:
    """The local start (naive) in `timezone`, and the length."""

    start_local: datetime
    duration_minutes: int
    timezone: str

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def check(unit: Unit, details: MeetingDetails, when: When) -> None:
    """The rules a form cannot check alone; raises `InvalidMeeting` naming the field."""
    if not details.title.strip():
        raise InvalidMeeting(N_("请填写会议名称。"), fields={"title": ""})
    if not details.kind.active:
        raise InvalidMeeting(N_("该会议类型已停用。"), fields={"kind": ""})
    if not (details.place.strip() or details.online_url.strip()):
        raise InvalidMeeting(N_("请填写会议地点或线上会议链接。"), fields={"place": ""})
    if details.online_url and not details.online_url.startswith(("https://", "http://")):
        raise InvalidMeeting(N_("线上会议链接须以 https:// 或 http:// 开头。"), fields={"online_url": ""})
    if not 5 <= when.duration_minutes <= 24 * 60:
        raise InvalidMeeting(N_("时长须在 5 分钟到 24 小时之间。"), fields={"duration_minutes": ""})
    try:
        ZoneInfo(when.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidMeeting(N_("时区无效。"), fields={"start_date": ""}) from None
    people = {details.host_id, details.recorder_id} - {None}
    if people:
        found = set(db.session.scalars(select(Member.id).where(
            Member.id.in_(people), Member.active.is_(True), in_subtree(unit))))
        for name, member_id in (("host", details.host_id), ("recorder", details.recorder_id)):
            if member_id is not None and member_id not in found:
                raise InvalidMeeting(N_("主持人和记录人须是本组织的在职成员。"), fields={name: ""})


def agenda_html(markdown_text: str) -> str:
    """Rendered once, before the first write (slow work stays outside the write lock)."""
    return render(markdown_text).html if markdown_text.strip() else ""


def apply(meeting: Meeting, details: MeetingDetails, html: str, *, starts_at: datetime,
          duration_minutes: int, timezone: str) -> bool:
    """Write the details onto the meeting; returns whether invitees see a change (then
    `sequence` went up)."""
    before = {name: getattr(meeting, name) for name in VISIBLE}
    meeting.kind_id = details.kind.id
    meeting.title = details.title.strip()
    meeting.theme = details.theme.strip()
    meeting.agenda_markdown = details.agenda_markdown
    meeting.agenda_html = html
    meeting.starts_at = starts_at
    meeting.ends_at = starts_at + timedelta(minutes=duration_minutes)
    meeting.timezone = timezone
    meeting.place = details.place.strip()
    meeting.online_url = details.online_url.strip()
    meeting.host_id = details.host_id
    meeting.recorder_id = details.recorder_id
    meeting.audience = details.audience.as_json()
    changed = meeting.id is not None and any(
        getattr(meeting, name) != value for name, value in before.items())
    if meeting.id is not None and replace_readings(meeting, details.readings):
        changed = True
    if changed:
        meeting.sequence = (meeting.sequence or 0) + 1
    return changed


def replace_readings(meeting: Meeting, readings: tuple[Reading, ...]) -> bool:
    """Set the meeting's reading list; returns whether it changed."""
    current = [Reading(r.course_id, r.lesson_key) for r in db.session.scalars(
        select(MeetingReading).where(MeetingReading.meeting_id == meeting.id)
        .order_by(MeetingReading.position))]
    if current == list(readings):
        return False
    db.session.execute(delete(MeetingReading).where(MeetingReading.meeting_id == meeting.id))
    for position, reading in enumerate(readings, start=1):
        db.session.add(MeetingReading(meeting_id=meeting.id, position=position,
                                      course_id=reading.course_id,
                                      lesson_key=reading.lesson_key))
    return True
