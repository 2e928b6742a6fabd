"""The grouped SQL behind the compliance view: a constant number of statements whatever
the size of the subtree (no query per unit or per meeting).

Months are told apart in SQL by a CASE over the UTC starts of the local months (a small
calendar made in Python), which reads the same on SQLite and PostgreSQL; the report's
statement groups by unit and kind only, the months going into bit masks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, distinct, func, literal, select, union_all

from learnhub.core.db import UTCDateTime
from learnhub.discussions.compliance.periods import Period, month_start_utc
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


class CellSums(NamedTuple):
    """A unit's meetings of one kind, as the report needs them."""

    held_months: int  # bit i: a meeting held in month `base + i`
    pending_months: int  # bit i: a meeting over in month `base + i`, still scheduled
    meetings: int  # held meetings starting in the period
    invited: int  # attendance of those, summed
    present: int
    late: int
    excused: int


PENDING_SHIFT = 15  # a pending month's bit, shifted past the held ones (< 15 months)


def _month_bit(starts: dict[int, datetime], lo: int, hi: int, base: int):
    """`1 << (month - base)` for a meeting's start in months [lo, hi): a CASE split in
    halves (about four comparisons a row for a year instead of up to twelve)."""
    if hi - lo == 1:
        return literal(1 << (lo - base))
    mid = (lo + hi) // 2
    return case((Meeting.starts_at < literal(starts[mid], UTCDateTime()),
                 _month_bit(starts, lo, mid, base)), else_=_month_bit(starts, mid, hi, base))


def cell_sums(root: Unit, windows: dict[range, list[int]], period: Period, base: int,
              now: datetime, zone: ZoneInfo) -> dict[tuple[int, int], CellSums]:
    """(unit id, kind id) → its `CellSums`, for the subtree's meetings of each kind in its
    window of months (a monthly kind needs the period's months, a yearly one its year),
    cancelled ones left out: one scan of the meeting rows, grouped by unit and kind in SQL.

    The months with a held (pending) meeting come as a bit mask: each meeting gives its
    month's bit, shifted by `PENDING_SHIFT` when pending, 0 when neither, and
    `SUM(DISTINCT …)` of such bits is their OR, on SQLite and PostgreSQL alike. Attendance
    is summed from the counts each held meeting got when its minutes were approved
    (`Meeting.invited_count` …: a year at scale 100 is 17,000 meeting rows instead of
    565,000 invitations). Every held meeting has them (approval and the demo write them,
    the migration filled them in), so no invitation is read: a fallback counting them
    (a correlated subquery per count) made PostgreSQL's estimate large enough to JIT-compile
    the statement, half a second, once `unit` had statistics (docs/performance.md)."""
    if not windows:
        return {}
    last = max(w.stop for w in windows)
    if last - base > PENDING_SHIFT:
        raise ValueError("a report's months span more than PENDING_SHIFT months")
    starts = {m: month_start_utc(m, zone) for m in range(base, last + 1)}
    held = Meeting.status == MeetingStatus.HELD
    pending = and_(Meeting.status == MeetingStatus.SCHEDULED, Meeting.ends_at < now)
    flags = case((held, 1), (pending, 1 << PENDING_SHIFT), else_=0)
    period_start, period_end = period.bounds_utc(zone)
    branches = []
    for w, kind_ids in windows.items():  # one per window: its kinds and months, by index
        counted = held if w == period.months else and_(
            held, Meeting.starts_at >= period_start, Meeting.starts_at < period_end)

        def summed(stored, counted=counted):
            return func.coalesce(func.sum(case((counted, stored), else_=0)), 0)

        branches.append(
            select(Meeting.unit_id, Meeting.kind_id,
                   func.sum(distinct(_month_bit(starts, w.start, w.stop, base) * flags)),
                   func.sum(case((counted, 1), else_=0)),
                   summed(Meeting.invited_count), summed(Meeting.present_count),
                   summed(Meeting.late_count), summed(Meeting.excused_count))
            .join(Unit, Unit.id == Meeting.unit_id)
            .where(_in_subtree(root), Meeting.status != MeetingStatus.CANCELLED,
                   Meeting.kind_id.in_(kind_ids), Meeting.starts_at >= starts[w.start],
                   Meeting.starts_at < starts[w.stop])
            .group_by(Meeting.unit_id, Meeting.kind_id))
    mask = (1 << PENDING_SHIFT) - 1
    sums = {}
    for unit_id, kind_id, bits, *rest in db.session.execute(union_all(*branches)):
        sums[unit_id, kind_id] = CellSums(bits & mask, bits >> PENDING_SHIFT, *map(int, rest))
    return sums


def _counted(column, value) -> ColumnElement[int]:
    return func.sum(case((column == value, 1), else_=0))


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
