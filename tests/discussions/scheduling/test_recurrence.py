"""Expanding rules: month ends, leap years, daylight saving, last weekdays, until/count."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from learnhub.discussions.scheduling.recurrence import (
    Repeat,
    RuleChoice,
    build_rrule,
    occurrences,
    with_until,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")


def starts(rule, first, zone=SHANGHAI, **kw):
    return [local for local, _ in occurrences(rule, first, zone, **kw)]


def test_the_31st_skips_months_without_it():
    rule = build_rrule(RuleChoice(Repeat.MONTHLY_DATE, monthday=31, count=4), SHANGHAI)
    assert rule == "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=4"
    got = starts(rule, datetime(2027, 1, 31, 19))
    assert [d.date() for d in got] == [date(2027, 1, 31), date(2027, 3, 31), date(2027, 5, 31),
                                       date(2027, 7, 31)]


def test_29_february_yearly_only_in_leap_years():
    got = starts("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=3", datetime(2028, 2, 29, 9))
    assert [d.year for d in got] == [2028, 2032, 2036]


def test_last_friday_and_second_tuesday():
    last = build_rrule(RuleChoice(Repeat.MONTHLY_WEEKDAY, weekday=4, nth=-1, count=3), SHANGHAI)
    assert last == "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3"
    assert [d.date() for d in starts(last, datetime(2027, 1, 1, 15))] == [
        date(2027, 1, 29), date(2027, 2, 26), date(2027, 3, 26)]
    second = build_rrule(RuleChoice(Repeat.MONTHLY_WEEKDAY, weekday=1, nth=2, count=2), SHANGHAI)
    assert [d.date() for d in starts(second, datetime(2027, 1, 1, 15))] == [
        date(2027, 1, 12), date(2027, 2, 9)]


def test_berlin_series_keeps_19_00_local_across_both_changes():
    rule = build_rrule(RuleChoice(Repeat.WEEKLY, weekday=3, count=40), BERLIN)
    utc = [u for _, u in occurrences(rule, datetime(2027, 3, 18, 19), BERLIN)]
    assert all(u.astimezone(BERLIN).hour == 19 for u in utc)
    # Winter (UTC+1) then summer (UTC+2) after 28 March 2027, winter again after 31 October.
    assert utc[0] == datetime(2027, 3, 18, 18, tzinfo=UTC)
    assert utc[2] == datetime(2027, 4, 1, 17, tzinfo=UTC)
    assert utc[-1] == datetime(2027, 12, 16, 18, tzinfo=UTC)


def test_a_time_the_clocks_skip_takes_the_offset_before_the_gap():
    [(local, utc)] = list(occurrences("FREQ=DAILY;COUNT=1", datetime(2027, 3, 28, 2, 30),
                                      BERLIN))
    assert utc.astimezone(BERLIN).hour == 3 and utc.astimezone(BERLIN).minute == 30


def test_until_is_the_end_of_that_local_day_inclusive():
    rule = build_rrule(RuleChoice(Repeat.WEEKLY, weekday=0, until=date(2027, 1, 25)), SHANGHAI)
    assert rule.endswith("UNTIL=20270125T155959Z")
    got = starts(rule, datetime(2027, 1, 4, 23, 30))
    assert [d.day for d in got] == [4, 11, 18, 25]


def test_count_and_ending_a_rule_early():
    rule = "FREQ=WEEKLY;BYDAY=MO;COUNT=10"
    ended = with_until(rule, datetime(2027, 1, 18, tzinfo=UTC))
    assert "COUNT" not in ended
    assert len(starts(ended, datetime(2027, 1, 4, 9))) == 2
    assert len(starts(rule, datetime(2027, 1, 4, 9))) == 10


def test_after_and_before_window_in_utc():
    rule = "FREQ=WEEKLY;BYDAY=MO;COUNT=10"
    got = starts(rule, datetime(2027, 1, 4, 9), after=datetime(2027, 1, 11, 1, tzinfo=UTC),
                 before=datetime(2027, 2, 1, 1, tzinfo=UTC))
    assert [d.day for d in got] == [11, 18, 25]  # 1 Feb 09:00 is 01:00 UTC: excluded
