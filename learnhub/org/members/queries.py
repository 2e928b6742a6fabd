"""Read-side queries about members: the scoped, filtered and sorted member list. A page
costs the same number of SQL statements whatever its size: filters and scope are applied
in SQL, related rows are joined in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, select

from learnhub.core.pagination import Page, paginate
from learnhub.org.models import Member, Role, Unit
from learnhub.org.permissions import scope_filter, scope_paths

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


def member_page(actor: Member, filters: MemberFilters, *, page: int, per_page: int) -> Page:
    """One page of the members the actor may see, filtered and sorted."""
    return paginate(_member_list_query(actor, filters), page=page, per_page=per_page)


def _member_list_query(actor: Member, filters: MemberFilters) -> Select:
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
