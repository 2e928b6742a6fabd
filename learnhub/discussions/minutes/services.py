"""The minutes of a meeting: the recorder's drafts, the host's approval (the meeting is
held, its attendance locked and counted for the compliance view, present members credited)
and reopening (every credit of the meeting reversed, the counts cleared). Approval and
reopening take the meeting's attendance turn (`attendance.lock`), so two at once credit
once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from learnhub.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from learnhub.core.markdown import MarkdownLimits, MarkdownRefused, render
from learnhub.core.timeutil import to_local
from learnhub.discussions.access import can_record, can_run, can_view
from learnhub.discussions.attendance.lock import attendance_turn
from learnhub.discussions.minutes.attendance import (
    clear_counts,
    counted_as,
    credited_marks,
    invitations,
    set_attendance,
    store_counts,
)
from learnhub.discussions.minutes.models import ActionItem, MeetingMinutes, MinutesStatus
from learnhub.discussions.models import Attendance, Meeting, MeetingStatus
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member
from learnhub.records.models import LedgerEntry
from learnhub.records.services import credit, reverse, source_after_reversal

TEXT_MAX_CHARS = 20_000
MAX_ACTION_ITEMS = 50


class MinutesApproved(Conflict):
    code = "minutes_approved"
    message = "会议记录已审核通过，不能再修改。如需更正，请主持人重新打开。"


class StaleMinutes(Conflict):
    code = "stale_minutes"
    message = "会议记录已被他人更新（第 %(revision)s 版），请刷新后再保存。你填写的内容仍在下方。"


class MinutesNotApproved(Conflict):
    code = "minutes_not_approved"
    message = "会议记录尚未审核通过。"


class MeetingNotStarted(Conflict):
    code = "meeting_not_started"
    message = "会议还没有开始，不能审核会议记录。"


class MeetingCancelled(Conflict):
    code = "meeting_cancelled"
    message = "会议已取消，不能记录或审核。"


@dataclass(frozen=True)
class ActionItemInput:
    task: str
    owner_id: int | None
    due_on: date | None


@dataclass(frozen=True)
class Approval:
    minutes: MeetingMinutes
    credited: list[int]  # ledger entry ids written by this approval
    already: bool  # it was approved before this call: nothing changed


def get_meeting(actor: Member, meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or not can_view(actor, meeting):
        raise NotFound()
    return meeting


def minutes_of(meeting: Meeting) -> MeetingMinutes | None:
    return db.session.scalar(select(MeetingMinutes).where(MeetingMinutes.meeting_id == meeting.id))


def action_items(minutes: MeetingMinutes | None) -> list[tuple[ActionItem, str | None]]:
    """(item, owner's name) in order: one statement."""
    if minutes is None:
        return []
    rows = db.session.execute(
        select(ActionItem, Member.name).outerjoin(Member, Member.id == ActionItem.owner_id)
        .where(ActionItem.minutes_id == minutes.id).order_by(ActionItem.position)).all()
    return [(row[0], row[1]) for row in rows]


def meeting_day(meeting: Meeting) -> date:
    """The meeting's local date (in its own zone): the ledger's occurred_on."""
    return to_local(meeting.starts_at, meeting.timezone).date()


def _rendered(text: str, field: str) -> tuple[str, str]:
    text = text.strip()
    if len(text) > TEXT_MAX_CHARS:
        raise ValidationFailed("最多 %(max)s 个字符，现在有 %(count)s 个。", fields={field: "too_long"},
                               max=TEXT_MAX_CHARS, count=len(text))
    try:
        return text, render(text, limits=MarkdownLimits(max_chars=TEXT_MAX_CHARS)).html
    except MarkdownRefused as refused:
        raise ValidationFailed(refused.message, fields={field: "refused"},
                               **refused.params) from None


def _check_items(meeting: Meeting, items: list[ActionItemInput]) -> None:
    if len(items) > MAX_ACTION_ITEMS:
        raise ValidationFailed("待办事项最多 %(max)s 项。", fields={"items": "too_many"},
                               max=MAX_ACTION_ITEMS)
    members: set[int | None] = {inv.member_id for inv, _name in invitations(meeting)}
    members |= {meeting.host_id, meeting.recorder_id}
    for item in items:
        if item.owner_id is not None and item.owner_id not in members:
            raise ValidationFailed("负责人须是本次会议的参会人员。", fields={"items": "owner"})


def save_draft(actor: Member, meeting: Meeting, *, topics: str, decisions: str,
               items: list[ActionItemInput], attendance: dict[int, Attendance],
               revision: int | None, now: datetime) -> MeetingMinutes:
    """Save the recorder's draft (as often as they like): the texts, the action items and
    invitees' attendance by hand. `revision` is the one the form was loaded with (None for
    new minutes): a save over a newer one is refused, so two recorders lose nothing."""
    if not can_record(actor, meeting):
        raise Forbidden()
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingCancelled()
    topics, topics_html = _rendered(topics, "topics")
    decisions, decisions_html = _rendered(decisions, "decisions")
    attendance_turn(meeting)
    db.session.refresh(meeting)
    minutes = minutes_of(meeting)
    if minutes is not None and minutes.status == MinutesStatus.APPROVED:
        raise MinutesApproved()
    if minutes is not None and revision != minutes.revision:
        raise StaleMinutes(revision=minutes.revision)
    _check_items(meeting, items)
    set_attendance(actor, meeting, attendance, now)
    if minutes is None:
        minutes = MeetingMinutes(meeting_id=meeting.id, status=MinutesStatus.DRAFT, revision=0)
        db.session.add(minutes)
    minutes.revision += 1
    minutes.topics_markdown, minutes.topics_html = topics, topics_html
    minutes.decisions_markdown, minutes.decisions_html = decisions, decisions_html
    minutes.saved_by_id, minutes.saved_at = actor.id, now
    db.session.flush()
    for old, _name in action_items(minutes):
        db.session.delete(old)
    db.session.flush()
    for position, item in enumerate(items, start=1):
        db.session.add(ActionItem(minutes_id=minutes.id, position=position,
                                  task=item.task.strip()[:500], owner_id=item.owner_id,
                                  due_on=item.due_on))
    db.session.flush()
    return minutes


def approve_minutes(actor: Member, meeting: Meeting, *, now: datetime) -> Approval:
    """The host approves: the meeting is held, its attendance locked (unset attendance
    becomes excused or absent), and present members — and late ones when the kind counts
    them — are credited the kind's hours on the meeting's local date. Approving twice
    credits once; after a reopening, members are credited again under a new source
    (`records.services.source_after_reversal`)."""
    if not can_run(actor, meeting):
        raise Forbidden()
    attendance_turn(meeting)
    db.session.refresh(meeting)
    minutes = minutes_of(meeting)
    if minutes is None:
        raise NotFound("还没有会议记录。")
    db.session.refresh(minutes)
    if minutes.status == MinutesStatus.APPROVED:
        return Approval(minutes, [], already=True)
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingCancelled()
    if now < meeting.starts_at:
        raise MeetingNotStarted()
    kind = meeting.kind
    credited_statuses = credited_marks(kind.late_counts)
    day = meeting_day(meeting)
    credited: list[int] = []
    invited = invitations(meeting)
    members = {m.id: m for m in db.session.scalars(
        select(Member).where(Member.id.in_([inv.member_id for inv, _name in invited])))}
    finalised = 0
    for invitation, _name in invited:
        if invitation.attendance == Attendance.UNKNOWN:
            finalised += 1
            invitation.attendance = counted_as(invitation)
            invitation.attendance_set_by_id = actor.id
        if invitation.attendance not in credited_statuses:
            continue
        source_id = source_after_reversal(meeting.id, invitation.ledger_entry_id)
        if source_id is None:
            continue  # a credit of this meeting stands
        entry = credit(members[invitation.member_id], kind="meeting", source_type="meeting",
                       source_id=source_id, credit_hours=kind.credit_hours,
                       occurred_on=day, recorded_by=actor, note=meeting.title[:200])
        invitation.ledger_entry_id = entry.id
        credited.append(entry.id)
    minutes.status, minutes.approved_by_id, minutes.approved_at = (
        MinutesStatus.APPROVED, actor.id, now)
    meeting.status = MeetingStatus.HELD
    store_counts(meeting, [invitation.attendance for invitation, _name in invited])
    db.session.flush()
    record_audit(actor, "meeting_minutes.approve", "meeting", meeting.id,
                 summary=meeting.title, details={"revision": minutes.revision,
                                                 "credited": credited, "finalised": finalised})
    db.session.flush()
    return Approval(minutes, credited, already=False)


def reopen_minutes(actor: Member, meeting: Meeting, reason: str) -> list[int]:
    """An audited correction: the minutes become a draft again, the meeting scheduled (its
    attendance open), and every standing credit of the meeting is reversed with the
    reason. Returns the reversed entries' ids."""
    if not can_run(actor, meeting):
        raise Forbidden()
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("请填写重新打开的原因。", fields={"reason": "required"})
    attendance_turn(meeting)
    db.session.refresh(meeting)
    minutes = minutes_of(meeting)
    if minutes is not None:
        db.session.refresh(minutes)
    if minutes is None or minutes.status != MinutesStatus.APPROVED:
        raise MinutesNotApproved()
    entry_ids = [inv.ledger_entry_id for inv, _name in invitations(meeting)
                 if inv.ledger_entry_id is not None]
    reversed_before = set(db.session.scalars(select(LedgerEntry.reverses_id).where(
        LedgerEntry.reverses_id.in_(entry_ids)))) if entry_ids else set()
    standing = db.session.scalars(select(LedgerEntry).where(
        LedgerEntry.id.in_(set(entry_ids) - reversed_before)).order_by(LedgerEntry.id)).all()
    for entry in standing:
        # Dated as the credit, so the year it counted in nets to zero.
        reverse(entry, actor=actor, reason=reason, occurred_on=entry.occurred_on)
    reversed_ids = [entry.id for entry in standing]
    minutes.status, minutes.approved_by_id, minutes.approved_at = MinutesStatus.DRAFT, None, None
    meeting.status = MeetingStatus.SCHEDULED
    clear_counts(meeting)
    record_audit(actor, "meeting_minutes.reopen", "meeting", meeting.id, summary=reason,
                 details={"reversed": reversed_ids, "revision": minutes.revision})
    db.session.flush()
    return reversed_ids
