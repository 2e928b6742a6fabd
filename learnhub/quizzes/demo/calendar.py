"""When demo attempts happen: the twelve months before the demo is loaded, busier in each
course's study campaign (the month its study was assigned) and towards the year's end, on
working hours of the site's zone. Everything is relative to `anchor` (the start of the day
the demo is loaded), so no attempt lies in the future."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

YEAR = timedelta(days=365)
# The month each sample course was assigned in (党纪学习教育 in spring, 组织生活会 early in
# the year, 党章 around 七一 ...): the busiest weeks of its quiz.
CAMPAIGN_MONTH = {
    "organisational-life-meeting-quiz": 1,
    "party-discipline-study-quiz": 4,
    "party-leadership-soe-governance-quiz": 6,
    "party-constitution-rights-duties-quiz": 7,
    "integrity-compliance-at-work-quiz": 9,
    "grassroots-party-building-quiz": 10,
}
# Busy hours of a working day (local), with how often each is chosen.
HOURS = (8, 9, 10, 11, 14, 15, 16, 17, 19, 20, 21)
HOUR_WEIGHTS = (2, 5, 6, 4, 5, 6, 5, 3, 2, 3, 2)


def anchor_of(now: datetime, zone: ZoneInfo) -> datetime:
    """The start of `now`'s local day, in UTC: history ends before it."""
    local = now.astimezone(zone)
    return datetime.combine(local.date(), time(0), zone).astimezone(UTC)


def _latest(month: int, day: int, before: date) -> date:
    """The last `month`/`day` strictly before `before`."""
    found = date(before.year, month, day)
    return found if found < before else date(before.year - 1, month, day)


def quiz_day(rng: random.Random, slug: str, anchor: datetime, zone: ZoneInfo) -> date:
    """A day within the year before `anchor`: 45% near the quiz's campaign, 25% in the
    six weeks before the year's end, the rest anywhere in the year."""
    today = anchor.astimezone(zone).date()
    first = today - timedelta(days=365)
    pick = rng.random()
    if pick < 0.45 and slug in CAMPAIGN_MONTH:
        centre = _latest(CAMPAIGN_MONTH[slug], 15, today)
        day = centre + timedelta(days=round(rng.gauss(0, 12)))
    elif pick < 0.70:
        year_end = _latest(12, 31, today + timedelta(days=1))
        day = year_end - timedelta(days=int(rng.triangular(0, 42, 0)))
    else:
        day = first + timedelta(days=rng.randrange(365))
    return min(max(day, first), today - timedelta(days=1))


def working_time(rng: random.Random, day: date, zone: ZoneInfo) -> datetime:
    """A moment of `day` (local) in working hours, in UTC."""
    hour = rng.choices(HOURS, HOUR_WEIGHTS)[0]
    local = datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)), zone)
    return local.astimezone(UTC)


def contest_start(rng: random.Random, opens: datetime, ends: datetime,
                  zone: ZoneInfo) -> datetime | None:
    """A start within [opens, ends) (the contest's window up to the demo's day), busier
    on its first days; None when that span is too short to hold an attempt."""
    first = opens.astimezone(zone).date()
    last = (ends - timedelta(seconds=1)).astimezone(zone).date()
    days = (last - first).days + 1
    if ends - opens < timedelta(hours=1) or days < 1:
        return None
    for _ in range(20):
        offset = int(rng.triangular(0, days, 0)) if rng.random() < 0.6 else rng.randrange(days)
        moment = working_time(rng, first + timedelta(days=offset), zone)
        if opens <= moment and moment + timedelta(minutes=20) <= ends:
            return moment
    return None
