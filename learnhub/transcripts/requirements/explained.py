"""What the page "我的学时是怎么计算的" shows: the credit rules of each source as the code
applies them, the meeting kinds' live values, and the year's rules with the ones that apply
to the member."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from learnhub.core.feature import LedgerSource, registry
from learnhub.discussions.kinds.services import active_kinds
from learnhub.discussions.models import MeetingKind
from learnhub.org.models import Member
from learnhub.transcripts.requirements.models import RequirementRuleVersion
from learnhub.transcripts.requirements.status import (
    Standing,
    default_as_of,
    member_standing,
    version_applies,
    versions_in_force,
)


@dataclass(frozen=True)
class CreditRules:
    year: int
    sources: tuple[LedgerSource, ...]
    meeting_kinds: list[MeetingKind]
    rules: list[RequirementRuleVersion]
    standing: Standing
    matching_ids: frozenset[int]

    def applies(self, version: RequirementRuleVersion) -> bool:
        return version.id in self.matching_ids


def credit_rules(member: Member, today: date) -> CreditRules:
    from learnhub.org.permissions import role_names

    year = today.year
    as_of = default_as_of(year, today)
    versions = sorted(versions_in_force(year, as_of), key=lambda v: (-v.total_hours, v.rule_id))
    roles = role_names(member)
    matching = frozenset(
        version.id for version in versions
        if version_applies(version, political_status=member.political_status,
                           cadre_level=member.cadre_level, party_post=member.party_post,
                           roles=roles, unit_path=member.unit.path))
    return CreditRules(
        year=year, sources=registry().ledger_sources, meeting_kinds=active_kinds(),
        rules=versions, standing=member_standing(member, year, as_of=as_of, roles=roles),
        matching_ids=matching)
