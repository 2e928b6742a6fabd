"""Read-side queries for the admin pages. Each list costs a fixed number of SQL queries
whatever its size: filters and scope are applied in SQL, related rows are joined in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, func, select
from sqlalchemy.orm import aliased, joinedload

from learnhub.core.pagination import MAX_PER_PAGE, Page, clamp_per_page, paginate
from learnhub.core.timeutil import site_zone
from learnhub.extensions import db
from learnhub.org.models import AuditEvent, Member, Role, RoleGrant, Unit
from learnhub.org.permissions import scope_filter, scope_paths

__all__ = ["MAX_PER_PAGE", "Page", "clamp_per_page", "paginate"]  # re-exported for views

# Units -----------------------------------------------------------------------------------

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
    if given. Plain rows, not entities: at a few hundred units the ORM costs ~10 ms."""
    query = select(Unit.code, Unit.name).order_by(Unit.path)
    if active_only:
        query = query.where(Unit.active.is_(True))
    if actor is not None:
        query = query.where(scope_filter(actor, Role.MANAGER))
    return db.session.execute(query).all()


# Members ---------------------------------------------------------------------------------

MEMBER_SORTS: dict[str, Any] = {
    "employee_no": Member.employee_no,
    "name": Member.name,
    "unit": Unit.path,
    "political_status": Member.political_status,
    "position": Member.position,
    "joined_party_on": Member.joined_party_on,
}


@dataclass(frozen=True)
class MemberFilters:
    unit: Unit | None = None
    name: str = ""
    employee_no: str = ""
    political_status: str = ""
    status: str = "active"  # active | inactive | all
    sort: str = "employee_no"  # a MEMBER_SORTS key, "-key" for descending


def active_units_in_scope(actor: Member, role: Role, *, limit: int | None = None
                          ) -> list[Unit]:
    """Active units the actor holds `role` over, in tree order (one query)."""
    return list(db.session.scalars(
        select(Unit).where(Unit.active.is_(True), scope_filter(actor, role))
        .order_by(Unit.path).limit(limit)))


def member_list_query(actor: Member, filters: MemberFilters) -> Select:
    """Members the actor may see (scoped in SQL), filtered and sorted.

    A subtree deep in the tree holds few members, so the query starts from its units
    (`unit_id IN (units under the path)`, an index search); a top-level unit holds nearly
    everyone, so there it is cheaper to walk the sort column's index and test each row.
    SQLite cannot use the path index for LIKE (case-insensitive), hence the two forms."""
    query = select(Member).join(Member.unit)
    if scope_paths(actor, Role.MANAGER) is not None:  # not an admin
        query = query.where(_units_where(scope_filter(actor, Role.MANAGER)))
    if filters.unit is not None:
        subtree = Unit.path.like(filters.unit.path + "%")
        query = query.where(subtree if filters.unit.depth == 0 else _units_where(subtree))
    if filters.name:
        query = query.where(Member.name.contains(filters.name, autoescape=True))
    if filters.employee_no:
        query = query.where(Member.employee_no.istartswith(filters.employee_no, autoescape=True))
    if filters.political_status:
        query = query.where(Member.political_status == filters.political_status)
    if filters.status == "active":
        query = query.where(Member.active.is_(True))
    elif filters.status == "inactive":
        query = query.where(Member.active.is_(False))
    key = filters.sort.lstrip("-")
    column = MEMBER_SORTS.get(key, Member.employee_no)
    order = column.desc() if filters.sort.startswith("-") else column.asc()
    if key == "joined_party_on":
        order = order.nulls_last()
    return query.order_by(order, Member.id)


def _units_where(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    return Member.unit_id.in_(select(Unit.id).where(condition))


def member_grants(member: Member) -> Sequence[RoleGrant]:
    return db.session.scalars(select(RoleGrant).where(RoleGrant.member_id == member.id)
                              .order_by(RoleGrant.granted_at)).all()


# The actor's own unit is inner-joined by default; nested under the outer join to the
# actor, SQLite then materialises member x unit for every page. The log never shows it.
_ACTOR_WITHOUT_UNIT = joinedload(AuditEvent.actor).raiseload(Member.unit)


def member_audit(member: Member, limit: int = 20) -> Sequence[AuditEvent]:
    return db.session.scalars(
        select(AuditEvent).options(_ACTOR_WITHOUT_UNIT)
        .where(AuditEvent.object_type == "member",
                                 AuditEvent.object_id == str(member.id))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)).all()


# Grants ----------------------------------------------------------------------------------

def grant_list_query(*, role: str = "", employee_no: str = "") -> Select:
    """Rows of (grant, member, granted-by name or None), newest first.

    Only the granter's name is selected: loading the whole entity would bring its
    inner-joined unit, which would drop the grants nobody granted (demo, CLI)."""
    granter = aliased(Member)
    query = (select(RoleGrant, Member, granter.name.label("granted_by"))
             .join(Member, Member.id == RoleGrant.member_id)
             .outerjoin(granter, granter.id == RoleGrant.granted_by_id))
    if role:
        query = query.where(RoleGrant.role == Role(role))
    if employee_no:
        query = query.where(Member.employee_no.istartswith(employee_no, autoescape=True))
    return query.order_by(RoleGrant.granted_at.desc(), RoleGrant.id.desc())


# Audit log -------------------------------------------------------------------------------

@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    actor_employee_no: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: date | None = None  # in the site zone, inclusive
    date_to: date | None = None  # in the site zone, inclusive


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=site_zone())


def audit_list_query(filters: AuditFilters) -> Select:
    query = select(AuditEvent).options(_ACTOR_WITHOUT_UNIT)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.actor_employee_no:
        query = query.where(AuditEvent.actor_id.in_(
            select(Member.id).where(Member.employee_no == filters.actor_employee_no)))
    if filters.object_type:
        query = query.where(AuditEvent.object_type == filters.object_type)
    if filters.object_id:
        query = query.where(AuditEvent.object_id == filters.object_id)
    if filters.date_from:
        query = query.where(AuditEvent.at >= _start_of(filters.date_from))
    if filters.date_to:
        query = query.where(AuditEvent.at < _start_of(filters.date_to + timedelta(days=1)))
    return query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


def audit_facets() -> tuple[list[str], list[str]]:
    """The actions and object types present in the log, for the filter pickers."""
    actions = db.session.scalars(select(AuditEvent.action).distinct()
                                 .order_by(AuditEvent.action)).all()
    types = db.session.scalars(select(AuditEvent.object_type).distinct()
                               .order_by(AuditEvent.object_type)).all()
    return list(actions), list(types)
