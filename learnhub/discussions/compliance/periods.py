"""Reporting periods (a month, a quarter, a year) in the site's time zone.

Months are counted as one integer (`year * 12 + month - 1`, "month index") so that
buckets of any frequency are plain ranges of integers; their UTC boundaries come from the
local midnight of the first day, through `zoneinfo`.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from learnhub.core.messages import N_


class PeriodType(enum.StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


PERIOD_MONTHS = {PeriodType.MONTH: 1, PeriodType.QUARTER: 3, PeriodType.YEAR: 12}
PERIOD_TYPE_LABELS = {PeriodType.MONTH: N_("月度"), PeriodType.QUARTER: N_("季度"),
                      PeriodType.YEAR: N_("年度")}
_KEY = re.compile(r"^(\d{4})(?:-(\d{2})|-Q([1-4]))?$")


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def month_of(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def month_start_utc(index: int, zone: ZoneInfo) -> datetime:
    """The UTC instant of local midnight on the first day of month `index`."""
    year, month = month_of(index)
    return datetime(year, month, 1, tzinfo=zone).astimezone(UTC)


@dataclass(frozen=True)
class Period:
    """A month (`2026-11`), a quarter (`2026-Q4`) or a year (`2026`)."""

    type: PeriodType
    year: int
    number: int = 1  # the month (1–12) or quarter (1–4); 1 for a year

    @classmethod
    def parse(cls, key: str) -> Period | None:
        match = _KEY.match(key or "")
        if not match:
            return None
        year = int(match.group(1))
        if not 1900 < year < 2200:
            return None
        if match.group(2):
            month = int(match.group(2))
            return cls(PeriodType.MONTH, year, month) if 1 <= month <= 12 else None
        if match.group(3):
            return cls(PeriodType.QUARTER, year, int(match.group(3)))
        return cls(PeriodType.YEAR, year)

    @classmethod
    def containing(cls, day: date, type_: PeriodType) -> Period:
        if type_ is PeriodType.MONTH:
            return cls(type_, day.year, day.month)
        if type_ is PeriodType.QUARTER:
            return cls(type_, day.year, (day.month - 1) // 3 + 1)
        return cls(type_, day.year)

    @property
    def key(self) -> str:
        if self.type is PeriodType.MONTH:
            return f"{self.year}-{self.number:02d}"
        if self.type is PeriodType.QUARTER:
            return f"{self.year}-Q{self.number}"
        return str(self.year)

    @property
    def first_month(self) -> int:
        """Month index of the period's first month."""
        offset = {PeriodType.MONTH: self.number - 1, PeriodType.QUARTER: (self.number - 1) * 3,
                  PeriodType.YEAR: 0}[self.type]
        return month_index(self.year, 1) + offset

    @property
    def months(self) -> range:
        return range(self.first_month, self.first_month + PERIOD_MONTHS[self.type])

    def bounds_utc(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        return (month_start_utc(self.months.start, zone),
                month_start_utc(self.months.stop, zone))


def recent_periods(today: date, years: int = 3) -> list[tuple[PeriodType, list[Period]]]:
    """The periods a filter offers, newest first, grouped by type: this year and the
    `years - 1` before it, up to the current month and quarter."""
    this_month = month_index(today.year, today.month)
    year_list = [Period(PeriodType.YEAR, today.year - n) for n in range(years)]
    quarters = [Period(PeriodType.QUARTER, y.year, q) for y in year_list for q in (4, 3, 2, 1)
                if Period(PeriodType.QUARTER, y.year, q).first_month <= this_month]
    months = [Period(PeriodType.MONTH, y.year, m) for y in year_list for m in range(12, 0, -1)
              if month_index(y.year, m) <= this_month]
    return [(PeriodType.YEAR, year_list), (PeriodType.QUARTER, quarters),
            (PeriodType.MONTH, months)]


def period_label(period: Period) -> str:
    """`2026年11月`, `2026年第4季度`, `2026年` (translated)."""
    from flask_babel import gettext

    if period.type is PeriodType.MONTH:
        return gettext("%(year)s年%(month)s月", year=period.year, month=period.number)
    if period.type is PeriodType.QUARTER:
        return gettext("%(year)s年第%(quarter)s季度", year=period.year, quarter=period.number)
    return gettext("%(year)s年", year=period.year)
