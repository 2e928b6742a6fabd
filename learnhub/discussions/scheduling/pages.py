"""What members' pages show: my upcoming meetings, a month of them, one meeting with its
reading and my reply, the home panel. Times are shown in the member's own zone
(`Member.timezone`, else the site zone), named on the page."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from learnhub.core.errors import NotFound
from learnhub.courses.models import Course, Lesson
from learnhub.discussions.access import can_run, can_view
from learnhub.discussions.models import (
    Invitation,
    Meeting,
    MeetingKind,
    MeetingReading,
    MeetingStatus,
    Reply,
)
from learnhub.extensions import db
from learnhub.org.models import Member, Unit


def member_zone(member: Member) -> ZoneInfo:
    return ZoneInfo(member.timezone or current_app.config["TIMEZONE"])


@dataclass(frozen=True)
class MyMeeting:
    id: int
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    place: str
    online: bool
    status: MeetingStatus
    reply: Reply


def _mine(member: Member):
    return (select(Meeting.id, Meeting.title, MeetingKind.name, Meeting.starts_at,
                   Meeting.ends_at, Meeting.place, Meeting.online_url, Meeting.status,
                   Invitation.reply)
            .join(Invitation, Invitation.meeting_id == Meeting.id)
            .join(MeetingKind, MeetingKind.id == Meeting.kind_id)
            .where(Invitation.member_id == member.id))


def _rows(query) -> list[MyMeeting]:
    return [MyMeeting(id=r[0], title=r[1], kind=r[2], starts_at=r[3], ends_at=r[4], place=r[5],
                      online=bool(r[6]), status=r[7], reply=r[8])
            for r in db.session.execute(query)]


def upcoming(member: Member, now: datetime, *, limit: int = 50) -> list[MyMeeting]:
    """Meetings I am invited to that have not ended (cancelled ones too: I should know)."""
    return _rows(_mine(member).where(Meeting.ends_at > now)
                 .order_by(Meeting.starts_at, Meeting.id).limit(limit))


@dataclass(frozen=True)
class DayMeeting:
    """A meeting in a month cell, with its start in the member's zone (the cell shows the
    local time, and the day it falls on is the local day)."""

    meeting: MyMeeting
    local_start: datetime


@dataclass
class Day:
    day: date
    in_month: bool
    meetings: list[DayMeeting] = field(default_factory=list)


@dataclass
class Month:
    first: date
    weeks: list[list[Day]]
    prev: date
    next: date


def month_of(member: Member, year: int, month: int, zone: ZoneInfo) -> Month:
    """A Monday-first month grid with my meetings on their local days (one query)."""
    first = date(year, month, 1)
    weeks_dates = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    start = datetime.combine(weeks_dates[0][0], time(), zone).astimezone(UTC)
    end = datetime.combine(weeks_dates[-1][-1] + timedelta(days=1), time(), zone).astimezone(UTC)
    by_day: dict[date, list[DayMeeting]] = defaultdict(list)
    for row in _rows(_mine(member).where(Meeting.starts_at >= start, Meeting.starts_at < end)
                     .order_by(Meeting.starts_at, Meeting.id)):
        local = row.starts_at.astimezone(zone)
        by_day[local.date()].append(DayMeeting(row, local))
    weeks = [[Day(d, d.month == month, by_day.get(d, [])) for d in week]
             for week in weeks_dates]
    prev = (first - timedelta(days=1)).replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return Month(first=first, weeks=weeks, prev=prev, next=nxt)


@dataclass(frozen=True)
class ReadingLink:
    course_slug: str
    course_title: str
    lesson_key: str | None
    lesson_title: str | None


@dataclass
class MeetingPage:
    meeting: Meeting
    kind: MeetingKind
    host: Member | None
    recorder: Member | None
    readings: list[ReadingLink]
    invitation: Invitation | None
    may_run: bool


def readings_of(meeting_id: int) -> list[ReadingLink]:
    """The reading list with course and lesson titles (one query; a lesson no longer in
    the course's current version shows as the course)."""
    rows = db.session.execute(
        select(Course.slug, Course.title, MeetingReading.lesson_key, Lesson.title)
        .join(Course, Course.id == MeetingReading.course_id)
        .outerjoin(Lesson, (Lesson.version_id == Course.current_version_id)
                   & (Lesson.key == MeetingReading.lesson_key))
        .where(MeetingReading.meeting_id == meeting_id).order_by(MeetingReading.position))
    return [ReadingLink(slug, title, key if lesson_title else None, lesson_title)
            for slug, title, key, lesson_title in rows]


def meeting_page(member: Member, meeting_id: int) -> MeetingPage:
    """404 for a meeting the member may not see (not a 403: ids don't tell)."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or not can_view(member, meeting):
        raise NotFound()
    people = {m.id: m for m in db.session.scalars(select(Member).where(
        Member.id.in_([i for i in (meeting.host_id, meeting.recorder_id) if i])))}
    invitation = db.session.scalar(select(Invitation).where(
        Invitation.meeting_id == meeting.id, Invitation.member_id == member.id))
    return MeetingPage(meeting=meeting, kind=meeting.kind,
                       host=people.get(meeting.host_id or 0),
                       recorder=people.get(meeting.recorder_id or 0),
                       readings=readings_of(meeting.id), invitation=invitation,
                       may_run=can_run(member, meeting))


@dataclass(frozen=True)
class HomeMeetings:
    meetings: list[MyMeeting]
    template: str = "discussions/scheduling/_home_panel.html"


def home_panel(member: Member, now: datetime) -> HomeMeetings:
    return HomeMeetings(meetings=[m for m in upcoming(member, now, limit=5)
                                  if m.status is MeetingStatus.SCHEDULED][:3])


@dataclass(frozen=True)
class ManagedMeeting:
    id: int
    title: str
    unit: str
    starts_at: datetime
    status: MeetingStatus
    series_id: int | None


def meetings_to_manage(units: list[Unit], now: datetime, *, limit: int = 100) -> list[ManagedMeeting]:
    """The next meetings of the units a scheduler may schedule for (one query)."""
    ids = [u.id for u in units]
    rows = db.session.execute(
        select(Meeting.id, Meeting.title, Unit.name, Meeting.starts_at, Meeting.status,
               Meeting.series_id).join(Unit, Unit.id == Meeting.unit_id)
        .where(Meeting.unit_id.in_(ids), Meeting.ends_at > now)
        .order_by(Meeting.starts_at, Meeting.id).limit(limit))
    return [ManagedMeeting(*row) for row in rows]
