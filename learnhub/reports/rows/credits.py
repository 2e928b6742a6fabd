"""学时达标: one row per member for the year, from the transcripts' standings
(`subtree_standings`: the requirement is the strictest matching rule, earned and online
hours from the ledger), so the report says what the transcript says."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import select

from learnhub.core.messages import N_
from learnhub.extensions import db
from learnhub.org.models import Member, Unit
from learnhub.reports.filters import ReportFilters
from learnhub.reports.scope import ReportScope
from learnhub.transcripts.requirements.status import (
    Standing,
    default_as_of,
    subtree_standings,
)

STREAM_BATCH = 2000


class CreditStatus(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NONE = "none"


STATUS_LABELS = {
    CreditStatus.MET: N_("达标"),
    CreditStatus.NOT_MET: N_("未达标"),
    CreditStatus.NONE: N_("无要求"),
}


@dataclass(frozen=True, slots=True)
class CreditRow:
    member_id: int
    employee_no: str
    name: str
    unit_name: str
    unit_path: str
    year: int
    earned: Decimal
    required: Decimal
    online: Decimal
    required_online: Decimal
    status: CreditStatus


def credit_rows(scope: ReportScope, filters: ReportFilters, *, today: date
                ) -> Iterator[CreditRow]:
    """Every active member of the scope (of the 政治面貌 asked for), in member order: the
    standings and the members' names are two streams in the same order, merged."""
    standings = subtree_standings(subtree_of(scope), filters.year,
                                  as_of=default_as_of(filters.year, today))
    first = next(standings, None)  # the standings' queries run before the names' stream opens
    if first is None:
        return
    query = (
        select(Member.id, Member.employee_no, Member.name, Unit.name.label("unit_name"),
               Unit.path)
        .join(Unit, Unit.id == Member.unit_id)
        .where(Member.active.is_(True), Unit.path.startswith(scope.path))
        .order_by(Member.id)
        .execution_options(yield_per=STREAM_BATCH)
    )
    if filters.political_status:
        query = query.where(Member.political_status == filters.political_status)
    member_id, standing = first
    for row in db.session.execute(query):
        while member_id < row.id:
            following = next(standings, None)
            if following is None:
                return
            member_id, standing = following
        if member_id != row.id:  # joined between the two reads: in the next report
            continue
        yield credit_row(row.id, row.employee_no, row.name, row.unit_name, row.path,
                         filters.year, standing)


def credit_row(member_id: int, employee_no: str, name: str, unit_name: str, unit_path: str,
               year: int, standing: Standing) -> CreditRow:
    requirement = standing.requirement
    status = (CreditStatus.NONE if not requirement.applies
              else CreditStatus.MET if standing.met else CreditStatus.NOT_MET)
    return CreditRow(
        member_id=member_id, employee_no=employee_no, name=name, unit_name=unit_name,
        unit_path=unit_path, year=year, earned=standing.earned_hours,
        required=requirement.total_hours, online=standing.online_hours,
        required_online=requirement.online_hours, status=status)


def subtree_of(scope: ReportScope) -> Unit:
    """The unit whose subtree the standings read; for every unit, a stand-in whose path
    ("/") every unit's path starts with (it is never added to the session)."""
    return scope.unit if scope.unit is not None else Unit(path="/", code="", name="")
