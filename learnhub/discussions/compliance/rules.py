"""The compliance rules, in one place: which units must hold which kinds of meeting, how
often (the kind's `frequency`, set by each organisation), and how a required slot counts.

- Who: `UNIT_KINDS_BY_KIND_CODE` names the unit kinds a meeting kind is required of; a
  kind not listed there is required of every 党支部 (`DEFAULT_UNIT_KINDS`). So 党小组会
  is a 党小组's duty and 支部党员大会, 支部委员会, 党课, 主题党日, 组织生活会 a branch's.
  党委, 党总支 and departments are not measured themselves; they see their subtree.
- How often: a monthly kind has one slot per calendar month, quarterly per quarter,
  half-yearly per half year (Jan–Jun, Jul–Dec), yearly per year; `none` has no slot.
- Which slots a period has: every slot whose months overlap it. A monthly kind over a
  quarter has three; a quarterly kind over one month has one (the quarter it lies in); a
  yearly kind over a quarter has one (its year). A slot is met by a held meeting anywhere
  in the slot, also outside the period shown.
- A slot's status: held (已完成) when a meeting of the kind was held in it (its minutes
  approved: status `held`); else pending (待补记录) when a meeting in it is over but still
  `scheduled` (minutes not approved yet); else upcoming (未到期) while the slot has not
  ended; else missing (缺). Cancelled meetings never count.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from learnhub.core.messages import N_
from learnhub.discussions.compliance.periods import Period, month_of, month_start_utc
from learnhub.discussions.models import Frequency
from learnhub.org.models import UnitKind

DEFAULT_UNIT_KINDS = frozenset({UnitKind.BRANCH})
UNIT_KINDS_BY_KIND_CODE: dict[str, frozenset[UnitKind]] = {
    "group_meeting": frozenset({UnitKind.GROUP}),  # 党小组会 (kinds.defaults)
}
SLOT_MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.HALF_YEARLY: 6,
               Frequency.YEARLY: 12}
FREQUENCY_LABELS = {Frequency.NONE: N_("不作要求"), Frequency.MONTHLY: N_("每月"),
                    Frequency.QUARTERLY: N_("每季度"), Frequency.HALF_YEARLY: N_("每半年"),
                    Frequency.YEARLY: N_("每年")}


def is_required(kind_code: str, frequency: Frequency, unit_kind: UnitKind) -> bool:
    """Whether a unit of `unit_kind` must hold this kind of meeting at all."""
    if frequency is Frequency.NONE:
        return False
    return unit_kind in UNIT_KINDS_BY_KIND_CODE.get(kind_code, DEFAULT_UNIT_KINDS)


class SlotStatus(enum.StrEnum):
    HELD = "held"  # 已完成
    PENDING = "pending"  # 待补记录: over, minutes not approved
    UPCOMING = "upcoming"  # 未到期
    MISSING = "missing"  # 缺


@dataclass(frozen=True)
class Slot:
    """One required meeting: the months [first, first + length) (month indexes)."""

    first: int
    length: int

    @property
    def months(self) -> range:
        return range(self.first, self.first + self.length)

    def ends_at(self, zone: ZoneInfo) -> datetime:
        return month_start_utc(self.first + self.length, zone)

    def label(self) -> str:
        year, month = month_of(self.first)
        if self.length == 1:
            return f"{year}-{month:02d}"
        if self.length == 3:
            return f"{year}-Q{(month - 1) // 3 + 1}"
        if self.length == 6:
            return f"{year}-H{(month - 1) // 6 + 1}"
        return str(year)


def slots(frequency: Frequency, period: Period) -> list[Slot]:
    """The slots of a frequency that overlap the period, in order."""
    length = SLOT_MONTHS.get(frequency)
    if length is None:
        return []
    firsts = sorted({m - m % length for m in period.months})  # month index 0 is a January
    return [Slot(first, length) for first in firsts]


def slot_status(slot: Slot, held_months: set[int], pending_months: set[int],
                now: datetime, zone: ZoneInfo) -> SlotStatus:
    if any(m in held_months for m in slot.months):
        return SlotStatus.HELD
    if any(m in pending_months for m in slot.months):
        return SlotStatus.PENDING
    if now < slot.ends_at(zone):
        return SlotStatus.UPCOMING
    return SlotStatus.MISSING


def calendar_months(frequencies: set[Frequency], period: Period) -> range:
    """Months whose meetings decide the period's slots (the union of its slots)."""
    spans = [s for f in frequencies for s in slots(f, period)] or [Slot(period.first_month,
                                                                        len(period.months))]
    first = min(s.first for s in spans)
    return range(first, max(s.first + s.length for s in spans))
