"""Where members stand against a year's requirement (学时要求).

A member matched by several rules must meet the strictest: the highest total, the highest
online minimum, and every required course of every matching rule. A rule counts as it was
on the day asked (`as_of`, by default today within the year): the version in force then.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import joinedload, selectinload

from learnhub.core.feature import registry
from learnhub.core.timeutil import local_today, site_zone
from learnhub.courses.study.models import CourseCompletion
from learnhub.extensions import db
from learnhub.org.models import Member, Unit
from learnhub.org.permissions import roles_by_member
from learnhub.records.models import LedgerEntry
from learnhub.transcripts.requirements.audience import audience_matches, uses_roles
from learnhub.transcripts.requirements.models import (
    RequirementCourse,
    RequirementRule,
    RequirementRuleVersion,
)

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Requirement:
    """What a member must reach in a year; all zero when no rule matches them."""

    year: int
    total_hours: Decimal = ZERO
    online_hours: Decimal = ZERO
    course_ids: frozenset[int] = frozenset()
    rule_names: tuple[str, ...] = ()

    @property
    def applies(self) -> bool:
        return bool(self.rule_names)


@dataclass(frozen=True)
class Standing:
    """A member's year: what was earned (in total and online) against the requirement."""

    member_id: int
    requirement: Requirement
    earned_hours: Decimal
    online_hours: Decimal
    courses_done: frozenset[int] = field(default_factory=frozenset)

    @property
    def courses_pending(self) -> frozenset[int]:
        return self.requirement.course_ids - self.courses_done

    @property
    def hours_missing(self) -> Decimal:
        return max(self.requirement.total_hours - self.earned_hours, ZERO)

    @property
    def online_missing(self) -> Decimal:
        return max(self.requirement.online_hours - self.online_hours, ZERO)

    @property
    def met(self) -> bool:
        return not (self.hours_missing or self.online_missing or self.courses_pending)


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def default_as_of(year: int, today: date | None = None) -> date:
    """The day whose rules count: today within the year, else the year's first or last day."""
    first, last = year_bounds(year)
    today = today or local_today()
    return min(max(today, first), last)


def online_kinds() -> tuple[str, ...]:
    return tuple(source.kind for source in registry().ledger_sources if source.online)


def versions_in_force(year: int, as_of: date) -> list[RequirementRuleVersion]:
    """Each rule of the year as it stood on `as_of` (retired ones left out), with its unit
    and courses loaded. One query for the versions, one for their courses."""
    versions = db.session.scalars(
        select(RequirementRuleVersion)
        .join(RequirementRule)
        .where(RequirementRule.year == year, RequirementRuleVersion.effective_from <= as_of)
        .options(joinedload(RequirementRuleVersion.unit),
                 selectinload(RequirementRuleVersion.courses).joinedload(RequirementCourse.course))
        .order_by(RequirementRuleVersion.rule_id, RequirementRuleVersion.effective_from,
                  RequirementRuleVersion.number)
    ).unique().all()
    latest: dict[int, RequirementRuleVersion] = {}
    for version in versions:
        latest[version.rule_id] = version
    return [version for version in latest.values() if version.active]


def version_applies(version: RequirementRuleVersion, *, political_status: str,
                    cadre_level: str, party_post: str, roles: Collection[str],
                    unit_path: str) -> bool:
    """The version reaches the member's unit (its subtree; no unit: everyone) and its
    audience matches them."""
    return ((version.unit is None or unit_path.startswith(version.unit.path))
            and audience_matches(version.audience or {}, political_status=political_status,
                                 cadre_level=cadre_level, party_post=party_post, roles=roles))


def requirement_for(versions: Sequence[RequirementRuleVersion], year: int, *,
                    political_status: str, cadre_level: str, party_post: str,
                    roles: Collection[str], unit_path: str) -> Requirement:
    """The strictest of the matching versions, combined."""
    matched = [version for version in versions if version_applies(
        version, political_status=political_status, cadre_level=cadre_level,
        party_post=party_post, roles=roles, unit_path=unit_path)]
    if not matched:
        return Requirement(year)
    return Requirement(
        year,
        total_hours=max(version.total_hours for version in matched),
        online_hours=max(version.online_hours for version in matched),
        course_ids=frozenset(link.course_id for version in matched for link in version.courses),
        rule_names=tuple(version.name for version in matched),
    )


def _year_end_utc(year: int) -> datetime:
    return datetime.combine(date(year + 1, 1, 1), time(), tzinfo=site_zone())


def _earned(year: int):
    """Per member: hours in the year and the online part (a subquery, grouped)."""
    first, last = year_bounds(year)
    online = online_kinds()
    return (
        select(LedgerEntry.member_id,
               func.sum(LedgerEntry.credit_hours).label("earned"),
               func.sum(case((LedgerEntry.kind.in_(online), LedgerEntry.credit_hours),
                             else_=0)).label("online"))
        .where(LedgerEntry.occurred_on.between(first, last))
        .group_by(LedgerEntry.member_id)
    )


def member_standing(member: Member, year: int, *, as_of: date | None = None,
                    roles: Collection[str] | None = None,
                    hours: tuple[Decimal, Decimal] | None = None) -> Standing:
    """One member's standing: rules, then the year's two sums and their completions.
    `hours` (earned, online) when the caller has summed the year's entries already (the
    transcript has them all), which saves the sums' query."""
    from learnhub.org.permissions import role_names

    versions = versions_in_force(year, as_of or default_as_of(year))
    requirement = requirement_for(
        versions, year, political_status=member.political_status,
        cadre_level=member.cadre_level, party_post=member.party_post,
        roles=role_names(member) if roles is None else roles, unit_path=member.unit.path)
    if hours is None:
        row = db.session.execute(_earned(year).where(LedgerEntry.member_id == member.id)).first()
        hours = (Decimal(row.earned if row else 0), Decimal(row.online if row else 0))
    done: frozenset[int] = frozenset()
    if requirement.course_ids:
        done = frozenset(db.session.scalars(
            select(CourseCompletion.course_id).where(
                CourseCompletion.member_id == member.id,
                CourseCompletion.course_id.in_(requirement.course_ids),
                CourseCompletion.completed_at < _year_end_utc(year))))
    return Standing(member.id, requirement, earned_hours=hours[0].quantize(ZERO),
                    online_hours=hours[1].quantize(ZERO), courses_done=done)


def subtree_standings(unit: Unit, year: int, *, as_of: date | None = None,
                      include_inactive: bool = False) -> Iterator[tuple[int, Standing]]:
    """(member id, standing) for every member in the unit's subtree: one grouped query for
    the hours, one for the rules, one for roles and one for completions when the rules
    ask for them. Rows come in member order, streamed."""
    versions = versions_in_force(year, as_of or default_as_of(year))
    earned = _earned(year).subquery()
    members = (
        select(Member.id, Member.political_status, Member.cadre_level, Member.party_post,
               Unit.path, earned.c.earned, earned.c.online)
        .join(Unit, Member.unit_id == Unit.id)
        .outerjoin(earned, earned.c.member_id == Member.id)
        .where(Unit.path.startswith(unit.path))
        .order_by(Member.id)
    )
    if not include_inactive:
        members = members.where(Member.active.is_(True))
    roles = (roles_by_member(unit.path) if uses_roles([v.audience or {} for v in versions])
             else {})
    course_ids = {link.course_id for version in versions for link in version.courses}
    done = _completions_in(unit, course_ids, year) if course_ids else {}
    # Members with the same attributes, under the same rule units, have the same
    # requirement: worked out once per combination (a few dozen) instead of per member.
    rule_units = [v.unit.path for v in versions if v.unit is not None]
    known: dict[tuple, Requirement] = {}
    for row in db.session.execute(members).yield_per(2000):
        member_roles = roles.get(row.id, ())
        key = (row.political_status, row.cadre_level, row.party_post, frozenset(member_roles),
               tuple(row.path.startswith(path) for path in rule_units))
        requirement = known.get(key)
        if requirement is None:
            requirement = known[key] = requirement_for(
                versions, year, political_status=row.political_status,
                cadre_level=row.cadre_level, party_post=row.party_post, roles=member_roles,
                unit_path=row.path)
        yield row.id, Standing(
            row.id, requirement,
            earned_hours=Decimal(row.earned or 0).quantize(ZERO),
            online_hours=Decimal(row.online or 0).quantize(ZERO),
            courses_done=done.get(row.id, frozenset()) & requirement.course_ids)


def _completions_in(unit: Unit, course_ids: Iterable[int], year: int) -> dict[int, frozenset[int]]:
    found: dict[int, set[int]] = {}
    rows = db.session.execute(
        select(CourseCompletion.member_id, CourseCompletion.course_id)
        .join(Member, CourseCompletion.member_id == Member.id)
        .join(Unit, Member.unit_id == Unit.id)
        .where(and_(Unit.path.startswith(unit.path),
                    CourseCompletion.course_id.in_(list(course_ids)),
                    CourseCompletion.completed_at < _year_end_utc(year))))
    for member_id, course_id in rows:
        found.setdefault(member_id, set()).add(course_id)
    return {member_id: frozenset(ids) for member_id, ids in found.items()}
