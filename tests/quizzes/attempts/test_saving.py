"""Autosave over HTTP: shown positions mapped to the original choices, validated, refused
after the deadline (which grades the attempt), one UPDATE per save; a reload resumes."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learnhub.extensions import db
from learnhub.quizzes.attempts import views
from learnhub.quizzes.attempts.models import AttemptItem, AttemptState
from learnhub.quizzes.attempts.starting import start
from tests.factories import make_member
from tests.html import find, find_all
from tests.quizzes.attempts.support import (
    NOW,
    attempt_url,
    items_of,
    right_answer,
    save_json,
)
from tests.quizzes.builders import essay, fill, make_quiz, multiple, single


def _clock(monkeypatch, when):
    monkeypatch.setattr(views, "now_utc", lambda: when)


def _started(monkeypatch, specs=None, **settings):
    _clock(monkeypatch, NOW)
    member = make_member()
    quiz = make_quiz(specs=specs, **settings)
    return member, start(member, quiz, quiz.current_version, NOW)


def test_a_save_maps_the_shown_position_to_the_original_choice(client, login_as, monkeypatch):
    member, attempt = _started(monkeypatch, [single("s", right=2, options=4)])
    login_as(member)
    item = items_of(attempt)[0]
    response = save_json(client, attempt, 1, right_answer(item))
    assert response.status_code == 200
    assert response.get_json() == {"status": "saved", "server_time": NOW.isoformat(),
                                   "remaining_seconds": None}
    db.session.refresh(item)
    assert item.response == 2 and item.saved_at == NOW


def test_a_save_answers_the_remaining_seconds_from_the_server_clock(client, login_as,
                                                                    monkeypatch):
    member, attempt = _started(monkeypatch, time_limit_minutes=10)
    _clock(monkeypatch, NOW + timedelta(minutes=3))
    body = save_json(login_as(member), attempt, 1, 0).get_json()
    assert body["remaining_seconds"] == 7 * 60


def test_multiple_and_text_answers_are_saved(client, login_as, monkeypatch):
    member, attempt = _started(monkeypatch, [multiple("m"), fill("f"), essay("e")])
    login_as(member)
    items = items_of(attempt)
    assert save_json(client, attempt, 1, [0, 2]).status_code == 200
    assert save_json(client, attempt, 2, "共产主义").status_code == 200
    assert save_json(client, attempt, 3, "心得").status_code == 200
    for item in items:
        db.session.refresh(item)
    assert items[0].response == sorted(items[0].choice_order[p] for p in (0, 2))
    assert items[1].response == "共产主义" and items[2].response == "心得"


def test_a_save_that_cannot_belong_to_the_question_is_refused(client, login_as, monkeypatch):
    member, attempt = _started(monkeypatch, [single("s", options=3)])
    login_as(member)
    assert save_json(client, attempt, 1, 7).status_code == 422
    assert save_json(client, attempt, 1, "x").status_code == 422
    assert save_json(client, attempt, 9, 0).status_code == 404
    assert items_of(attempt)[0].response is None


def test_a_save_without_the_csrf_header_is_refused(client, login_as, monkeypatch):
    member, attempt = _started(monkeypatch)
    login_as(member)
    response = client.post(attempt_url(attempt, "/answers"), json={"position": 1, "answer": 0})
    assert response.status_code == 400
    assert items_of(attempt)[0].response is None


def test_another_members_attempt_is_not_found(client, login_as, monkeypatch):
    _, attempt = _started(monkeypatch)
    login_as(make_member())
    assert save_json(client, attempt, 1, 0).status_code == 404
    assert client.get(attempt_url(attempt)).status_code == 404
    assert client.get(attempt_url(attempt, "/result")).status_code == 404


def test_a_save_after_the_deadline_is_refused_and_grades_what_was_saved(client, login_as,
                                                                        monkeypatch):
    member, attempt = _started(monkeypatch, [single("a"), single("b")], time_limit_minutes=10)
    login_as(member)
    first, second = items_of(attempt)
    save_json(client, attempt, 1, right_answer(first))
    _clock(monkeypatch, NOW + timedelta(minutes=10))
    response = save_json(client, attempt, 2, right_answer(second))
    assert response.status_code == 409
    assert response.get_json()["error"]["message"] == "作答已结束（已提交或已超时），答案未保存。"
    db.session.refresh(attempt)
    db.session.refresh(second)
    assert second.response is None
    assert attempt.state == AttemptState.GRADED and attempt.auto_submitted
    assert attempt.score == 1 and attempt.submitted_at == NOW + timedelta(minutes=10)


def test_a_reload_shows_the_saved_answers(client, login_as, monkeypatch):
    member, attempt = _started(monkeypatch, [single("s", options=4), fill("f")])
    login_as(member)
    save_json(client, attempt, 1, 3)
    save_json(client, attempt, 2, "我的答案")
    page = client.get(attempt_url(attempt)).get_data(as_text=True)
    checked = find_all(page, "input", type="radio", checked=True)
    assert [c["value"] for c in checked] == ["3"]
    assert find(page, "input", name="q2")["value"] == "我的答案"
    assert "已答 2 / 2 题" in page


def test_saving_an_answer_is_one_select_and_one_update(client, login_as, monkeypatch,
                                                       count_queries):
    member, attempt = _started(monkeypatch, [single("s")] + [single(f"x{i}") for i in range(9)])
    login_as(member)
    from tests.conftest import csrf_token

    token, url = csrf_token(client), attempt_url(attempt, "/answers")
    with count_queries() as queries:
        response = client.post(url, json={"position": 1, "answer": 0},
                               headers={"X-CSRFToken": token, "Accept": "application/json"})
    assert response.status_code == 200
    assert queries.verbs == ["SELECT", "SELECT", "UPDATE"]  # the member, the item, the save
    assert len(queries.writes) == 1


def test_the_update_refuses_a_save_once_the_attempt_was_closed_meanwhile(monkeypatch):
    """The row read said open; a submit committed before the UPDATE: nothing is saved."""
    from learnhub.quizzes.attempts import saving
    from learnhub.quizzes.attempts.failures import AttemptClosed
    from learnhub.quizzes.attempts.grading import submit

    member, attempt = _started(monkeypatch)
    real_execute = db.session.execute
    closed = []

    def execute(statement, *args, **kwargs):
        if getattr(statement, "is_update", False) and not closed:
            closed.append(1)
            submit(attempt, NOW)
        return real_execute(statement, *args, **kwargs)

    monkeypatch.setattr(saving.db.session, "execute", execute)
    try:
        saving.save_answer(member, attempt.id, 1, 0, NOW)
    except AttemptClosed:
        pass
    else:
        raise AssertionError("saved into a submitted attempt")
    monkeypatch.undo()
    assert db.session.scalar(select(AttemptItem.response).where(
        AttemptItem.attempt_id == attempt.id, AttemptItem.position == 1)) is None
