"""Who may open the quiz editor: trainers of the owner unit's subtree and admins; a learner
gets 403, a trainer of another unit 404 (the quiz's existence is not disclosed); every
POST needs its CSRF token."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from learnhub.extensions import db
from learnhub.org.models import Role
from learnhub.quizzes.models import QuizStatus, QuizVersion
from tests.factories import make_member
from tests.quizzes.builders import make_quiz
from tests.quizzes.editor.support import make_org, quiz_text

PAGES = ("edit", "publish", "archive")


@pytest.fixture
def org():
    return make_org()


@pytest.mark.parametrize("page", PAGES)
def test_learner_gets_403(client, login_as, org, page):
    make_quiz("party-quiz", owner_unit_id=org.branch.id)
    login_as(org.learner)
    assert client.get(f"/quizzes/party-quiz/{page}").status_code == 403
    assert client.get("/quizzes/new").status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_trainer_of_another_unit_gets_404(client, login_as, post, org, page):
    make_quiz("party-quiz", owner_unit_id=org.branch.id)
    login_as(org.other_trainer)
    assert client.get(f"/quizzes/party-quiz/{page}").status_code == 404
    assert post(f"/quizzes/party-quiz/{page}", {"markdown": "x", "token": ""}).status_code == 404


def test_trainer_above_and_admin_may_edit(client, login_as, org):
    make_quiz("party-quiz", owner_unit_id=org.branch.id)
    for member in (make_member(org.root, roles=(Role.TRAINER,)),
                   make_member(org.other_branch, roles=(Role.ADMIN,))):
        login_as(member)
        assert client.get("/quizzes/party-quiz/edit").status_code == 200


def test_a_new_quiz_token_cannot_reach_an_existing_quiz_of_another_unit(client, login_as,
                                                                        post, org):
    make_quiz("party-quiz", owner_unit_id=org.branch.id)
    login_as(org.other_trainer)
    response = post("/quizzes/party-quiz/edit", {
        "markdown": quiz_text(org.other_branch.code), "token": "new", "action": "save"})
    assert response.status_code == 404


def test_every_post_needs_the_csrf_token(client, login_as, org):
    quiz = make_quiz("party-quiz", owner_unit_id=org.branch.id)
    login_as(org.trainer)
    versions = db.session.scalar(select(func.count(QuizVersion.id)))
    response = client.post("/quizzes/party-quiz/edit", data={
        "markdown": quiz_text(org.branch.code), "token": "x", "action": "save"})
    assert response.status_code == 400
    assert client.post("/quizzes/party-quiz/archive").status_code == 400
    assert client.post("/quizzes/new", data={"slug": "x", "title": "x"}).status_code == 400
    db.session.refresh(quiz)
    assert quiz.status == QuizStatus.PUBLISHED
    assert db.session.scalar(select(func.count(QuizVersion.id))) == versions


def test_the_editor_page_costs_the_same_queries_for_any_number_of_questions(
        client, login_as, org, count_queries):
    from tests.quizzes.builders import single

    make_quiz("small", [single(f"s{n}") for n in range(2)], owner_unit_id=org.branch.id)
    make_quiz("large", [single(f"s{n}") for n in range(30)], owner_unit_id=org.branch.id)
    login_as(org.trainer)
    counts = []
    for slug in ("small", "large"):
        client.get(f"/quizzes/{slug}/edit")  # warm the session's caches alike
        with count_queries() as queries:
            assert client.get(f"/quizzes/{slug}/edit").status_code == 200
        counts.append(len(queries))
    assert counts == [10, 10]  # whatever the number of questions


def test_a_reserved_slug_cannot_be_saved_as_a_new_quiz(client, login_as, post, org):
    login_as(org.trainer)
    response = post("/quizzes/mine/edit", {"markdown": quiz_text(org.branch.code),
                                          "token": "new", "action": "save"})
    assert response.status_code == 409
    assert quiz_text(org.branch.code).split("\n")[1] in response.get_data(as_text=True)
