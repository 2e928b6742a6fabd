"""RSVP and leave (请假): an invitee says they attend or asks for leave with a reason; the
host (whoever may run the meeting) approves or rejects a request, with an optional note.
Replies close when the meeting ends, is cancelled or held."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from learnhub.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from learnhub.discussions.access import can_run
from learnhub.discussions.models import Invitation, Meeting, MeetingStatus, Reply
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member


class RepliesClosed(Conflict):
    code = "replies_closed"
    message = "会议已结束或已取消，不能再回复。"


class LeaveReasonRequired(ValidationFailed):
    code = "leave_reason_required"
    message = "请假须填写原因。"
    fields = {"reason": ""}

    def field_messages(self) -> dict[str, str]:
        return {"reason": self.translated()}


class NoLeaveRequest(Conflict):
    code = "no_leave_request"
    message = "该成员没有待审批的请假。"


def own_invitation(member: Member, meeting: Meeting) -> Invitation | None:
    return db.session.scalar(select(Invitation).where(Invitation.meeting_id == meeting.id,
                                                      Invitation.member_id == member.id))


def _open(meeting: Meeting, now: datetime) -> None:
    if meeting.status is not MeetingStatus.SCHEDULED or meeting.ends_at <= now:
        raise RepliesClosed()


def reply(member: Member, meeting: Meeting, *, attending: bool, reason: str,
          now: datetime) -> Invitation:
    """Attend, or ask for leave (a reason required). A new answer replaces the last and
    any decision on it (a new request waits for the host again)."""
    invitation = own_invitation(member, meeting)
    if invitation is None:
        raise NotFound()
    _open(meeting, now)
    reason = (reason or "").strip()[:500]
    if not attending and not reason:
        raise LeaveReasonRequired()
    invitation.reply = Reply.ATTENDING if attending else Reply.LEAVE_REQUESTED
    invitation.leave_reason = "" if attending else reason
    invitation.leave_decided_by_id = None
    invitation.leave_decided_at = None
    invitation.leave_decision_note = ""
    db.session.flush()
    return invitation


def decide_leave(actor: Member, meeting: Meeting, invitation_id: int, *, approve: bool,
                 note: str, now: datetime) -> Invitation:
    if not can_run(actor, meeting):
        raise Forbidden()
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.meeting_id != meeting.id:
        raise NotFound()
    if meeting.status is MeetingStatus.CANCELLED:
        raise RepliesClosed()
    if invitation.reply is not Reply.LEAVE_REQUESTED:
        raise NoLeaveRequest()
    invitation.reply = Reply.LEAVE_APPROVED if approve else Reply.LEAVE_REJECTED
    invitation.leave_decided_by_id = actor.id
    invitation.leave_decided_at = now
    invitation.leave_decision_note = (note or "").strip()[:500]
    record_audit(actor, "meeting.leave_" + ("approve" if approve else "reject"), "meeting",
                 meeting.id, summary=f"{meeting.title}: {invitation.member_id}",
                 details={"invitation_id": invitation.id, "note": invitation.leave_decision_note})
    db.session.flush()
    return invitation


def replies_of(meeting: Meeting) -> list[tuple[Invitation, Member]]:
    """Every invitee with their reply, leave requests first, then by name (one query)."""
    rows = db.session.execute(select(Invitation, Member).join(
        Member, Member.id == Invitation.member_id).where(Invitation.meeting_id == meeting.id)
        .order_by(Member.name, Member.id)).all()
    return sorted(((inv, member) for inv, member in rows),
                  key=lambda row: row[0].reply is not Reply.LEAVE_REQUESTED)
