from datetime import date, timedelta
from decimal import Decimal

from learnhub.core.timeutil import local_today
from learnhub.courses.assignments.obligations import DueState
from learnhub.reports import services
from learnhub.reports.filters import ReportFilters
from learnhub.reports.rows.credits import CreditStatus
from learnhub.transcripts.requirements.status import default_as_of, subtree_standings
from tests.reports.builders import YEAR, make_org


def rows(report, actor=None, **filters):
    prepared = services.prepare(actor, ReportFilters(year=YEAR, **filters))
    return list(services.rows(report, prepared, today=local_today()))


def test_completions_list_audience_assignment_and_rule_courses_with_status(db):
    org = make_org()
    found = {(row.employee_no, row.course_slug): row
             for row in rows("completions", unit_code=org.root.code)}
    assert set(found) == {
        ("A0001", "report-audience"), ("A0001", "report-assigned"), ("A0001", "report-rule"),
        ("A0002", "report-assigned"), ("M0001", "report-assigned"),
        ("B0001", "report-audience"), ("B0001", "report-rule")}
    done = found[("A0001", "report-audience")]
    assert done.status == DueState.DONE and done.version == 1
    assert done.completed_on == date(YEAR, 3, 5) and done.due_on is None
    overdue = found[("A0002", "report-assigned")]
    assert overdue.status == DueState.OVERDUE
    assert overdue.due_on == local_today() - timedelta(days=3)
    assert found[("B0001", "report-rule")].due_on == date(YEAR, 12, 31)
    assert found[("B0001", "report-audience")].status in (DueState.OPEN, DueState.SOON)


def test_completions_are_in_unit_then_employee_number_order(db):
    org = make_org()
    keys = [(row.unit_path, row.employee_no) for row in rows("completions", unit_code=org.root.code)]
    assert keys == sorted(keys)


def test_filters_keep_the_course_and_the_political_status_asked_for(db):
    org = make_org()
    only = rows("completions", unit_code=org.root.code, course_slug="report-assigned")
    assert {row.employee_no for row in only} == {"A0001", "A0002", "M0001"}
    party = rows("completions", unit_code=org.root.code, political_status="中共党员")
    assert {row.employee_no for row in party} == {"A0001", "B0001"}
    branch = rows("credits", unit_code=org.branch_b.code)
    assert [row.employee_no for row in branch] == ["B0001"]


def test_credit_rows_say_what_the_standings_say(db):
    org = make_org()
    found = {row.member_id: row for row in rows("credits", unit_code=org.root.code)}
    standings = dict(subtree_standings(org.root, YEAR, as_of=default_as_of(YEAR, local_today())))
    assert set(found) == set(standings)
    for member_id, standing in standings.items():
        row = found[member_id]
        assert (row.earned, row.online, row.required, row.required_online) == (
            standing.earned_hours, standing.online_hours, standing.requirement.total_hours,
            standing.requirement.online_hours)
    alice = found[org.alice.id]
    assert (alice.earned, alice.online) == (Decimal("5.00"), Decimal("3.00"))
    assert alice.status == CreditStatus.NOT_MET  # the rule's course is still to do
    assert found[org.carol.id].status == CreditStatus.NOT_MET
    assert found[org.bob.id].status == CreditStatus.NONE


def test_the_operator_sees_every_unit(db):
    make_org()
    assert "X0001" in {row.employee_no for row in rows("credits")}


def test_the_year_chooses_the_rules_whose_courses_are_required(db):
    org = make_org()
    prepared = services.prepare(None, ReportFilters(year=YEAR - 1, unit_code=org.root.code))
    earlier = list(services.rows("completions", prepared, today=local_today()))
    assert "report-rule" not in {row.course_slug for row in earlier}
    assert {row.course_slug for row in earlier} == {"report-audience", "report-assigned"}
