"""The grouped SQL behind the compliance view: a constant number of statements whatever
the size of the subtree (no query per unit or per meeting).

Month buckets are computed in SQL by a CASE over the UTC starts of the local months (a
small calendar made in Python), which reads the same on SQLite and PostgreSQL. The
grouping happens over a subquery's labelled columns, because PostgreSQL would not match
a CASE in GROUP BY to the one in SELECT (their bound parameters differ).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, func, literal, select, union_all

from learnhub.core.db import UTCDateTime
from learnhub.discussions.compliance.periods import month_start_utc
from learnhub.discussions.models import (
    Attendance,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Reply,
)
from learnhub.extensions import db
from learnhub.org.models import Member, Unit


@dataclass(frozen=True)
class UnitInfo:
    id: int
    name: str
    kind: str
    path: str
    depth: int
    parent_id: int | None


@dataclass(frozen=True)
class KindInfo:
    id: int
    code: str
    name: str
    frequency: str


def _in_subtree(root: Unit):
    return and_(Unit.path.like(root.path + "%"), Unit.active.is_(True))


def subtree_units(root: Unit) -> list[UnitInfo]:
    """Active units of the subtree in tree order, one statement."""
    rows = db.session.execute(
        select(Unit.id, Unit.name, Unit.kind, Unit.path, Unit.depth, Unit.parent_id)
        .where(_in_subtree(root)).order_by(Unit.path))
    return [UnitInfo(*r) for r in rows]  # kind: a UnitKind, which is a str


def active_kinds() -> list[KindInfo]:
    rows = db.session.execute(select(MeetingKind.id, MeetingKind.code, MeetingKind.name,
                                     MeetingKind.frequency)
                              .where(MeetingKind.active.is_(True))
                              .order_by(MeetingKind.position, MeetingKind.id))
    return [KindInfo(*r) for r in rows]  # frequency: a Frequency, which is a str


def month_counts(root: Unit, windows: dict[range, list[int]], now: datetime, zone: ZoneInfo
                 ) -> dict[tuple[int, int, int], tuple[int, int]]:
    """(unit id, kind id, month index) → (held meetings, pending meetings: over but still
    scheduled), for the subtree's meetings of each kind in its window of months (a monthly
    kind needs the period's months, a yearly one its year); cancelled ones left out."""
    if not windows:
        return {}
    first = min(w.start for w in windows)
    last = max(w.stop for w in windows)
    starts = {m: month_start_utc(m, zone) for m in range(first, last + 1)}
    bucket = case(*[(Meeting.starts_at < literal(starts[month + 1], UTCDateTime()), month)
                    for month in range(first, last)])
    held = case((Meeting.status == MeetingStatus.HELD, 1), else_=0)
    pending = case((and_(Meeting.status == MeetingStatus.SCHEDULED, Meeting.ends_at < now), 1),
                   else_=0)
    # One branch per window, so each reads only its own kinds and months by index.
    inner = union_all(*[
        select(Meeting.unit_id.label("unit_id"), Meeting.kind_id.label("kind_id"),
               bucket.label("month"), held.label("held"), pending.label("pending"))
        .join(Unit, Unit.id == Meeting.unit_id)
        .where(_in_subtree(root), Meeting.status != MeetingStatus.CANCELLED,
               Meeting.kind_id.in_(kind_ids), Meeting.starts_at >= starts[w.start],
               Meeting.starts_at < starts[w.stop])
        for w, kind_ids in windows.items()]).subquery()
    rows = db.session.execute(
        select(inner.c.unit_id, inner.c.kind_id, inner.c.month, func.sum(inner.c.held),
               func.sum(inner.c.pending))
        .group_by(inner.c.unit_id, inner.c.kind_id, inner.c.month))
    return {(u, k, m): (int(h or 0), int(p or 0)) for u, k, m, h, p in rows}


def _counted(column, value) -> ColumnElement[int]:
    return func.sum(case((column == value, 1), else_=0))


def _stored_or_counted(stored, mark: Attendance | None) -> ColumnElement[int]:
    """The meeting's stored count, else (no counts: not approved through the minutes) the
    count of its invitations; both databases evaluate the subquery only when needed."""
    live = select(func.count(Invitation.id)).where(Invitation.meeting_id == Meeting.id)
    if mark is not None:
        live = live.where(Invitation.attendance == mark)
    return func.coalesce(stored, live.scalar_subquery())


def attendance_counts(root: Unit, start: datetime, end: datetime
                      ) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """(unit id, kind id) → (invited, present, late, excused) over the subtree's held
    meetings starting in [start, end), one statement. Summed from the counts each meeting
    got when its minutes were approved (`Meeting.invited_count` …: a year at scale 100 is
    17,000 meeting rows instead of 565,000 invitations); a held meeting without them
    (written directly, as tests and imports may) is counted from its invitations."""
    rows = db.session.execute(
        select(Meeting.unit_id, Meeting.kind_id,
               func.sum(_stored_or_counted(Meeting.invited_count, None)),
               func.sum(_stored_or_counted(Meeting.present_count, Attendance.PRESENT)),
               func.sum(_stored_or_counted(Meeting.late_count, Attendance.LATE)),
               func.sum(_stored_or_counted(Meeting.excused_count, Attendance.EXCUSED)))
        .join(Unit, Unit.id == Meeting.unit_id)
        .where(_in_subtree(root), Meeting.status == MeetingStatus.HELD,
               Meeting.starts_at >= start, Meeting.starts_at < end)
        .group_by(Meeting.unit_id, Meeting.kind_id))
    return {(u, k): (int(i or 0), int(p or 0), int(la or 0), int(e or 0))
            for u, k, i, p, la, e in rows}


@dataclass(frozen=True)
class MeetingLine:
    id: int
    title: str
    kind_name: str
    starts_at: datetime
    ends_at: datetime
    status: str
    invited: int
    present: int
    late: int
    excused: int
    absent: int


def unit_meetings(unit: Unit, start: datetime, end: datetime) -> list[MeetingLine]:
    """The unit's own meetings starting in [start, end) with their attendance, one query."""
    rows = db.session.execute(
        select(Meeting.id, Meeting.title, MeetingKind.name, Meeting.starts_at, Meeting.ends_at,
               Meeting.status, func.count(Invitation.id),
               _counted(Invitation.attendance, Attendance.PRESENT),
               _counted(Invitation.attendance, Attendance.LATE),
               _counted(Invitation.attendance, Attendance.EXCUSED),
               _counted(Invitation.attendance, Attendance.ABSENT))
        .join(MeetingKind, MeetingKind.id == Meeting.kind_id)
        .outerjoin(Invitation, Invitation.meeting_id == Meeting.id)
        .where(Meeting.unit_id == unit.id, Meeting.starts_at >= start, Meeting.starts_at < end)
        .group_by(Meeting.id, Meeting.title, MeetingKind.name, Meeting.starts_at,
                  Meeting.ends_at, Meeting.status)
        .order_by(Meeting.starts_at, Meeting.id))
    return [MeetingLine(r[0], r[1], r[2], r[3], r[4], r[5].value, *(int(v or 0) for v in r[6:]))
            for r in rows]


def unapproved_meetings(unit: Unit, now: datetime, limit: int = 100) -> list[MeetingLine]:
    """The unit's meetings that are over but still `scheduled` (minutes not approved), any
    period, oldest first."""
    rows = db.session.execute(
        select(Meeting.id, Meeting.title, MeetingKind.name, Meeting.starts_at, Meeting.ends_at)
        .join(MeetingKind, MeetingKind.id == Meeting.kind_id)
        .where(Meeting.unit_id == unit.id, Meeting.status == MeetingStatus.SCHEDULED,
               Meeting.ends_at < now)
        .order_by(Meeting.starts_at, Meeting.id).limit(limit))
    return [MeetingLine(r[0], r[1], r[2], r[3], r[4], MeetingStatus.SCHEDULED.value,
                        0, 0, 0, 0, 0) for r in rows]


@dataclass(frozen=True)
class LeaveRequest:
    meeting_id: int
    meeting_title: str
    starts_at: datetime
    member_name: str
    reason: str


def waiting_leave_requests(unit: Unit, limit: int = 100) -> list[LeaveRequest]:
    """请假 waiting for a decision on the unit's meetings that are not cancelled."""
    rows = db.session.execute(
        select(Meeting.id, Meeting.title, Meeting.starts_at, Member.name, Invitation.leave_reason)
        .join(Meeting, Meeting.id == Invitation.meeting_id)
        .join(Member, Member.id == Invitation.member_id)
        .where(Meeting.unit_id == unit.id, Meeting.status != MeetingStatus.CANCELLED,
               Invitation.reply == Reply.LEAVE_REQUESTED)
        .order_by(Meeting.starts_at, Member.name).limit(limit))
    return [LeaveRequest(*r) for r in rows]
