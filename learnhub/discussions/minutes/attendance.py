"""Attendance as the minutes show it, from the invitations, and the rule that a held
meeting's attendance is locked.

THE HELD LOCK: once a meeting's minutes are approved its status is `held`, and its
attendance (each invitation's `attendance`, `attendance_reason`, `signed_in_at`) must not
change: credit was written from it. Everything that changes attendance (sign-in, the
attendance page, the minutes form) calls `ensure_attendance_open(meeting)` first, after
taking the minutes' turn (`MINUTES_LOCK`), so a sign-in cannot slip in beside an
approval. Reopening the minutes (an audited correction) opens it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from learnhub.core.errors import Conflict, ValidationFailed
from learnhub.discussions.models import Attendance, Invitation, Meeting, MeetingStatus, Reply
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member

# Changes to a meeting's minutes and attendance take turns (core.transactions.take_turns).
MINUTES_LOCK = 0x4C48_0201


class AttendanceLocked(Conflict):
    code = "attendance_locked"
    message = "会议记录已审核通过，出勤情况已锁定。如需更正，请主持人先重新打开会议记录。"


def ensure_attendance_open(meeting: Meeting) -> None:
    """Refuse any attendance change of a held meeting (its minutes were approved)."""
    if meeting.status == MeetingStatus.HELD:
        raise AttendanceLocked()


def counted_as(invitation: Invitation) -> Attendance:
    """What an invitee counts as: their attendance when set; else excused when the host
    approved their leave, absent otherwise."""
    if invitation.attendance != Attendance.UNKNOWN:
        return invitation.attendance
    if invitation.reply == Reply.LEAVE_APPROVED:
        return Attendance.EXCUSED
    return Attendance.ABSENT


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


def set_attendance(actor: Member, meeting: Meeting, wanted: dict[int, Attendance]) -> int:
    """Set invitees' attendance by hand (invitation id → status); audited one event per
    change. The caller checked `can_record` and took the minutes' turn. Returns how many
    changed."""
    ensure_attendance_open(meeting)
    found = {inv.id: inv for inv, _name in invitations(meeting)}
    if set(wanted) - set(found):
        raise ValidationFailed("出勤名单已变化，请刷新后重试。")
    changed = 0
    for invitation_id, status in wanted.items():
        invitation = found[invitation_id]
        if invitation.attendance == status:
            continue
        record_audit(actor, "meeting_invitation.attendance", "meeting_invitation",
                     invitation.id, summary=f"{invitation.attendance} → {status}",
                     details={"meeting_id": meeting.id, "member_id": invitation.member_id,
                              "from": str(invitation.attendance), "to": str(status),
                              "via": "minutes"})
        invitation.attendance = status
        invitation.attendance_set_by_id = actor.id
        changed += 1
    db.session.flush()
    return changed
