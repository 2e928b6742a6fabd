"""The default meeting kinds, seeded once (`ensure_default_kinds`).

Frequencies follow 《中国共产党支部工作条例（试行）》(2018) as the sample courses quote it
(courses/grassroots-party-building/05-sanhui-yike.md, courses/organisational-life-meeting/
01-what-and-why.md): 支部党员大会 quarterly (第十一条), 支部委员会 monthly (第十二条), 党小组会
monthly (第十三条), 党课 quarterly (第十六条), 主题党日 monthly (a fixed day each month),
组织生活会 at least yearly (第十七条); 专题研讨 as needed. Credit hours are examples: each
organisation replaces them with its own rule on the kinds page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from learnhub.core.messages import N_
from learnhub.discussions.models import Frequency, MeetingKind
from learnhub.extensions import db


@dataclass(frozen=True)
class DefaultKind:
    code: str
    name: str  # a msgid: stored in Chinese, the organisation's own name from then on
    credit_hours: str
    frequency: Frequency
    is_seminar: bool = False


DEFAULT_KINDS = (
    DefaultKind("branch_meeting", N_("支部党员大会"), "2", Frequency.QUARTERLY),
    DefaultKind("committee_meeting", N_("支部委员会"), "1", Frequency.MONTHLY),
    DefaultKind("group_meeting", N_("党小组会"), "1", Frequency.MONTHLY),
    DefaultKind("party_lecture", N_("党课"), "2", Frequency.QUARTERLY),
    DefaultKind("theme_day", N_("主题党日"), "2", Frequency.MONTHLY),
    DefaultKind("seminar", N_("专题研讨"), "2", Frequency.NONE, is_seminar=True),
    DefaultKind("life_meeting", N_("组织生活会"), "2", Frequency.YEARLY),
)


def ensure_default_kinds() -> int:
    """Add the default kinds whose code is missing; returns how many were added. A kind an
    organisation already edited (same code) is left alone. Race-safe: each insert is in
    its own savepoint, and a concurrent insert of the same code (unique) is skipped."""
    existing = set(db.session.scalars(select(MeetingKind.code)))
    added = 0
    for position, default in enumerate(DEFAULT_KINDS, start=1):
        if default.code in existing:
            continue
        try:
            with db.session.begin_nested():
                db.session.add(MeetingKind(
                    code=default.code, name=default.name,
                    credit_hours=Decimal(default.credit_hours), frequency=default.frequency,
                    is_seminar=default.is_seminar, late_counts=True, position=position,
                    active=True))
        except IntegrityError:
            continue  # another process seeded it first
        added += 1
    return added


def kinds_needed() -> bool:
    """For `learnhub demo`: whether any default kind is still missing."""
    codes = set(db.session.scalars(select(MeetingKind.code)))
    return any(d.code not in codes for d in DEFAULT_KINDS)


def seed_for_demo(now: datetime) -> str:
    """`learnhub demo`'s step (the time is not needed: kinds have no dates)."""
    added = ensure_default_kinds()
    return f"meeting kinds: {added} added"
