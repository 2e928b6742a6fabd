"""The transcript page sends a fixed number of statements, however long the history
(issue 13's budget: p50 under 30 ms at 1,000,000 ledger entries, bench/transcript_page.py)."""

from datetime import date, timedelta

import pytest

from learnhub.core.timeutil import local_today
from learnhub.courses.assignments.models import CourseAssignment
from learnhub.courses.study.models import CourseCompletion
from learnhub.courses.study.my_courses import my_courses, my_required_courses
from learnhub.extensions import db
from learnhub.org.models import PoliticalStatus, Role
from learnhub.records.services import credit, reverse
from tests.courses.learning_support import current, make_course
from tests.factories import make_member, make_unit
from tests.html import find
from tests.transcripts.builders import make_rule

THIS_YEAR = local_today().year
KINDS = ("course", "quiz", "meeting", "manual")
# This year's page: the member (login), the entries, the year's rules and their courses,
# the year's sums, the rules' completions, the closed year, the required courses (published
# audiences, assignments, completions), the rules' courses and the years with entries.
# All years: the member, the entries, the years.
STATEMENTS = {"": 11, "?year=all": 3}


def _history(member, count: int, admin) -> None:
    """`count` entries over this year and the last, of every kind, one corrected."""
    for number in range(count):
        entry = credit(member, kind=KINDS[number % 4], source_type="test", source_id=str(number),
                       credit_hours="1.5", note=f"学习记录{number}",
                       occurred_on=date(THIS_YEAR - number % 2, 1 + number % 12, 1))
        if number == 2:
            reverse(entry, actor=admin, reason="重复登记", occurred_on=entry.occurred_on)


@pytest.fixture
def required_setup():
    """Two rules (one naming two courses) and a course assigned to the members' unit."""
    unit = make_unit()
    by_rule = [make_course(title="党章学习"), make_course(title="条例学习")]
    assigned = make_course(title="安全生产实务")
    db.session.add(CourseAssignment(course_id=assigned.id, unit_id=unit.id,
                                    due_on=local_today() + timedelta(days=30)))
    make_rule(THIS_YEAR, total="32", audience={"political_status": [PoliticalStatus.MEMBER.value]},
              course_ids=[course.id for course in by_rule])
    make_rule(THIS_YEAR, total="56", online="20", audience={"roles": [Role.TRAINER.value]})
    db.session.flush()
    return unit, by_rule, assigned


def _page_statements(client, count_queries, path: str) -> tuple[int, str]:
    with count_queries() as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.get_data(as_text=True)


@pytest.mark.parametrize("year", ["", "?year=all"])
def test_the_transcript_page_sends_the_same_statements_for_3_or_60_entries(
        client, login_as, count_queries, required_setup, year):
    unit, by_rule, assigned = required_setup
    admin = make_member(unit, roles=(Role.ADMIN,))
    short, long = (make_member(unit, political_status=PoliticalStatus.MEMBER.value,
                               roles=(Role.TRAINER,)) for _ in range(2))
    _history(short, 3, admin)
    _history(long, 60, admin)
    for member in (short, long):
        db.session.add(CourseCompletion(member_id=member.id, course_id=by_rule[0].id,
                                        version_id=current(by_rule[0]).id))
    db.session.flush()
    counts, pages = [], []
    for member in (short, long):
        login_as(member)
        number, page = _page_statements(client, count_queries, f"/me/credits{year}")
        counts.append(number)
        pages.append(page)
    assert counts == [STATEMENTS[year]] * 2, counts
    assert pages[1].count("学习记录") > pages[0].count("学习记录") >= 3
    if not year:  # this year: the required courses, done and pending
        rows = find(pages[1], "table").text  # 必修课程 comes first
        assert "党章学习" in rows and "条例学习" in rows and "安全生产实务" in rows


def test_the_managers_view_sends_the_same_statements_for_3_or_60_entries(
        client, login_as, count_queries, required_setup):
    unit, _, _ = required_setup
    manager = make_member(unit, roles=(Role.MANAGER, Role.ADMIN))
    short, long = (make_member(unit, political_status=PoliticalStatus.MEMBER.value)
                   for _ in range(2))
    _history(short, 3, manager)
    _history(long, 60, manager)
    login_as(manager)
    counts = [_page_statements(client, count_queries, f"/members/{member.id}/transcript")[0]
              for member in (short, long)]
    assert counts == [STATEMENTS[""] + 2] * 2, counts  # + the member, the manager's grants


def test_the_lean_required_courses_are_those_my_courses_lists_as_required(db):
    """The transcript reads `my_required_courses`, not `my_courses`: same courses, same
    titles, obligations and completions (in progress, not started, completed)."""
    from tests.courses.learning_support import Reader, publish, required_seconds

    unit = make_unit()
    member = make_member(unit, political_status=PoliticalStatus.MEMBER.value)
    lessons = (("one", "第一课", 1, "内容"),)
    by_audience = make_course(title="党员必修课", lessons=lessons,
                              audience={"required": {"political_status": ["中共党员"]}})
    assigned = make_course(title="指派的课", lessons=lessons)
    make_course(title="选修课", lessons=lessons)
    db.session.add(CourseAssignment(course_id=assigned.id, unit_id=unit.id,
                                    due_on=local_today() + timedelta(days=3)))
    db.session.flush()
    Reader(member, assigned, "one").beat(15)
    Reader(member, by_audience, "one").read(required_seconds(1))
    publish(by_audience, lessons=lessons, title="党员必修课（修订）",
            audience={"required": {"political_status": ["中共党员"]}})
    mine = my_courses(member, today=local_today())
    expected = {(c.course_id, c.slug, c.title, c.obligation, c.completion)
                for c in [*mine.in_progress, *mine.required_not_started, *mine.completed]
                if c.obligation is not None}
    lean = {(c.course_id, c.slug, c.title, c.obligation, c.completion)
            for c in my_required_courses(member)}
    assert lean == expected
    assert {title for _, _, title, _, _ in lean} == {"党员必修课", "指派的课"}
