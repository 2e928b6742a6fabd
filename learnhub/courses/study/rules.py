"""The study-time rules (docs/learning.md), on plain numbers: no app, no database.

The settings they take (STUDY_SHARE_REQUIRED, HEARTBEAT_SECONDS, HEARTBEAT_SLACK_SECONDS)
are read from the app's config in `study.settings` and passed in.
"""

from __future__ import annotations

from datetime import datetime, timedelta


def share_permille(share: float) -> int:
    """The required share of a lesson's minutes (STUDY_SHARE_REQUIRED, 0 to 1) as an integer
    per mille, so SQL compares integers only."""
    return max(0, min(1000, round(float(share) * 1000)))


def required_seconds(minutes: int, permille: int) -> int:
    """Seconds of engaged time that make a lesson of `minutes` studied (rounded up)."""
    return -(-minutes * 60 * permille // 1000)


def studied_condition(seconds_column, minutes_column, permille: int):
    """`required_seconds` in SQL: the time reaches the share of the minutes (integers only,
    no rounding)."""
    return seconds_column * 1000 >= minutes_column * 60 * permille


def credit_cap(interval: int, slack: int) -> int:
    """The most one heartbeat can credit: the interval plus slack for a slow network."""
    return interval + slack


def beat_credit(credited_until: datetime, now: datetime, *, resume: bool, cap: int
                ) -> tuple[int, datetime]:
    """Whole seconds a beat credits, and the instant credited up to (the active row's
    clock). The fraction of a second left over stays on the clock for the next beat; a
    resume, or a gap of the cap or more, restarts the clock at `now`, dropping the rest.
    A clock that went backwards (another server) credits nothing and keeps the instant."""
    if resume:
        return 0, now
    elapsed = now - credited_until
    if elapsed >= timedelta(seconds=cap):
        return cap, now
    if elapsed <= timedelta(0):
        return 0, credited_until
    credit = elapsed // timedelta(seconds=1)
    return credit, credited_until + timedelta(seconds=credit)
