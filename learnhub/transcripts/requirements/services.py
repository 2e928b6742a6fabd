"""Editing requirement rules (admins). A change is always a new version with its own
effective date: what was in force before it stays as it was, and every change is audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from learnhub.core.errors import NotFound, ValidationFailed
from learnhub.core.messages import N_
from learnhub.courses.models import Course
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member, Unit
from learnhub.org.units.services import unit_by_code
from learnhub.transcripts.requirements.audience import CRITERIA
from learnhub.transcripts.requirements.models import (
    RequirementCourse,
    RequirementRule,
    RequirementRuleVersion,
)
from learnhub.transcripts.requirements.status import year_bounds


class RuleInvalid(ValidationFailed):
    """One or more fields of a rule are wrong; each message goes under its field."""

    code = "rule_invalid"
    message = "学时要求有误，请检查后重试。"

    def __init__(self, messages: dict[str, tuple[str, dict]]) -> None:
        super().__init__(fields={name: "invalid" for name in messages})
        self.messages = messages  # field → (msgid, its parameters)

    def field_messages(self) -> dict[str, str]:
        from flask_babel import gettext

        return {name: gettext(msgid, **params)
                for name, (msgid, params) in self.messages.items()}


@dataclass(frozen=True)
class RuleDraft:
    """What an admin typed for a rule version, before the slugs and the unit are resolved."""

    name: str
    total_hours: Decimal
    online_hours: Decimal
    effective_from: date
    source: str = ""
    audience: dict[str, list[str]] = field(default_factory=dict)
    unit_code: str = ""
    course_slugs: tuple[str, ...] = ()
    active: bool = True


@dataclass(frozen=True)
class Resolved:
    """A draft with its unit and courses found."""

    draft: RuleDraft
    unit: Unit | None
    courses: tuple[Course, ...]


@dataclass(frozen=True)
class RuleRow:
    """A rule of the year for the list: its latest version and the one in force today."""

    rule: RequirementRule
    latest: RequirementRuleVersion
    in_force: RequirementRuleVersion | None


def rules_of_year(year: int, today: date) -> list[RuleRow]:
    """Every rule of the year with all its versions (units and courses loaded): 2 queries."""
    rules = db.session.scalars(
        select(RequirementRule).where(RequirementRule.year == year)
        .options(selectinload(RequirementRule.versions).options(
            joinedload(RequirementRuleVersion.unit),
            selectinload(RequirementRuleVersion.courses).joinedload(RequirementCourse.course)))
        .order_by(RequirementRule.id)).all()
    rows = []
    for rule in rules:
        ordered = sorted(rule.versions, key=lambda v: (v.effective_from, v.number))
        current = [v for v in ordered if v.effective_from <= today]
        rows.append(RuleRow(rule, rule.versions[-1], current[-1] if current else None))
    return rows


def get_rule(rule_id: int) -> RequirementRule:
    rule = db.session.scalar(
        select(RequirementRule).where(RequirementRule.id == rule_id)
        .options(selectinload(RequirementRule.versions).options(
            joinedload(RequirementRuleVersion.unit),
            joinedload(RequirementRuleVersion.created_by),
            selectinload(RequirementRuleVersion.courses).joinedload(RequirementCourse.course))))
    if rule is None:
        raise NotFound()
    return rule


def latest_version(rule: RequirementRule) -> RequirementRuleVersion:
    return rule.versions[-1]


def rule_years(today: date) -> list[int]:
    """The years with rules, and this year and the next, newest first."""
    years = set(db.session.scalars(select(RequirementRule.year).distinct()))
    return sorted(years | {today.year, today.year + 1}, reverse=True)


def clean_audience(audience: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Only the known criteria, without blanks or repeats; a criterion left empty is dropped."""
    cleaned: dict[str, list[str]] = {}
    for name in CRITERIA:
        values: list[str] = []
        for value in audience.get(name) or ():
            value = value.strip()
            if value and value not in values:
                values.append(value)
        if values:
            cleaned[name] = values
    return cleaned


def resolve(draft: RuleDraft, year: int, rule: RequirementRule | None = None) -> Resolved:
    """Check what needs the database or the year: the effective date within the year (and
    not before the rule's latest version), the unit code and the course slugs."""
    problems: dict[str, tuple[str, dict]] = {}
    first, last = year_bounds(year)
    if not first <= draft.effective_from <= last:
        problems["effective_from"] = (N_("生效日期必须在该年度之内。"), {})
    elif rule is not None and draft.effective_from < latest_version(rule).effective_from:
        problems["effective_from"] = (N_("生效日期不能早于上一个版本的生效日期。"), {})
    if draft.total_hours < 0 or draft.online_hours < 0:
        problems["total_hours"] = (N_("学时不能为负数。"), {})
    elif draft.online_hours > draft.total_hours:
        problems["online_hours"] = (N_("网络学习学时不能多于总学时。"), {})
    unit = None
    if draft.unit_code:
        unit = unit_by_code(draft.unit_code)
        if unit is None:
            problems["unit_code"] = (N_("没有这个组织编码。"), {})
    courses: list[Course] = []
    if draft.course_slugs:
        found = {c.slug: c for c in db.session.scalars(
            select(Course).where(Course.slug.in_(draft.course_slugs)))}
        unknown = [slug for slug in draft.course_slugs if slug not in found]
        if unknown:
            problems["course_slugs"] = (N_("没有这些课程：%(slugs)s"), {"slugs": "、".join(unknown)})
        courses = [found[slug] for slug in draft.course_slugs if slug in found]
    if problems:
        raise RuleInvalid(problems)
    return Resolved(draft, unit, tuple(courses))


def build_version(resolved: Resolved, *, rule_id: int | None, number: int,
                  actor: Member | None) -> RequirementRuleVersion:
    """A version made from a draft, not yet in the session (the preview uses it too)."""
    draft = resolved.draft
    version = RequirementRuleVersion(
        rule_id=rule_id, number=number, effective_from=draft.effective_from,
        active=draft.active, name=draft.name.strip(), audience=clean_audience(draft.audience),
        unit_id=resolved.unit.id if resolved.unit else None,
        total_hours=draft.total_hours, online_hours=draft.online_hours,
        source=draft.source.strip(), created_by_id=actor.id if actor else None)
    version.unit = resolved.unit
    version.courses = [RequirementCourse(course_id=course.id) for course in resolved.courses]
    return version


def create_rule(actor: Member, year: int, draft: RuleDraft, now: datetime) -> RequirementRule:
    resolved = resolve(draft, year)
    rule = RequirementRule(year=year, created_at=now, created_by_id=actor.id)
    db.session.add(rule)
    db.session.flush()
    version = build_version(resolved, rule_id=rule.id, number=1, actor=actor)
    version.created_at = now
    db.session.add(version)
    db.session.flush()
    record_audit(actor, "requirement_rule.create", "requirement_rule", rule.id,
                 summary=f"{year}: {version.name}", details=_snapshot(version))
    return rule


def add_version(actor: Member, rule: RequirementRule, draft: RuleDraft,
                now: datetime) -> RequirementRuleVersion:
    """A new version from its effective date on; earlier versions are left untouched."""
    resolved = resolve(draft, rule.year, rule)
    number = 1 + (db.session.scalar(select(func.max(RequirementRuleVersion.number))
                                    .where(RequirementRuleVersion.rule_id == rule.id)) or 0)
    version = build_version(resolved, rule_id=rule.id, number=number, actor=actor)
    version.created_at = now
    db.session.add(version)
    db.session.flush()
    action = "requirement_rule.version" if draft.active else "requirement_rule.retire"
    record_audit(actor, action, "requirement_rule", rule.id,
                 summary=f"{rule.year}: {version.name} v{number}", details=_snapshot(version))
    return version


def retirement_draft(rule: RequirementRule, effective_from: date) -> RuleDraft:
    """The latest version as it is, inactive from `effective_from`."""
    return draft_of(latest_version(rule), effective_from=effective_from, active=False)


def draft_of(version: RequirementRuleVersion, *, effective_from: date,
             active: bool = True) -> RuleDraft:
    return RuleDraft(
        name=version.name, total_hours=version.total_hours, online_hours=version.online_hours,
        effective_from=effective_from, source=version.source,
        audience={k: list(v) for k, v in (version.audience or {}).items()},
        unit_code=version.unit.code if version.unit else "",
        course_slugs=tuple(link.course.slug for link in version.courses), active=active)


def _snapshot(version: RequirementRuleVersion) -> dict:
    return {"number": version.number, "effective_from": version.effective_from.isoformat(),
            "active": version.active, "total_hours": str(version.total_hours),
            "online_hours": str(version.online_hours), "audience": version.audience,
            "unit_id": version.unit_id, "course_ids": [c.course_id for c in version.courses],
            "source": version.source}
