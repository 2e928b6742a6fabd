"""The demo's requirement rules, for the current year and the last: examples an
organisation replaces with its own (docs/transcripts.md, "学时要求").

- 党员 (中共党员, 中共预备党员): at least 32 学时 a year, and branch secretaries and committee
  members (书记, 副书记, 委员) at least 56: the figures of 《中国共产党党员教育管理工作条例》
  (中共中央, 2019) for party members' concentrated training and collective study, and for
  grassroots secretaries and committee members.
- 干部 (any cadre level): 90 学时 with at least 50 online. 90 学时 a year is the figure of
  《干部教育培训工作条例》(2023) for 乡科级 leaders' concentrated training; the 50 online
  is an example (示例) only, not taken from a regulation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select

from learnhub.core.timeutil import to_local
from learnhub.extensions import db
from learnhub.org.models import PartyPost, PoliticalStatus
from learnhub.transcripts.requirements.audience import ANY_CADRE
from learnhub.transcripts.requirements.models import RequirementRule, RequirementRuleVersion

PARTY_RULES_SOURCE = "《中国共产党党员教育管理工作条例》（2019年）"
CADRE_SOURCE = "示例，参照《干部教育培训工作条例》（2023年）及本单位网络学习规定"


@dataclass(frozen=True)
class DefaultRule:
    name: str
    total_hours: str
    online_hours: str
    audience: dict
    source: str


DEFAULT_RULES = (
    DefaultRule("党员年度学习", "32", "0",
                {"political_status": [PoliticalStatus.MEMBER.value,
                                      PoliticalStatus.PROBATIONARY.value]},
                PARTY_RULES_SOURCE),
    DefaultRule("支部书记和支部委员年度学习", "56", "0",
                {"party_post": [PartyPost.SECRETARY.value, PartyPost.DEPUTY_SECRETARY.value,
                                PartyPost.COMMITTEE_MEMBER.value]},
                PARTY_RULES_SOURCE),
    DefaultRule("干部年度学习（示例）", "90", "50", {"cadre_level": [ANY_CADRE]}, CADRE_SOURCE),
)


def _demo_years(now: datetime) -> tuple[int, int]:
    year = to_local(now).year
    return year - 1, year


def requirements_needed() -> bool:
    """For `learnhub demo`: whether this year (or the last) has no rule yet."""
    from learnhub.core.timeutil import now_utc

    years = _demo_years(now_utc())
    found = set(db.session.scalars(select(RequirementRule.year).distinct()
                                   .where(RequirementRule.year.in_(years))))
    return not set(years) <= found


def seed_requirements(now: datetime) -> str:
    """`learnhub demo`'s step: the three example rules for each year that has none."""
    added = 0
    for year in _demo_years(now):
        if db.session.scalar(select(func.count()).select_from(RequirementRule)
                             .where(RequirementRule.year == year)):
            continue
        for default in DEFAULT_RULES:
            rule = RequirementRule(year=year, created_at=now)
            db.session.add(rule)
            db.session.flush()
            db.session.add(RequirementRuleVersion(
                rule_id=rule.id, number=1, effective_from=date(year, 1, 1), active=True,
                name=default.name, audience=default.audience, unit_id=None,
                total_hours=Decimal(default.total_hours),
                online_hours=Decimal(default.online_hours), source=default.source,
                created_at=now))
            added += 1
    db.session.flush()
    return f"requirement rules: {added} added"
