"""研讨成果: what the recorder makes of the discussion — conclusions (Markdown) and action
items (task, owner, due date). Approval is the minutes' job: once they are approved the
meeting is `held` and the outcome is part of the record, no longer editable here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select

from learnhub.core.errors import Conflict, ValidationFailed
from learnhub.core.markdown import render
from learnhub.discussions.models import Invitation, Meeting, MeetingStatus
from learnhub.discussions.seminars.models import SeminarActionItem, SeminarOutcome
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member

MAX_ACTION_ITEMS = 50


class OutcomeApproved(Conflict):
    code = "outcome_approved"
    message = "会议记录已审定，研讨成果不能再修改。"


class OwnerNotInvited(ValidationFailed):
    code = "owner_not_invited"
    message = "责任人必须是本次研讨的参会人员、主持人或记录人。"


@dataclass(frozen=True)
class ActionInput:
    task: str
    owner_id: int | None = None
    due_on: date | None = None


@dataclass(frozen=True)
class ActionRow:
    task: str
    owner_id: int | None
    owner_name: str | None
    due_on: date | None


def outcome_of(meeting_id: int) -> SeminarOutcome | None:
    return db.session.get(SeminarOutcome, meeting_id)


def action_items_of(meeting_id: int) -> list[ActionRow]:
    """In order, with the owner's name (one query)."""
    rows = db.session.execute(
        select(SeminarActionItem.task, SeminarActionItem.owner_id, Member.name,
               SeminarActionItem.due_on)
        .outerjoin(Member, Member.id == SeminarActionItem.owner_id)
        .where(SeminarActionItem.meeting_id == meeting_id)
        .order_by(SeminarActionItem.position))
    return [ActionRow(row.task, row.owner_id, row.name, row.due_on) for row in rows]


def possible_owner_ids(meeting: Meeting) -> set[int]:
    ids = set(db.session.scalars(select(Invitation.member_id)
                                 .where(Invitation.meeting_id == meeting.id)))
    return ids | {i for i in (meeting.host_id, meeting.recorder_id) if i is not None}


def save_outcome(meeting: Meeting, actor: Member, conclusions_markdown: str,
                 actions: list[ActionInput], now: datetime) -> SeminarOutcome:
    """Replace the conclusions and the action items (in the order given); audited."""
    if meeting.status == MeetingStatus.HELD:
        raise OutcomeApproved()
    owners = {a.owner_id for a in actions if a.owner_id is not None}
    if not owners <= possible_owner_ids(meeting):
        raise OwnerNotInvited(fields={"actions": "owner_not_invited"})
    text = conclusions_markdown.strip()
    rendered = render(text)
    outcome = outcome_of(meeting.id)
    if outcome is None:
        outcome = SeminarOutcome(meeting_id=meeting.id)
        db.session.add(outcome)
    outcome.conclusions_markdown, outcome.conclusions_html = text, rendered.html
    outcome.written_by_id, outcome.updated_at = actor.id, now
    db.session.execute(delete(SeminarActionItem)
                       .where(SeminarActionItem.meeting_id == meeting.id))
    db.session.add_all(SeminarActionItem(meeting_id=meeting.id, position=number, task=a.task,
                                         owner_id=a.owner_id, due_on=a.due_on)
                       for number, a in enumerate(actions[:MAX_ACTION_ITEMS], start=1))
    db.session.flush()
    record_audit(actor, "seminar.outcome_saved", "meeting", meeting.id,
                 summary=f"研讨成果：{meeting.title}",
                 details={"conclusions_chars": len(text), "action_items": len(actions)})
    return outcome
