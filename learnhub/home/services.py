"""What the home page shows: who you are, this year's 学时, and the panels the features
register (Feature.home_panels)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from learnhub.core.feature import registry
from learnhub.extensions import db
from learnhub.org.models import Member, Unit
from learnhub.org.permissions import grants_of
from learnhub.records.services import member_year


@dataclass
class Dashboard:
    member: Member
    unit_chain: list[Unit]
    roles: list[tuple[str, Unit]]
    year: int
    year_credit_hours: Decimal
    panels: dict[str, object] = field(default_factory=dict)


def unit_chain(unit: Unit) -> list[Unit]:
    """The unit and its ancestors, root first, in one query."""
    ids = [int(p) for p in unit.path.strip("/").split("/") if p]
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(ids)))}
    return [units[i] for i in ids if i in units]


def dashboard_for(member: Member, *, today: date) -> Dashboard:
    ledger = member_year(member.id, today.year)
    roles = [(g.role.value, g.unit) for g in grants_of(member)]
    dashboard = Dashboard(member=member, unit_chain=unit_chain(member.unit), roles=roles,
                          year=today.year, year_credit_hours=ledger.total)
    for panel in registry().home_panels:  # each feature's, in the registry's order
        shown = panel.build(member, today)
        if shown is not None:
            dashboard.panels[panel.name] = shown
    return dashboard


def database_ok() -> bool:
    """The database answers and `member`, which every signed-in request reads, can be
    read. `SELECT 1` would say yes while a lock held on that table (or a locked SQLite
    file, which it never opens) keeps every page waiting; this fails after the lock,
    statement or connect timeout instead (config.py, DB_*_TIMEOUT)."""
    try:
        db.session.execute(select(Member.id).limit(1))
        return True
    except SQLAlchemyError:
        db.session.rollback()
        return False
