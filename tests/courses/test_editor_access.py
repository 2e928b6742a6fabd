"""Who may reach the course management pages: trainers for their courses, nobody else."""

import pytest

from learnhub.courses.models import CourseStatus
from learnhub.org.models import Role
from tests.courses.editor_support import drafts_of, file_course, make_org
from tests.factories import make_member, make_unit

EDITOR_PAGES = ["edit", "lessons", "lessons/rights/edit", "lessons/rights/remove", "files",
                "publish", "versions", "diff?from=1&to=1", "archive", "draft/discard",
                "export.zip"]


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/manage/courses")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_learner_cannot_open_course_management(client, login_as, org, course):
    login_as(org.learner)
    assert client.get("/manage/courses").status_code == 403
    assert client.get(f"/manage/courses/{course.slug}/edit").status_code == 403
    assert client.get("/manage/courses/new").status_code == 403


def test_learner_has_no_course_management_in_the_navigation(client, login_as):
    org = make_org()
    login_as(org.learner)
    assert "课程管理" not in client.get("/").get_data(as_text=True)
    login_as(org.trainer)
    assert "课程管理" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("page", EDITOR_PAGES)
def test_trainer_of_another_subtree_gets_403_on_every_editor_page(client, login_as, org, course,
                                                                  page):
    login_as(org.other_trainer)
    assert client.get(f"/manage/courses/{course.slug}/{page}").status_code == 403


@pytest.mark.parametrize("page,data", [
    ("edit", {"title": "改掉"}), ("lessons", {"title": "新课节", "minutes": "5"}),
    ("lessons/rights/move", {"direction": "up"}), ("lessons/rights/remove", {}),
    ("preview", {"markdown": "# x"}), ("publish", {}), ("archive", {}),
    ("files/remove", {"path": "images/chart.png"}),
])
def test_trainer_of_another_subtree_cannot_post_changes(client, login_as, post, org, course, page,
                                                        data):
    login_as(org.other_trainer)
    assert post(f"/manage/courses/{course.slug}/{page}", data).status_code == 403
    assert drafts_of(course) == [] and course.status == CourseStatus.PUBLISHED


def test_trainer_on_a_parent_unit_edits_courses_of_units_below(client, login_as, tmp_path):
    org = make_org()
    course = file_course(tmp_path, make_unit(org.branch, name="党小组"))
    login_as(org.trainer)
    assert client.get(f"/manage/courses/{course.slug}/edit").status_code == 200


def test_admin_edits_every_course(client, login_as, org, course):
    admin = make_member(org.other_branch, roles=(Role.ADMIN,))
    login_as(admin)
    assert client.get(f"/manage/courses/{course.slug}/edit").status_code == 200


def test_list_shows_only_courses_the_trainer_may_edit(client, login_as, tmp_path):
    org = make_org()
    file_course(tmp_path / "a", org.branch, slug="mine")
    file_course(tmp_path / "b", org.other_branch, slug="theirs")
    login_as(org.trainer)
    page = client.get("/manage/courses").get_data(as_text=True)
    assert "/manage/courses/mine/edit" in page
    assert "/manage/courses/theirs/edit" not in page
    assert "共 1 门课程" in page


def test_list_shows_status_version_and_actions(client, login_as, tmp_path):
    org = make_org()
    file_course(tmp_path, org.branch)
    login_as(org.trainer)
    page = client.get("/manage/courses").get_data(as_text=True)
    assert "党章学习" in page and "已发布" in page and "第 1 版" in page
    assert "/manage/courses/party-rules/versions" in page
    assert "/manage/courses/party-rules/export.zip" in page
    assert "/manage/courses/party-rules/archive" in page
