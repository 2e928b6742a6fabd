"""The owner unit alone decides who manages a course: its creator keeps nothing once a
trainer above moves the course out of the creator's scope."""

import pytest

from learnhub.courses.models import CourseStatus
from learnhub.courses.publishing.services import course_by_slug, draft_of
from learnhub.extensions import db
from learnhub.org.models import Role
from tests.courses.editor_support import make_org, make_zip
from tests.courses.test_editor_drafts import details
from tests.factories import make_member

SLUG = "made-here"


def published(post) -> bool:
    response = post(f"/manage/courses/{SLUG}/publish", {})
    return response.headers.get("Location", "").endswith(f"/manage/courses/{SLUG}/versions")


def moved_away(login_as, post):
    """The branch trainer makes and publishes a course; a trainer on the root unit then
    gives it to the other branch and publishes that."""
    org = make_org()
    upper = make_member(org.root, roles=(Role.TRAINER,), name="赵上级")
    login_as(org.trainer)
    assert post("/manage/courses/new", {"slug": SLUG, "title": "自建课程",
                                        "owner_unit": org.branch.code}).status_code == 302
    assert post(f"/manage/courses/{SLUG}/edit",
                details(org.branch, title="自建课程")).status_code == 302
    assert post(f"/manage/courses/{SLUG}/lessons",
                {"title": "第一课", "minutes": "5"}).status_code == 302
    assert post(f"/manage/courses/{SLUG}/lessons/lesson-1/edit",
                {"title": "第一课", "minutes": "5", "markdown": "正文", "video": "",
                 "token": ""}).status_code == 302
    assert published(post)
    login_as(upper)
    assert post(f"/manage/courses/{SLUG}/edit",
                details(org.other_branch, title="自建课程")).status_code == 302
    assert published(post)
    course = course_by_slug(SLUG)
    assert course is not None and course.created_by_id == org.trainer.id
    assert course.owner_unit_id == org.other_branch.id
    assert course.status == CourseStatus.PUBLISHED and course.current_version.number == 2
    return org, upper, course


@pytest.mark.parametrize("page", ["edit", "lessons", "lessons/lesson-1/edit", "files",
                                  "publish", "versions", "diff?from=1&to=2", "archive",
                                  "export.zip", "export.zip?version=1"])
def test_creator_cannot_open_a_course_moved_out_of_their_scope(client, login_as, post, page):
    org, _upper, course = moved_away(login_as, post)
    login_as(org.trainer)
    assert client.get(f"/manage/courses/{course.slug}/{page}").status_code == 403


def test_creator_cannot_move_the_course_back_or_save_changes(client, login_as, post):
    org, _upper, course = moved_away(login_as, post)
    login_as(org.trainer)
    response = post(f"/manage/courses/{SLUG}/edit", details(org.branch, title="拿回来"))
    assert response.status_code == 403
    assert post(f"/manage/courses/{SLUG}/lessons",
                {"title": "再加一课", "minutes": "5"}).status_code == 403
    assert draft_of(course) is None
    assert course.owner_unit_id == org.other_branch.id


def test_creator_cannot_publish_a_draft_of_the_moved_course(client, login_as, post):
    org, _upper, course = moved_away(login_as, post)
    login_as(org.other_trainer)  # the new owner's trainer starts a draft
    assert post(f"/manage/courses/{SLUG}/edit",
                details(org.other_branch, title="新标题")).status_code == 302
    login_as(org.trainer)
    assert post(f"/manage/courses/{SLUG}/publish", {}).status_code == 403
    assert post(f"/manage/courses/{SLUG}/draft/discard", {}).status_code == 403
    db.session.expire_all()
    assert draft_of(course) is not None and course.current_version.number == 2
    login_as(org.other_trainer)
    assert published(post)


def test_creator_cannot_archive_or_unarchive_the_moved_course(client, login_as, post):
    org, upper, course = moved_away(login_as, post)
    login_as(org.trainer)
    assert post(f"/manage/courses/{SLUG}/archive", {}).status_code == 403
    assert course.status == CourseStatus.PUBLISHED
    login_as(upper)
    assert post(f"/manage/courses/{SLUG}/archive", {}).status_code == 302
    login_as(org.trainer)
    assert client.get(f"/manage/courses/{SLUG}/unarchive").status_code == 403
    assert post(f"/manage/courses/{SLUG}/unarchive", {}).status_code == 403
    db.session.refresh(course)
    assert course.status == CourseStatus.ARCHIVED


def test_creator_cannot_replace_the_moved_course_by_importing_a_zip(client, login_as, post):
    org, _upper, course = moved_away(login_as, post)
    login_as(org.trainer)
    upload = make_zip({
        f"{SLUG}/course.md": "---\ntitle: 换掉\nsummary: 换掉。\ncategory: 党章党规\n"
                             f"credit_hours: 1\nowner_unit: {org.branch.code}\n"
                             "lessons:\n  - a.md\n---\n介绍\n",
        f"{SLUG}/a.md": "---\ntitle: 一\nminutes: 5\n---\n正文\n"})
    from io import BytesIO

    response = post("/manage/courses/import", {"file": (BytesIO(upload), "c.zip")},
                    content_type="multipart/form-data")
    assert response.status_code == 422
    assert draft_of(course) is None


def test_the_list_leaves_out_a_course_its_creator_no_longer_covers(client, login_as, post):
    org, _upper, _course = moved_away(login_as, post)
    login_as(org.trainer)
    page = client.get("/manage/courses").get_data(as_text=True)
    assert f"/manage/courses/{SLUG}/edit" not in page
    login_as(org.other_trainer)
    page = client.get("/manage/courses").get_data(as_text=True)
    assert f"/manage/courses/{SLUG}/edit" in page


def test_creator_assigns_and_sees_progress_only_like_any_trainer_of_their_unit(
        client, login_as, post):
    """Assignments and the progress page go by the actor's units, not by the course: the
    creator sees exactly what another trainer of the same branch sees."""
    org, _upper, course = moved_away(login_as, post)
    peer = make_member(org.branch, roles=(Role.TRAINER,), name="钱同事")
    make_member(org.other_branch, name="孙外人")
    for who in (org.trainer, peer):
        login_as(who)
        assignments = client.get(f"/courses/{SLUG}/assignments")
        learners = client.get(f"/courses/{SLUG}/learners")
        assert assignments.status_code == learners.status_code == 200
        text = assignments.get_data(as_text=True)
        assert org.branch.code in text and f"（{org.other_branch.code}）" not in text
        learners_text = learners.get_data(as_text=True)
        assert "张学员" in learners_text and "孙外人" not in learners_text
    assert course.created_by_id == org.trainer.id
