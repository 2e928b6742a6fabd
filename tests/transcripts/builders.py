"""Requirement rules and closed years for transcript tests; flush, never commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from itertools import count

from learnhub.extensions import db
from learnhub.org.models import Unit
from learnhub.records.models import ClosedYear
from learnhub.transcripts.requirements.models import (
    RequirementCourse,
    RequirementRule,
    RequirementRuleVersion,
)

_serial = count(1)


def make_rule(year: int = 2026, *, total: str = "32", online: str = "0",
              audience: dict | None = None, unit: Unit | None = None,
              course_ids: Sequence[int] = (), effective_from: date | None = None,
              name: str | None = None, active: bool = True) -> RequirementRule:
    """A rule with one version in force from the year's first day."""
    rule = RequirementRule(year=year)
    db.session.add(rule)
    db.session.flush()
    add_version(rule, total=total, online=online, audience=audience, unit=unit,
                course_ids=course_ids, effective_from=effective_from or date(year, 1, 1),
                name=name or f"测试要求{next(_serial)}", active=active)
    return rule


def add_version(rule: RequirementRule, *, total: str, online: str = "0",
                audience: dict | None = None, unit: Unit | None = None,
                course_ids: Sequence[int] = (), effective_from: date, name: str = "测试要求",
                active: bool = True) -> RequirementRuleVersion:
    number = 1 + (db.session.query(RequirementRuleVersion).filter_by(rule_id=rule.id).count())
    version = RequirementRuleVersion(
        rule_id=rule.id, number=number, effective_from=effective_from, active=active,
        name=name, audience=audience or {}, unit_id=unit.id if unit else None,
        total_hours=Decimal(total), online_hours=Decimal(online))
    version.courses = [RequirementCourse(course_id=course_id) for course_id in course_ids]
    db.session.add(version)
    db.session.flush()
    return version


def close_year(year: int) -> ClosedYear:
    closed = ClosedYear(year=year)
    db.session.add(closed)
    db.session.flush()
    return closed
