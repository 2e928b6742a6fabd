"""Attendance as the minutes show it, from the invitations (the held lock that guards
it: `discussions.attendance.lock`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from learnhub.core.errors import ValidationFailed
from learnhub.discussions.attendance.lock import ensure_attendance_open
from learnhub.discussions.attendance.services import set_attendance as set_one
from learnhub.discussions.models import Attendance, Invitation, Meeting, Reply
from learnhub.extensions import db
from learnhub.org.models import Member


def counted_as(invitation: Invitation) -> Attendance:
    """What an invitee counts as: their attendance when set; else excused when the host
    approved their leave, absent otherwise."""
    return final_mark(invitation.attendance, invitation.reply)


def final_mark(attendance: Attendance, reply: Reply) -> Attendance:
    """`counted_as` on plain values (the demo's bulk rows use the same rule)."""
    if attendance != Attendance.UNKNOWN:
        return attendance
    return Attendance.EXCUSED if reply == Reply.LEAVE_APPROVED else Attendance.ABSENT


def credited_marks(late_counts: bool) -> frozenset[Attendance]:
    """The marks approval credits: present, and late where the meeting kind says so."""
    return frozenset({Attendance.PRESENT, Attendance.LATE} if late_counts
                     else {Attendance.PRESENT})


@dataclass(frozen=True)
class Attendee:
    invitation_id: int
    member_id: int
    name: str
    status: Attendance  # counted_as
    recorded: Attendance  # as stored
    reason: str


@dataclass
class AttendanceSummary:
    """Expected = every invitee; each in one of present, late, excused, absent."""

    attendees: list[Attendee]
    groups: dict[Attendance, list[Attendee]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for status in (Attendance.PRESENT, Attendance.LATE, Attendance.EXCUSED,
                       Attendance.ABSENT):
            self.groups[status] = [a for a in self.attendees if a.status == status]

    @property
    def expected(self) -> int:
        return len(self.attendees)


def invitations(meeting: Meeting) -> list[tuple[Invitation, str]]:
    """(invitation, member name) of every invitee, by name: one statement."""
    rows = db.session.execute(
        select(Invitation, Member.name).join(Member, Member.id == Invitation.member_id)
        .where(Invitation.meeting_id == meeting.id).order_by(Member.name, Member.id)).all()
    return [(row[0], row[1]) for row in rows]


def summary(meeting: Meeting) -> AttendanceSummary:
    return AttendanceSummary([
        Attendee(inv.id, inv.member_id, name, counted_as(inv), inv.attendance,
                 inv.attendance_reason) for inv, name in invitations(meeting)])


def store_counts(meeting: Meeting, marks: list[Attendance]) -> None:
    """Write the approved meeting's attendance counts (every invitee's final mark), which
    the compliance view sums instead of reading the invitations; `clear_counts` on
    reopening. Unset marks count as invited only, as the view would count them live."""
    for column, value in counts_of(marks).items():
        setattr(meeting, column, value)


def counts_of(marks: list[Attendance]) -> dict[str, int]:
    """The meeting's count columns for these final marks (the demo's bulk writer too)."""
    return {"invited_count": len(marks), "present_count": marks.count(Attendance.PRESENT),
            "late_count": marks.count(Attendance.LATE),
            "excused_count": marks.count(Attendance.EXCUSED),
            "absent_count": marks.count(Attendance.ABSENT)}


def clear_counts(meeting: Meeting) -> None:
    """The minutes were reopened: attendance is open again, so no counts stand."""
    meeting.invited_count = meeting.present_count = meeting.late_count = None
    meeting.excused_count = meeting.absent_count = None


def set_attendance(actor: Member, meeting: Meeting, wanted: dict[int, Attendance],
                   now: datetime) -> int:
    """Set invitees' attendance by hand from the minutes form (invitation id → status),
    each through the attendance page's own rule (audited, refused once held). The caller
    checked `can_record` and took the meeting's turn. Returns how many changed."""
    ensure_attendance_open(meeting)
    found = {inv.id: inv for inv, _name in invitations(meeting)}
    if set(wanted) - set(found):
        raise ValidationFailed("出勤名单已变化，请刷新后重试。")
    return sum(1 for invitation_id, status in wanted.items()
               if found[invitation_id].attendance != status
               and set_one(actor, found[invitation_id], status.value,
                           found[invitation_id].attendance_reason, now))
