"""Read-side queries about units: the tree with member counts, and unit pickers. Each costs
a fixed number of SQL statements whatever the size of the tree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Row, func, select

from learnhub.extensions import db
from learnhub.org.models import Member, Role, Unit
from learnhub.org.permissions import scope_filter


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    members: int  # active members directly in the unit
    subtree_members: int  # active members in the unit and everything under it


def units_with_counts() -> list[UnitRow]:
    """The whole tree in path order with active-member counts, in one query."""
    counts = (select(Member.unit_id, func.count().label("n"))
              .where(Member.active.is_(True)).group_by(Member.unit_id).subquery())
    rows = db.session.execute(
        select(Unit, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.unit_id == Unit.id).order_by(Unit.path)
    ).all()
    totals: dict[int, int] = {}
    for unit, direct in rows:
        for ancestor in unit.path.strip("/").split("/"):
            if ancestor:
                totals[int(ancestor)] = totals.get(int(ancestor), 0) + direct
    return [UnitRow(unit, direct, totals.get(unit.id, 0)) for unit, direct in rows]


def unit_summary(unit: Unit) -> tuple[int, int]:
    """(units in the subtree below this one, active members in the subtree)."""
    below = db.session.scalar(select(func.count(Unit.id)).where(
        Unit.path.like(unit.path + "%"), Unit.id != unit.id)) or 0
    members = db.session.scalar(select(func.count(Member.id)).join(Member.unit).where(
        Unit.path.like(unit.path + "%"), Member.active.is_(True))) or 0
    return below, members


def unit_options(actor: Member | None = None, *, active_only: bool = True) -> Sequence[Row]:
    """(code, name) of units for a picker, in tree order; within the actor's manager scope
    if given. Plain rows, not entities: a picker lists every unit, and entities cost more."""
    query = select(Unit.code, Unit.name).order_by(Unit.path)
    if active_only:
        query = query.where(Unit.active.is_(True))
    if actor is not None:
        query = query.where(scope_filter(actor, Role.MANAGER))
    return db.session.execute(query).all()


def active_units_in_scope(actor: Member, role: Role, *, limit: int | None = None
                          ) -> list[Unit]:
    """Active units the actor holds `role` over, in tree order (one query)."""
    return list(db.session.scalars(
        select(Unit).where(Unit.active.is_(True), scope_filter(actor, role))
        .order_by(Unit.path).limit(limit)))


def example_unit_code() -> str:
    """A real, active unit code for an example row, so that it passes as it is (the deepest
    unit first: rows belong in branches); ROOT on an empty site."""
    unit = db.session.scalar(select(Unit).where(Unit.active.is_(True))
                             .order_by(Unit.depth.desc(), Unit.path).limit(1))
    return unit.code if unit else "ROOT"
