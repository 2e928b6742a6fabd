"""Read-side queries of the audit log: the filtered log, its filter choices, and the recent
events about one member."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from learnhub.core.pagination import Page, paginate
from learnhub.core.timeutil import site_zone
from learnhub.extensions import db
from learnhub.org.models import AuditEvent, Member

# The actor's own unit is inner-joined by default; nested under the outer join to the
# actor, SQLite then materialises member x unit for every page. The log never shows it.
_ACTOR_WITHOUT_UNIT = joinedload(AuditEvent.actor).raiseload(Member.unit)


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


def audit_page(filters: AuditFilters, *, page: int, per_page: int) -> Page:
    """One page of the log, newest first."""
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
    query = query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    return paginate(query, page=page, per_page=per_page)


def audit_facets() -> tuple[list[str], list[str]]:
    """The actions and object types present in the log, for the filter pickers."""
    actions = db.session.scalars(select(AuditEvent.action).distinct()
                                 .order_by(AuditEvent.action)).all()
    types = db.session.scalars(select(AuditEvent.object_type).distinct()
                               .order_by(AuditEvent.object_type)).all()
    return list(actions), list(types)


def member_audit(member: Member, limit: int = 20) -> Sequence[AuditEvent]:
    """The latest events about one member, for their page."""
    return db.session.scalars(
        select(AuditEvent).options(_ACTOR_WITHOUT_UNIT)
        .where(AuditEvent.object_type == "member", AuditEvent.object_id == str(member.id))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)).all()
