"""Year close (年度关账): an admin closes a year that has ended; every member's standing is
frozen as it stood at the year's end, and from then on only audited corrections change the
year. `standing_of_record` is what the transcript shows for a year: the frozen figures of a
closed year, the live ones of an open year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import joinedload

from learnhub.core.errors import Conflict, NotFound, ValidationFailed
from learnhub.core.timeutil import local_today
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.members.services import member_by_employee_no as find_member
from learnhub.org.models import Member, Unit
from learnhub.records.models import ClosedYear, LedgerEntry
from learnhub.records.services import credit, is_year_closed
from learnhub.transcripts.requirements.models import RequirementRule
from learnhub.transcripts.requirements.status import (
    Requirement,
    Standing,
    member_standing,
    subtree_standings,
)
from learnhub.transcripts.years.models import YearStanding

CORRECTION_KIND = "manual"
CORRECTION_SOURCE = "correction"
CHUNK = 5000


class YearNotOver(ValidationFailed):
    code = "year_not_over"
    message = "%(year)s 年度尚未结束，不能关账。"


class YearAlreadyClosed(Conflict):
    code = "year_already_closed"
    message = "%(year)s 年度已经关账。"


class YearOpen(ValidationFailed):
    code = "year_open"
    message = "%(year)s 年度尚未关账，学时请按常规方式记录。"


@dataclass(frozen=True)
class YearState:
    year: int
    ended: bool
    closed: ClosedYear | None
    rules: int


def year_states(today: date) -> list[YearState]:
    """The years with rules or a close, plus this year and the last, newest first."""
    rules: dict[int, int] = {year: count for year, count in db.session.execute(
        select(RequirementRule.year, func.count()).group_by(RequirementRule.year))}
    closed = {c.year: c for c in db.session.scalars(
        select(ClosedYear).options(joinedload(ClosedYear.closed_by)))}
    years = set(rules) | set(closed) | {today.year, today.year - 1}
    return [YearState(year, year < today.year, closed.get(year), rules.get(year, 0))
            for year in sorted(years, reverse=True)]


def close_year(actor: Member, year: int, now: datetime, *, note: str = "") -> int:
    """Close a year that has ended and freeze every member's standing (deactivated members
    too: they keep their transcripts). Returns how many standings were frozen."""
    if year >= local_today().year:
        raise YearNotOver(year=year)
    if is_year_closed(year):
        raise YearAlreadyClosed(year=year)
    db.session.add(ClosedYear(year=year, closed_at=now, closed_by_id=actor.id, note=note.strip()))
    db.session.flush()
    roots = db.session.scalars(select(Unit).where(Unit.parent_id.is_(None))).all()
    frozen = 0
    rows: list[dict] = []
    for root in roots:
        for member_id, standing in subtree_standings(root, year, as_of=date(year, 12, 31),
                                                     include_inactive=True):
            rows.append(_row(year, member_id, standing))
            if len(rows) >= CHUNK:
                frozen += _insert(rows)
    frozen += _insert(rows)
    record_audit(actor, "year.close", "closed_year", year,
                 summary=f"{year}: {frozen}", details={"standings": frozen})
    return frozen


def _insert(rows: list[dict]) -> int:
    if rows:
        db.session.execute(insert(YearStanding), rows)
    count = len(rows)
    rows.clear()
    return count


def _row(year: int, member_id: int, standing: Standing) -> dict:
    requirement = standing.requirement
    return {"year": year, "member_id": member_id, "earned_hours": standing.earned_hours,
            "online_hours": standing.online_hours, "required_hours": requirement.total_hours,
            "required_online_hours": requirement.online_hours,
            "required_course_ids": sorted(requirement.course_ids),
            "courses_done": len(standing.courses_done),
            "done_course_ids": sorted(standing.courses_done),
            "rule_names": list(requirement.rule_names), "met": standing.met}


def frozen_standing(row: YearStanding) -> Standing:
    requirement = Requirement(
        row.year, total_hours=row.required_hours, online_hours=row.required_online_hours,
        course_ids=frozenset(row.required_course_ids or ()),
        rule_names=tuple(row.rule_names or ()))
    return Standing(row.member_id, requirement, earned_hours=row.earned_hours,
                    online_hours=row.online_hours,
                    courses_done=frozenset(row.done_course_ids or ()))


def standing_of_record(member: Member, year: int) -> Standing:
    """The frozen standing of a closed year (with the corrections made since), else the
    live one."""
    row = db.session.get(YearStanding, (year, member.id))
    if row is not None:
        return frozen_standing(row)
    return member_standing(member, year)


def correct(actor: Member, member: Member, year: int, hours: Decimal, reason: str,
            token: str) -> LedgerEntry:
    """Credit hours to a member in a closed year, as an audited correction on the year's
    last day; the frozen standing takes them in. `token` (from the form) makes a double
    submit credit once."""
    reason = reason.strip()
    if not is_year_closed(year):
        raise YearOpen(year=year)
    if not reason:
        raise ValidationFailed("请填写更正原因。", fields={"reason": "required"})
    if hours <= 0:
        raise ValidationFailed("更正学时必须大于 0。", fields={"hours": "invalid"})
    if not token:
        raise NotFound()
    source_id = f"{year}:{token}"[:64]
    existing = db.session.scalar(select(LedgerEntry.id).where(
        LedgerEntry.member_id == member.id, LedgerEntry.kind == CORRECTION_KIND,
        LedgerEntry.source_type == CORRECTION_SOURCE, LedgerEntry.source_id == source_id))
    entry = credit(member, kind=CORRECTION_KIND, source_type=CORRECTION_SOURCE,
                   source_id=source_id, credit_hours=hours, occurred_on=date(year, 12, 31),
                   recorded_by=actor, note=reason[:500], correction_reason=reason)
    row = db.session.get(YearStanding, (year, member.id))
    if existing is None and row is not None:
        row.earned_hours += entry.credit_hours
        row.met = frozen_standing(row).met
        db.session.flush()
    return entry


def member_by_employee_no(employee_no: str) -> Member:
    member = find_member(employee_no)
    if member is None:
        raise ValidationFailed("没有这个工号。", fields={"employee_no": "unknown"})
    return member
