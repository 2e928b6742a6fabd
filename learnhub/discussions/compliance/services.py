"""Who sees which unit's compliance, which unit a visitor starts from, and a branch
secretary's 待办 (what is overdue)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from learnhub.core.errors import NotFound
from learnhub.discussions.access import SECRETARY_POSTS
from learnhub.discussions.compliance import queries
from learnhub.discussions.compliance.queries import LeaveRequest, MeetingLine
from learnhub.discussions.compliance.report import Report
from learnhub.discussions.compliance.rules import Slot, SlotStatus
from learnhub.extensions import db
from learnhub.org.models import Member, Role, Unit
from learnhub.org.permissions import grants_of, has_role, is_admin


def _secretary_unit(actor: Member) -> Unit | None:
    """The unit whose 书记/副书记 the actor is (it and its 党小组 are theirs to see)."""
    if (actor.party_post or "") not in SECRETARY_POSTS:
        return None
    return db.session.get(Unit, actor.unit_id)


def can_see(actor: Member, unit: Unit) -> bool:
    """Managers see their subtree (admins everything); a secretary their own unit's."""
    if has_role(actor, Role.MANAGER, unit):
        return True
    own = _secretary_unit(actor)
    return own is not None and unit.is_within(own)


def visible_unit(actor: Member, unit_id: int) -> Unit:
    """The active unit if the actor may see its compliance; 404 otherwise (a unit out of
    scope is not told apart from one that does not exist)."""
    unit = db.session.get(Unit, unit_id)
    if unit is None or not unit.active or not can_see(actor, unit):
        raise NotFound()
    return unit


def visible_parent(actor: Member, unit: Unit) -> Unit | None:
    """The unit above, for the way back up, when the actor may see it."""
    parent = db.session.get(Unit, unit.parent_id) if unit.parent_id else None
    return parent if parent is not None and parent.active and can_see(actor, parent) else None


def start_unit(actor: Member) -> Unit | None:
    """Where the compliance view opens: the top of what the actor may see."""
    if is_admin(actor):
        return db.session.scalar(select(Unit).where(Unit.parent_id.is_(None),
                                                    Unit.active.is_(True))
                                 .order_by(Unit.path).limit(1))
    managed = sorted((g.unit for g in grants_of(actor) if g.role == Role.MANAGER
                      and g.unit.active), key=lambda u: (u.depth, u.path))
    return managed[0] if managed else _secretary_unit(actor)


@dataclass(frozen=True)
class MissingSlot:
    kind_name: str
    slot: Slot


@dataclass(frozen=True)
class Overdue:
    """待办 of one unit: required slots that passed with no meeting (this period), meetings
    over but without approved minutes, and leave requests nobody has decided."""

    missing: list[MissingSlot]
    unapproved: list[MeetingLine]
    leave_requests: list[LeaveRequest]

    def __len__(self) -> int:
        return len(self.missing) + len(self.unapproved) + len(self.leave_requests)


def overdue(report: Report, unit: Unit, now: datetime) -> Overdue:
    names = {k.id: k.name for k in report.kinds}
    missing = [MissingSlot(names[kind_id], slot)
               for kind_id, pairs in report.own_slots.items()
               for slot, status in pairs if status is SlotStatus.MISSING]
    return Overdue(missing, queries.unapproved_meetings(unit, now),
                   queries.waiting_leave_requests(unit))
