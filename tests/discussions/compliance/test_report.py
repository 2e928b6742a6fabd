"""The report of a subtree: held, pending, upcoming and missing slots per unit and kind,
cancelled meetings ignored, attendance rates, and the roll-up to the parent."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from learnhub.discussions.compliance.periods import Period
from learnhub.discussions.compliance.report import Tally, build_report
from learnhub.discussions.models import Attendance, Frequency, MeetingStatus
from learnhub.org.models import UnitKind
from tests.discussions.builders import make_kind, make_meeting, mark_attendance
from tests.factories import make_member, make_unit

SHANGHAI = ZoneInfo("Asia/Shanghai")
Q1 = Period.parse("2026-Q1")
MID_MARCH = datetime(2026, 3, 15, tzinfo=UTC)
APRIL = datetime(2026, 4, 10, tzinfo=UTC)


def at(month: int, day: int = 10) -> datetime:
    return datetime(2026, month, day, 2, tzinfo=UTC)


def _cell(report, unit, kind):
    row = next(r for r in report.rows if r.unit.id == unit.id)
    return row.cell(kind.id)


def test_monthly_kind_over_a_quarter_counts_each_month():
    root = make_unit()
    branch = make_unit(root)
    monthly = make_kind("theme_day", name="主题党日", frequency=Frequency.MONTHLY)
    make_meeting(branch, kind=monthly, starts_at=at(1), status=MeetingStatus.HELD)
    make_meeting(branch, kind=monthly, starts_at=at(1, 20), status=MeetingStatus.HELD)
    report = build_report(root, Q1, APRIL, SHANGHAI)
    cell = _cell(report, branch, monthly)
    # two in January fill one slot; February and March are missing
    assert (cell.required, cell.held, cell.missing, cell.meetings) == (3, 1, 2, 2)
    assert cell.status == "missing" and cell.completion == 1 / 3


def test_future_slots_are_upcoming_and_not_due():
    root = make_unit()
    branch = make_unit(root)
    monthly = make_kind("theme_day", name="主题党日", frequency=Frequency.MONTHLY)
    make_meeting(branch, kind=monthly, starts_at=at(1), status=MeetingStatus.HELD)
    make_meeting(branch, kind=monthly, starts_at=at(2), status=MeetingStatus.HELD)
    make_meeting(branch, kind=monthly, starts_at=at(3, 25))  # scheduled, still ahead
    cell = _cell(build_report(root, Q1, MID_MARCH, SHANGHAI), branch, monthly)
    assert (cell.held, cell.upcoming, cell.missing, cell.due) == (2, 1, 0, 2)
    assert cell.status == "upcoming" and cell.completion == 1


def test_cancelled_meetings_do_not_count_and_past_unapproved_ones_are_pending():
    root = make_unit()
    branch = make_unit(root)
    quarterly = make_kind("branch_meeting", frequency=Frequency.QUARTERLY)
    yearly = make_kind("life_meeting", name="组织生活会", frequency=Frequency.YEARLY)
    make_meeting(branch, kind=quarterly, starts_at=at(2), status=MeetingStatus.CANCELLED)
    make_meeting(branch, kind=yearly, starts_at=at(1))  # over, minutes never approved
    report = build_report(root, Q1, APRIL, SHANGHAI)
    assert _cell(report, branch, quarterly).status == "missing"
    yearly_cell = _cell(report, branch, yearly)
    assert (yearly_cell.required, yearly_cell.pending) == (1, 1)
    assert yearly_cell.status == "pending"


def test_kinds_without_frequency_and_units_they_do_not_apply_to_require_nothing():
    root = make_unit()
    branch = make_unit(root)
    group = make_unit(branch, kind=UnitKind.GROUP)
    seminar = make_kind("seminar", name="专题研讨", frequency=Frequency.NONE)
    group_kind = make_kind("group_meeting", name="党小组会", frequency=Frequency.MONTHLY)
    make_meeting(branch, kind=seminar, starts_at=at(2), status=MeetingStatus.HELD)
    report = build_report(root, Q1, APRIL, SHANGHAI, mode="all")
    assert _cell(report, branch, seminar).required == 0
    assert _cell(report, branch, seminar).meetings == 1
    assert _cell(report, group, group_kind).required == 3
    # the branch row carries its group's slots (rows are subtrees)
    assert _cell(report, branch, group_kind).missing == 3
    assert report.total.cell(group_kind.id).required == 3


def test_attendance_rate_is_present_and_late_over_invited_with_excused_apart():
    root = make_unit()
    branch = make_unit(root)
    kind = make_kind("branch_meeting", frequency=Frequency.QUARTERLY)
    members = [make_member(branch) for _ in range(5)]
    meeting = make_meeting(branch, kind=kind, starts_at=at(2), status=MeetingStatus.HELD,
                           invitees=members)
    marks = [Attendance.PRESENT, Attendance.PRESENT, Attendance.LATE, Attendance.EXCUSED,
             Attendance.ABSENT]
    mark_attendance(meeting, marks)
    report = build_report(root, Q1, APRIL, SHANGHAI)
    cell = _cell(report, branch, kind)
    assert (cell.invited, cell.present, cell.late, cell.excused) == (5, 2, 1, 1)
    assert cell.attendance_rate == 3 / 5
    assert report.total.overall.attendance_rate == 3 / 5
    assert Tally().attendance_rate is None and Tally().completion is None


def test_children_rows_roll_up_their_subtrees():
    root = make_unit()
    general = make_unit(root, kind=UnitKind.GENERAL_BRANCH)
    branches = [make_unit(general) for _ in range(2)]
    kind = make_kind("branch_meeting", frequency=Frequency.QUARTERLY)
    make_meeting(branches[0], kind=kind, starts_at=at(3), status=MeetingStatus.HELD)
    report = build_report(root, Q1, APRIL, SHANGHAI)
    assert [r.unit.id for r in report.rows] == [general.id]
    cell = report.rows[0].cell(kind.id)
    assert (cell.required, cell.held, cell.missing) == (2, 1, 1)
    assert report.rows[0].has_children
    deeper = build_report(general, Q1, APRIL, SHANGHAI)
    assert [r.unit.id for r in deeper.rows] == [b.id for b in branches]


def test_one_statement_gives_months_inside_and_outside_the_period_and_its_attendance(
        count_queries):
    root = make_unit()
    branch = make_unit(root)
    yearly = make_kind("life_meeting", frequency=Frequency.YEARLY)
    monthly = make_kind("theme_day", frequency=Frequency.MONTHLY)
    # Held in May: meets the year's slot, but is neither a meeting nor attendance of Q1.
    make_meeting(branch, kind=yearly, starts_at=at(5), status=MeetingStatus.HELD,
                 invitees=[make_member(branch)])
    make_meeting(branch, kind=monthly, starts_at=at(1), status=MeetingStatus.HELD,
                 invitees=[make_member(branch), make_member(branch)])
    make_meeting(branch, kind=monthly, starts_at=at(2))  # over, minutes not approved
    make_meeting(branch, kind=monthly, starts_at=at(3), status=MeetingStatus.HELD)
    make_meeting(branch, kind=monthly, starts_at=at(3, 20))  # March is held all the same
    with count_queries() as queries:
        report = build_report(root, Q1, APRIL, SHANGHAI)
    assert len(queries) == 3  # kinds, units, the meetings grouped by unit and kind
    year = _cell(report, branch, yearly)
    assert (year.required, year.held, year.meetings, year.invited) == (1, 1, 0, 0)
    month = _cell(report, branch, monthly)
    assert (month.required, month.held, month.pending, month.missing) == (3, 2, 1, 0)
    assert (month.meetings, month.invited) == (2, 2)
    assert report.total.cell(monthly.id).pending == 1
