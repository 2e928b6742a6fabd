"""我的课程 and the home page's required-courses panel."""

from __future__ import annotations

from datetime import timedelta

from learnhub.core.timeutil import local_today, now_utc
from learnhub.courses.assignments.models import CourseAssignment
from learnhub.extensions import db
from learnhub.org.models import PoliticalStatus
from tests.courses.learning_support import Reader, make_course, publish, required_seconds
from tests.factories import make_member, make_unit
from tests.html import find_all, one

ONE = (("one", "第一课", 1, "内容"),)
TWO = (("one", "第一课", 1, "内容"), ("two", "第二课", 1, "内容"))


def section(page: str, heading_id: str) -> str:
    """The text of the page's section labelled by the heading `heading_id`."""
    return one(page, "section", aria_labelledby=heading_id).text


def test_my_courses_lists_in_progress_required_not_started_and_completed(client, login_as):
    member = make_member(political_status=PoliticalStatus.MEMBER.value)
    reading = make_course(title="正在学的课", lessons=TWO)
    required = make_course(title="党员必修课",
                           audience={"required": {"political_status": ["中共党员"]}})
    make_course(title="没碰过的选修课")
    done = make_course(title="学完的课", lessons=ONE, credit_hours="3")
    Reader(member, reading, "one").beat(15)
    Reader(member, done, "one", at=now_utc() + timedelta(minutes=5)).read(required_seconds(1))
    publish(done, lessons=ONE, title="学完的课（修订）")
    page = login_as(member).get("/me/courses").get_data(as_text=True)
    assert "正在学的课" in section(page, "in-progress")
    assert "继续学习" in section(page, "in-progress")
    assert "党员必修课" in section(page, "required-not-started")
    completed = section(page, "completed")
    assert "学完的课" in completed and "第 1 版" in completed
    assert one(page, "section", aria_labelledby="completed").one("td", class_="num").text == "3"
    assert "没碰过的选修课" not in page
    assert required.title not in section(page, "in-progress")


def test_home_page_shows_required_courses_due_soon_first(client, login_as):
    branch = make_unit(make_unit())
    member = make_member(branch, political_status=PoliticalStatus.MASSES.value)
    later = make_course(title="下个月到期")
    soon = make_course(title="本周到期")
    for course, days in ((later, 40), (soon, 2)):
        db.session.add(CourseAssignment(course_id=course.id, unit_id=branch.id,
                                        due_on=local_today() + timedelta(days=days)))
    db.session.flush()
    page = login_as(member).get("/").get_data(as_text=True)
    panel = section(page, "required")
    assert panel.index("本周到期") < panel.index("下个月到期")
    assert "即将到期" in panel
    assert len(find_all(page, id="required")) == 1


def test_home_page_says_so_when_nothing_is_required(client, login_as):
    member = make_member(political_status=PoliticalStatus.MASSES.value)
    make_course(title="选修课")
    page = login_as(member).get("/").get_data(as_text=True)
    assert "没有待完成的必修课程。" in section(page, "required")
