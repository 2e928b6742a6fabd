"""Which members a report covers: one unit's subtree, inside what the actor manages.

`actor=None` is the operator at a terminal (`learnhub report` without `--actor`), who sees
everything; an admin sees everything too; a manager sees the subtrees they manage and
nothing else, whichever unit they ask for.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from learnhub.core.errors import Forbidden, NotFound
from learnhub.extensions import db
from learnhub.org.models import Member, Role, Unit, unit_code_key
from learnhub.org.permissions import grants_of, has_role, is_admin, scope_filter


class UnitNotFound(NotFound):
    code = "unit_not_found"
    message = "找不到组织 %(code)s。"


class UnitOutOfScope(Forbidden):
    code = "unit_out_of_scope"
    message = "组织 %(code)s 不在你的管理范围内。"


class NotAManager(Forbidden):
    code = "not_a_manager"
    message = "只有管理员和组织管理者可以查看统计报表。"


@dataclass(frozen=True)
class ReportScope:
    """The subtree a report reads: `unit`, or every unit (`unit` None: operator, admin)."""

    unit: Unit | None

    @property
    def path(self) -> str:
        return self.unit.path if self.unit is not None else "/"


def may_report(actor: Member | None) -> bool:
    return actor is None or has_role(actor, Role.MANAGER)


def sees_everything(actor: Member | None) -> bool:
    return actor is None or is_admin(actor)


def _may_see(actor: Member | None, unit: Unit) -> bool:
    return sees_everything(actor) or has_role(actor, Role.MANAGER, unit)


def report_scope(actor: Member | None, unit_code: str = "") -> ReportScope:
    """The subtree of the unit asked for (by code), or the actor's own top unit; refused
    for a unit that does not exist or lies outside the actor's scope."""
    if not may_report(actor):
        raise NotAManager()
    if unit_code:
        unit = db.session.scalar(select(Unit).where(Unit.code_key == unit_code_key(unit_code)))
        if unit is None:
            raise UnitNotFound(code=unit_code)
        if not _may_see(actor, unit):
            raise UnitOutOfScope(code=unit.code)
        return ReportScope(unit)
    if sees_everything(actor):
        return ReportScope(None)
    assert actor is not None
    managed = sorted((grant.unit for grant in grants_of(actor) if grant.role == Role.MANAGER),
                     key=lambda unit: (unit.depth, unit.path))
    return ReportScope(managed[0])


def units_in_scope(actor: Member | None) -> list[Unit]:
    """Every active unit the actor may report on, in tree order (the unit picker)."""
    query = select(Unit).where(Unit.active.is_(True)).order_by(Unit.path)
    if not sees_everything(actor):
        assert actor is not None
        query = query.where(scope_filter(actor, Role.MANAGER))
    return list(db.session.scalars(query))
