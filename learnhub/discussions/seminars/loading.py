"""Loading a seminar for an actor: a meeting whose kind is a seminar, which the actor may
see (`access.can_view`); anything else is "not found", so a stranger learns nothing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from learnhub.core.errors import Forbidden, NotFound
from learnhub.discussions import access
from learnhub.discussions.models import Meeting, MeetingKind
from learnhub.extensions import db
from learnhub.org.models import Member


def seminar_by_id(meeting_id: int) -> Meeting | None:
    """The meeting with its kind and unit (one query), if its kind is a seminar."""
    meeting = db.session.scalar(
        select(Meeting).join(MeetingKind, MeetingKind.id == Meeting.kind_id)
        .where(Meeting.id == meeting_id, MeetingKind.is_seminar.is_(True))
        .options(joinedload(Meeting.kind), joinedload(Meeting.unit)))
    return meeting


def viewable_seminar(actor: Member, meeting_id: int) -> Meeting:
    meeting = seminar_by_id(meeting_id)
    if meeting is None or not access.can_view(actor, meeting):
        raise NotFound()
    return meeting


def runnable_seminar(actor: Member, meeting_id: int) -> Meeting:
    """For the host's pages: seen but not run → 403; not seen → 404."""
    meeting = viewable_seminar(actor, meeting_id)
    if not access.can_run(actor, meeting):
        raise Forbidden()
    return meeting


def recordable_seminar(actor: Member, meeting_id: int) -> Meeting:
    meeting = viewable_seminar(actor, meeting_id)
    if not access.can_record(actor, meeting):
        raise Forbidden()
    return meeting
