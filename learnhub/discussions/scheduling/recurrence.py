"""Recurrence rules (RFC 5545 RRULE) from the scheduling form's choices, and their
expansion into occurrences.

A series keeps its rule and the LOCAL naive start of its first occurrence in its zone. The
rule is expanded over local naive times (so 19:00 is 19:00 on every date) and each
occurrence is then placed in the zone with `zoneinfo`, which knows the zone's rules for
that date: a daylight-saving change, or a future change of the zone's rules, keeps the
local time. A local time the clocks skip (02:30 on a spring-forward day) takes the offset
before the gap, as RFC 5545 says (it becomes 03:30); a repeated one is the first.

Months without the chosen date (the 31st, 29 February) are skipped, as RFC 5545 says
(dateutil does so too).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # index = date.weekday()
MAX_COUNT = 366


class Repeat(enum.StrEnum):
    NONE = "none"
    WEEKLY = "weekly"
    MONTHLY_WEEKDAY = "monthly_weekday"  # e.g. the 2nd Tuesday, the last Friday
    MONTHLY_DATE = "monthly_date"  # e.g. the 15th


@dataclass(frozen=True)
class RuleChoice:
    """What the form asks. `nth` is 1–4 or -1 (last); `until` is a local date (inclusive)."""

    repeat: Repeat
    weekday: int = 0
    nth: int = 1
    monthday: int = 1
    until: date | None = None
    count: int | None = None


def build_rrule(choice: RuleChoice, zone: ZoneInfo) -> str:
    """The RRULE text (without `RRULE:`). UNTIL is written in UTC, as RFC 5545 requires
    with a DTSTART in a zone: the end of the `until` day in `zone`."""
    if choice.repeat is Repeat.NONE:
        raise ValueError("a one-off meeting has no rule")
    if choice.repeat is Repeat.WEEKLY:
        parts = ["FREQ=WEEKLY", f"BYDAY={WEEKDAYS[choice.weekday]}"]
    elif choice.repeat is Repeat.MONTHLY_WEEKDAY:
        parts = ["FREQ=MONTHLY", f"BYDAY={choice.nth}{WEEKDAYS[choice.weekday]}"]
    else:
        parts = ["FREQ=MONTHLY", f"BYMONTHDAY={choice.monthday}"]
    if choice.count is not None:
        parts.append(f"COUNT={choice.count}")
    elif choice.until is not None:
        parts.append(f"UNTIL={format_utc(local_end_of_day(choice.until, zone))}")
    return ";".join(parts)


def local_end_of_day(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(23, 59, 59), zone).astimezone(UTC)


def format_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def parse_parts(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.split(";") if "=" in part)


def join_parts(parts: dict[str, str]) -> str:
    return ";".join(f"{key}={value}" for key, value in parts.items())


def with_until(rule: str, until_utc: datetime) -> str:
    """The rule ended at `until_utc` (inclusive); COUNT goes (RFC 5545: one or the other)."""
    parts = parse_parts(rule)
    parts.pop("COUNT", None)
    parts["UNTIL"] = format_utc(until_utc)
    return join_parts(parts)


def with_count(rule: str, count: int) -> str:
    parts = parse_parts(rule)
    parts.pop("UNTIL", None)
    parts["COUNT"] = str(count)
    return join_parts(parts)


def localise(local: datetime, zone: ZoneInfo) -> datetime:
    """A naive local time in `zone` as UTC (fold=0: see the module docstring)."""
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)


def occurrences(rule: str, first_start_local: datetime, zone: ZoneInfo, *,
                after: datetime | None = None, before: datetime | None = None
                ) -> Iterator[tuple[datetime, datetime]]:
    """(local naive start, UTC start) of every occurrence, in order, with a UTC start in
    [after, before) when given. Expansion runs on local naive times; a UTC UNTIL is
    turned into local time in `zone` first (dateutil wants both naive)."""
    parts = parse_parts(rule)
    until = parts.pop("UNTIL", None)
    if until is not None:
        until_utc = parse_utc(until)
        parts["UNTIL"] = until_utc.astimezone(zone).replace(tzinfo=None).strftime(
            "%Y%m%dT%H%M%S")
    expanded = rrulestr(join_parts(parts), dtstart=first_start_local)
    # Local times differ from UTC by under a day: start the scan a day early, filter exactly.
    start_local = None
    if after is not None:
        start_local = after.astimezone(zone).replace(tzinfo=None) - timedelta(days=1)
    iterator = expanded.xafter(start_local, inc=True) if start_local else iter(expanded)
    for local in iterator:
        utc = localise(local, zone)
        if after is not None and utc < after:
            continue
        if before is not None and utc >= before:
            return
        yield local, utc


def parse_utc(value: str) -> datetime:
    return datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S").replace(tzinfo=UTC)


def describe(rule: str) -> dict[str, str | int]:
    """The rule's parts for a page to describe (`FREQ`, `BYDAY` …), COUNT as an int."""
    parts: dict[str, str | int] = dict(parse_parts(rule))
    if "COUNT" in parts:
        parts["COUNT"] = int(parts["COUNT"])
    return parts
