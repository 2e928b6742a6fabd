"""A unit's seminar record (研讨记录): every seminar it held or has scheduled, with its
theme, speakers, 心得 and whether conclusions exist, so a branch can show what it studied
and what came of it. Seen by the unit's members, whoever schedules for it and managers
of its subtree; one query for the list whatever its length."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, or_, select

from learnhub.core.errors import NotFound
from learnhub.discussions import access
from learnhub.discussions.minutes.models import ActionItem, MeetingMinutes
from learnhub.discussions.models import Invitation, Meeting, MeetingKind, MeetingStatus
from learnhub.discussions.seminars.models import SeminarReflection
from learnhub.extensions import db
from learnhub.org.models import Member, Role, Unit
from learnhub.org.permissions import has_role


@dataclass(frozen=True)
class RecordRow:
    meeting_id: int
    title: str
    theme: str
    starts_at: datetime
    timezone: str
    status: MeetingStatus
    speakers: int
    reflections: int
    has_outcome: bool
    viewable: bool  # the actor may open the seminar's page


def can_see_record(actor: Member, unit: Unit) -> bool:
    return (actor.unit_id == unit.id or has_role(actor, Role.MANAGER, unit)
            or access.can_schedule_for(actor, unit))


def unit_for_record(actor: Member, code: str | None) -> Unit:
    """The unit asked for by code (the actor's own without one), if the actor may see it."""
    if code:
        unit = db.session.scalar(select(Unit).where(Unit.code == code))
    else:
        unit = db.session.get(Unit, actor.unit_id)
    if unit is None or not can_see_record(actor, unit):
        raise NotFound()
    return unit


def seminar_record(actor: Member, unit: Unit) -> list[RecordRow]:
    """The unit's seminars, newest first (cancelled ones left out)."""
    speakers = (select(func.count()).where(Invitation.meeting_id == Meeting.id,
                                           Invitation.speaker.is_(True))
                .correlate(Meeting).scalar_subquery())
    reflections = (select(func.count()).where(SeminarReflection.meeting_id == Meeting.id)
                   .correlate(Meeting).scalar_subquery())
    # A seminar's conclusions and action items are its minutes' decisions and items.
    has_outcome = or_(
        exists().where(MeetingMinutes.meeting_id == Meeting.id,
                       MeetingMinutes.decisions_markdown != ""),
        exists().where(ActionItem.minutes_id == MeetingMinutes.id,
                       MeetingMinutes.meeting_id == Meeting.id))
    invited = exists().where(Invitation.meeting_id == Meeting.id,
                             Invitation.member_id == actor.id)
    sees_all = has_role(actor, Role.MANAGER, unit) or access.can_schedule_for(actor, unit)
    rows = db.session.execute(
        select(Meeting.id, Meeting.title, Meeting.theme, Meeting.starts_at, Meeting.timezone,
               Meeting.status, Meeting.host_id, Meeting.recorder_id,
               speakers.label("speakers"), reflections.label("reflections"),
               has_outcome.label("has_outcome"), invited.label("invited"))
        .join(MeetingKind, MeetingKind.id == Meeting.kind_id)
        .where(Meeting.unit_id == unit.id, MeetingKind.is_seminar.is_(True),
               Meeting.status != MeetingStatus.CANCELLED)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc()))
    return [RecordRow(row.id, row.title, row.theme, row.starts_at, row.timezone, row.status,
                      row.speakers, row.reflections, bool(row.has_outcome),
                      viewable=sees_all or bool(row.invited)
                      or actor.id in (row.host_id, row.recorder_id))
            for row in rows]
