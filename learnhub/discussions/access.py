"""Who may do what with meetings; every discussions page asks here.

- Schedule for a unit: a trainer or manager of the unit (or above it), an admin, or the
  unit's own 书记/副书记 (a branch secretary runs their branch's meetings without a
  platform role).
- Run a meeting (edit, cancel, open sign-in, decide leave, approve minutes): its host, or
  whoever may schedule for its unit.
- Record it (minutes, attendance by hand): its recorder, or whoever may run it.
- See it: its invitees, whoever may schedule for its unit, and managers of its subtree.
"""

from __future__ import annotations

from sqlalchemy import exists, select

from learnhub.discussions.models import Invitation, Meeting
from learnhub.extensions import db
from learnhub.org.models import Member, PartyPost, Role, Unit
from learnhub.org.permissions import has_role, is_admin

SECRETARY_POSTS = frozenset({PartyPost.SECRETARY.value, PartyPost.DEPUTY_SECRETARY.value})


def is_secretary(actor: Member) -> bool:
    """书记 or 副书记 of their own unit (its compliance page is theirs; no query)."""
    return (actor.party_post or "") in SECRETARY_POSTS


def schedules_without_trainer_role(actor: Member) -> bool:
    """A secretary (their own unit) or a manager (their subtree) schedules meetings too;
    the menu's 组织生活安排 is theirs as well as trainers'. Grants are cached: no query."""
    return is_secretary(actor) or has_role(actor, Role.MANAGER)


def is_secretary_of(actor: Member, unit: Unit) -> bool:
    return actor.unit_id == unit.id and (actor.party_post or "") in SECRETARY_POSTS


def can_schedule_for(actor: Member | None, unit: Unit) -> bool:
    if actor is None or not actor.is_authenticated:
        return False
    return (is_admin(actor) or has_role(actor, Role.TRAINER, unit)
            or has_role(actor, Role.MANAGER, unit) or is_secretary_of(actor, unit))


def can_run(actor: Member | None, meeting: Meeting) -> bool:
    if actor is None or not actor.is_authenticated:
        return False
    return meeting.host_id == actor.id or can_schedule_for(actor, meeting.unit)


def can_record(actor: Member | None, meeting: Meeting) -> bool:
    if actor is None or not actor.is_authenticated:
        return False
    return meeting.recorder_id == actor.id or can_run(actor, meeting)


def is_invited(actor: Member, meeting: Meeting) -> bool:
    return bool(db.session.scalar(select(exists().where(
        Invitation.meeting_id == meeting.id, Invitation.member_id == actor.id))))


def can_view(actor: Member | None, meeting: Meeting) -> bool:
    if actor is None or not actor.is_authenticated:
        return False
    return (is_invited(actor, meeting) or can_record(actor, meeting)
            or has_role(actor, Role.MANAGER, meeting.unit))
