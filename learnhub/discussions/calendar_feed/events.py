"""Meetings as iCalendar (RFC 5545), built with the `icalendar` library.

Times are local with TZID (the meeting's own zone) and a VTIMEZONE for every zone used,
generated from zoneinfo for the span the events cover, so a calendar shows 19:00 for a
Shanghai meeting in Shanghai and converts it for a member in Berlin. Each meeting is one
VEVENT whose UID is `Meeting.uid` (occurrences of a series are events of their own, which
is valid and what every client understands); SEQUENCE is `Meeting.sequence`, so a moved
meeting replaces the old one; a cancelled meeting stays, with STATUS:CANCELLED, so
subscribed calendars remove it rather than keep a stale copy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext
from icalendar import Calendar, Event, vCalAddress
from icalendar.enums import STATUS

from learnhub.discussions.models import Meeting, MeetingStatus

PRODID = "-//LearnHub//Meetings//ZH"
# Calendar apps that honour it poll the feed this often (RFC 7986 REFRESH-INTERVAL).
REFRESH_INTERVAL = timedelta(hours=1)

PageUrl = Callable[[Meeting], str]


def meeting_event(meeting: Meeting, *, page_url: str, stamp: datetime) -> Event:
    """One VEVENT. `meeting.host` is read for ORGANIZER: load it with the meeting."""
    zone = ZoneInfo(meeting.timezone)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    summary = gettext("[已取消] %(title)s", title=meeting.title) if cancelled else meeting.title
    event = Event.new(
        uid=meeting.uid,
        stamp=stamp,
        start=meeting.starts_at.astimezone(zone),
        end=meeting.ends_at.astimezone(zone),
        summary=summary,
        description=_description(meeting, page_url) or None,
        location=meeting.place or meeting.online_url or None,
        url=page_url,
        sequence=meeting.sequence,
        status=STATUS.CANCELLED if cancelled else STATUS.CONFIRMED,
        created=meeting.created_at,
        last_modified=meeting.updated_at,
    )
    host = meeting.host
    if host is not None and host.email:
        organizer = vCalAddress(f"mailto:{host.email}")
        organizer.params["CN"] = host.name
        event.add("organizer", organizer)
    return event


def _description(meeting: Meeting, page_url: str) -> str:
    """Plain text: why it was cancelled, the theme, the agenda (its Markdown source reads
    as text), the online link and the page."""
    parts: list[str] = []
    if meeting.status == MeetingStatus.CANCELLED:
        parts.append(gettext("会议已取消。") + (
            gettext("原因：%(reason)s", reason=meeting.cancel_reason)
            if meeting.cancel_reason else ""))
    if meeting.theme:
        parts.append(gettext("主题：%(theme)s", theme=meeting.theme))
    if meeting.agenda_markdown.strip():
        parts.append(meeting.agenda_markdown.strip())
    if meeting.online_url:
        parts.append(gettext("线上会议：%(url)s", url=meeting.online_url))
    parts.append(gettext("详情：%(url)s", url=page_url))
    return "\n\n".join(parts)


def calendar_of(meetings: Iterable[Meeting], *, page_url: PageUrl, stamp: datetime,
                name: str | None = None) -> bytes:
    """A VCALENDAR (METHOD:PUBLISH) with one VEVENT per meeting and the VTIMEZONEs their
    TZIDs need, as the bytes to send."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.calendar_name = name  # NAME and X-WR-CALNAME
        # RFC 7986 requires VALUE=DURATION here; Outlook reads X-PUBLISHED-TTL instead.
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", REFRESH_INTERVAL)
    meetings = list(meetings)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, page_url=page_url(meeting), stamp=stamp))
    if meetings:
        # Transitions only for the span the events cover (a day either side): a zone with
        # daylight saving would otherwise bring every change since 1970.
        first = min(m.starts_at for m in meetings).date() - timedelta(days=1)
        last = max(m.ends_at for m in meetings).date() + timedelta(days=1)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()
