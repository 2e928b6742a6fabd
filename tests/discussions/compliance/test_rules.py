"""Slot counting: which slots a period has for each frequency, and how a slot stands."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from learnhub.discussions.compliance.periods import Period, PeriodType, month_index
from learnhub.discussions.compliance.rules import (
    Slot,
    SlotStatus,
    is_required,
    slot_status,
    slots,
)
from learnhub.discussions.models import Frequency
from learnhub.org.models import UnitKind

SHANGHAI = ZoneInfo("Asia/Shanghai")
Q1 = Period(PeriodType.QUARTER, 2026, 1)


def test_a_monthly_kind_over_a_quarter_needs_one_meeting_in_each_month():
    assert [s.label() for s in slots(Frequency.MONTHLY, Q1)] == ["2026-01", "2026-02", "2026-03"]


def test_a_quarterly_kind_has_one_slot_per_quarter_also_in_a_month():
    assert [s.label() for s in slots(Frequency.QUARTERLY, Q1)] == ["2026-Q1"]
    assert [s.label() for s in slots(Frequency.QUARTERLY, Period.parse("2026-05"))] == ["2026-Q2"]
    assert len(slots(Frequency.QUARTERLY, Period.parse("2026"))) == 4


def test_half_yearly_yearly_and_none():
    assert [s.label() for s in slots(Frequency.HALF_YEARLY, Period.parse("2026"))] == [
        "2026-H1", "2026-H2"]
    assert [s.label() for s in slots(Frequency.YEARLY, Q1)] == ["2026"]
    assert [s.label() for s in slots(Frequency.MONTHLY, Period.parse("2026"))][-1] == "2026-12"
    assert slots(Frequency.NONE, Q1) == []


def test_periods_parse_and_print_their_keys():
    for key in ("2026-11", "2026-Q4", "2026"):
        assert Period.parse(key).key == key
    for bad in ("2026-13", "2026-Q5", "26", "", "2026-1", "abc"):
        assert Period.parse(bad) is None
    start, end = Period.parse("2026-Q1").bounds_utc(SHANGHAI)
    assert start == datetime(2025, 12, 31, 16, tzinfo=UTC)  # local midnight, 1 January
    assert end == datetime(2026, 3, 31, 16, tzinfo=UTC)


def test_future_slots_are_upcoming_not_missing():
    march = Slot(month_index(2026, 3), 1)
    in_march = datetime(2026, 3, 20, tzinfo=UTC)
    after = datetime(2026, 4, 2, tzinfo=UTC)
    assert slot_status(march, set(), set(), in_march, SHANGHAI) is SlotStatus.UPCOMING
    assert slot_status(march, set(), set(), after, SHANGHAI) is SlotStatus.MISSING
    assert slot_status(march, {march.first}, set(), in_march, SHANGHAI) is SlotStatus.HELD
    assert slot_status(march, set(), {march.first}, after, SHANGHAI) is SlotStatus.PENDING


def test_group_meetings_are_a_groups_duty_the_rest_a_branchs():
    assert is_required("group_meeting", Frequency.MONTHLY, UnitKind.GROUP)
    assert not is_required("group_meeting", Frequency.MONTHLY, UnitKind.BRANCH)
    assert is_required("theme_day", Frequency.MONTHLY, UnitKind.BRANCH)
    assert not is_required("theme_day", Frequency.MONTHLY, UnitKind.COMMITTEE)
    assert not is_required("theme_day", Frequency.NONE, UnitKind.BRANCH)
