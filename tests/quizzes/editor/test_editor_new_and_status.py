"""A new quiz (slug, title, mode, course, unit → a starter text → saved as version 1), and
publishing a draft, archiving and unarchiving, each audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from learnhub.courses.models import ContentSource, CourseStatus
from learnhub.extensions import db
from learnhub.org.models import AuditEvent
from learnhub.quizzes.attempts.learner_pages import my_quizzes
from learnhub.quizzes.attempts.models import Attempt
from learnhub.quizzes.attempts.starting import start
from learnhub.quizzes.format.parsing import parse_quiz
from learnhub.quizzes.models import Quiz, QuizMode, QuizStatus
from tests.conftest import csrf_token
from tests.courses.learning_support import make_course
from tests.html import find_all, one
from tests.quizzes.attempts.support import NOW
from tests.quizzes.builders import make_quiz
from tests.quizzes.editor.support import make_org, save, textarea_text


@pytest.fixture
def org():
    return make_org()


def _course(slug: str, unit, status=CourseStatus.PUBLISHED):
    course = make_course(slug, title=f"课程{slug}")
    course.owner_unit_id, course.status = unit.id, status
    db.session.flush()
    return course


def _new(client, **fields):
    data = {"slug": "rights-quiz", "title": "党员权利测验", "mode": "quiz", "course": "",
            "owner_unit": "", "csrf_token": csrf_token(client), **fields}
    return client.post("/quizzes/new", data=data)


def test_the_new_page_offers_only_courses_and_units_the_trainer_may_use(client, login_as, org):
    _course("mine", org.branch)
    _course("theirs", org.other_branch)
    _course("old", org.branch, CourseStatus.ARCHIVED)
    login_as(org.trainer)
    page = client.get("/quizzes/new").get_data(as_text=True)
    courses = [o["value"] for o in one(page, "select", name="course").find_all("option")]
    assert courses == ["", "mine"]
    units = one(page, "select", name="owner_unit").find_all("option")
    assert [o["value"] for o in units] == [org.branch.code]
    assert "selected" in units[0].attrs


def test_a_new_quiz_starts_from_an_example_of_each_type_and_saves(client, login_as, org):
    _course("mine", org.branch)
    login_as(org.trainer)
    response = _new(client, course="mine", owner_unit=org.branch.code, mode="practice")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert db.session.scalar(select(Quiz).where(Quiz.slug == "rights-quiz")) is None
    text = textarea_text(page)
    for heading in ("## 单选", "## 多选", "## 判断", "## 填空", "## 心得"):
        assert heading in text
    assert "course: mine" in text and "mode: practice" in text
    assert one(page, "input", name="token")["value"] == "new"
    parsed = parse_quiz(text, slug="rights-quiz")
    assert parsed.ok and len(parsed.specs) == 5
    response = save(client, "rights-quiz", text, token="new")
    assert response.status_code == 302, response.get_data(as_text=True)
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "rights-quiz"))
    assert quiz is not None and quiz.status == QuizStatus.PUBLISHED
    assert quiz.mode == QuizMode.PRACTICE and quiz.course.slug == "mine"
    assert quiz.owner_unit_id == org.branch.id and quiz.last_file_hash is None
    assert quiz.current_version.number == 1 and quiz.current_version.source == ContentSource.WEB
    assert quiz.bank.source == ContentSource.WEB


def test_a_taken_or_reserved_slug_is_refused(client, login_as, org):
    make_quiz("party-quiz", owner_unit_id=org.other_branch.id)
    login_as(org.trainer)
    for slug, message in (("party-quiz", "已被使用"), ("new", "系统保留")):
        response = _new(client, slug=slug, owner_unit=org.branch.code)
        assert response.status_code == 422
        assert message in one(response.get_data(as_text=True), "p", class_="error").text


def test_a_course_of_another_unit_cannot_be_chosen(client, login_as, org):
    _course("theirs", org.other_branch)
    login_as(org.trainer)
    response = _new(client, course="theirs", owner_unit=org.branch.code)
    assert response.status_code == 422
    assert find_all(response.get_data(as_text=True), "p", class_="error")


def _draft(org) -> Quiz:
    quiz = make_quiz("imported", owner_unit_id=org.branch.id)
    quiz.status = QuizStatus.DRAFT
    db.session.flush()
    return quiz


def _audit(action: str) -> AuditEvent | None:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).first()


def test_publishing_a_draft_asks_then_publishes_with_an_audit_entry(client, login_as, post,
                                                                   org):
    quiz = _draft(org)
    login_as(org.trainer)
    page = client.get("/quizzes/imported/publish").get_data(as_text=True)
    assert one(page, "button", class_="button").text == "确认发布"
    response = post("/quizzes/imported/publish")
    assert response.status_code == 302
    db.session.refresh(quiz)
    assert quiz.status == QuizStatus.PUBLISHED
    event = _audit("quiz.publish")
    assert event is not None and event.actor_id == org.trainer.id
    assert event.object_id == str(quiz.id)
    assert client.get("/quizzes/imported/publish").status_code == 404  # nothing to publish


def test_archiving_hides_the_quiz_from_learners_and_keeps_attempts(client, login_as, post,
                                                                   org):
    quiz = make_quiz("party-quiz", owner_unit_id=org.branch.id)
    start(org.learner, quiz, quiz.current_version, NOW)
    assert [q.quiz.slug for q in my_quizzes(org.learner, NOW)] == ["party-quiz"]
    login_as(org.trainer)
    assert "1 次作答" in client.get("/quizzes/party-quiz/archive").get_data(as_text=True)
    assert post("/quizzes/party-quiz/archive").status_code == 302
    db.session.refresh(quiz)
    assert quiz.status == QuizStatus.ARCHIVED and _audit("quiz.archive") is not None
    assert my_quizzes(org.learner, NOW) == []
    assert db.session.scalars(select(Attempt).where(Attempt.quiz_id == quiz.id)).all()
    assert post("/quizzes/party-quiz/unarchive").status_code == 302
    db.session.refresh(quiz)
    assert quiz.status == QuizStatus.PUBLISHED and _audit("quiz.unarchive") is not None


def test_a_second_archive_is_refused_without_change(client, login_as, post, org):
    quiz = make_quiz("party-quiz", owner_unit_id=org.branch.id)
    login_as(org.trainer)
    post("/quizzes/party-quiz/archive")
    response = post("/quizzes/party-quiz/archive", follow_redirects=True)
    assert "不能执行这个操作" in response.get_data(as_text=True)
    assert len(db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "quiz.archive")).all()) == 1
    db.session.refresh(quiz)
    assert quiz.status == QuizStatus.ARCHIVED
