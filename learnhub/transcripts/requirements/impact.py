"""Who a rule change affects, shown before it is saved: members the rule newly covers, no
longer covers, and whose required hours change. The rules as they will stand on the
change's effective date are compared with the rules in force that day without it, over
every active member: one query for the members, one for their roles when a rule asks for
roles, the matching in Python (20,000 members in well under a second)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from learnhub.extensions import db
from learnhub.org.models import Member, Unit
from learnhub.org.permissions import roles_by_member
from learnhub.transcripts.requirements.audience import uses_roles
from learnhub.transcripts.requirements.models import RequirementRuleVersion
from learnhub.transcripts.requirements.status import (
    requirement_for,
    version_applies,
    versions_in_force,
)

SAMPLE_SIZE = 10


@dataclass
class Group:
    """How many members, and the first few names."""

    count: int = 0
    names: list[str] = field(default_factory=list)

    def add(self, name: str) -> None:
        self.count += 1
        if len(self.names) < SAMPLE_SIZE:
            self.names.append(name)


@dataclass
class Impact:
    covered_before: int = 0
    covered_after: int = 0
    newly_covered: Group = field(default_factory=Group)
    no_longer_covered: Group = field(default_factory=Group)
    hours_changed: Group = field(default_factory=Group)

    @property
    def anyone(self) -> bool:
        return bool(self.newly_covered.count or self.no_longer_covered.count
                    or self.hours_changed.count)


def _applies(version: RequirementRuleVersion | None, row, roles: Collection[str]) -> bool:
    return version is not None and version.active and version_applies(
        version, political_status=row.political_status, cadre_level=row.cadre_level,
        party_post=row.party_post, roles=roles, unit_path=row.path)


def change_impact(year: int, rule_id: int | None,
                  proposed: RequirementRuleVersion) -> Impact:
    """Compare the year's rules on `proposed.effective_from` with and without the proposed
    version of rule `rule_id` (None: a new rule)."""
    as_of = proposed.effective_from
    before: Sequence[RequirementRuleVersion] = versions_in_force(year, as_of)
    current = next((v for v in before if v.rule_id == rule_id), None) if rule_id else None
    after = [v for v in before if rule_id is None or v.rule_id != rule_id]
    if proposed.active:
        after.append(proposed)
    audiences = [v.audience or {} for v in (*before, proposed)]
    roles = roles_by_member() if uses_roles(audiences) else {}
    impact = Impact()
    # The same attributes under the same rule units give the same answer: once per
    # combination, not per member.
    rule_units = [v.unit.path for v in (*before, proposed) if v.unit is not None]
    known: dict[tuple, bool] = {}
    rows = db.session.execute(
        select(Member.id, Member.name, Member.political_status, Member.cadre_level,
               Member.party_post, Unit.path)
        .join(Unit, Member.unit_id == Unit.id).where(Member.active.is_(True))
        .order_by(Member.id))
    for row in rows:
        member_roles = roles.get(row.id, frozenset())
        was = _applies(current, row, member_roles)
        will = _applies(proposed, row, member_roles)
        impact.covered_before += was
        impact.covered_after += will
        if will and not was:
            impact.newly_covered.add(row.name)
        elif was and not will:
            impact.no_longer_covered.add(row.name)
        if not (was or will):
            continue  # the change cannot move this member's requirement
        key = (row.political_status, row.cadre_level, row.party_post, frozenset(member_roles),
               tuple(row.path.startswith(path) for path in rule_units))
        changed = known.get(key)
        if changed is None:
            attributes = dict(political_status=row.political_status,
                              cadre_level=row.cadre_level, party_post=row.party_post,
                              roles=member_roles, unit_path=row.path)
            old = requirement_for(before, year, **attributes)
            new = requirement_for(after, year, **attributes)
            changed = known[key] = ((old.total_hours, old.online_hours)
                                    != (new.total_hours, new.online_hours))
        if changed:
            impact.hours_changed.add(row.name)
    return impact


