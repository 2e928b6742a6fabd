"""The app under gunicorn with 4 workers (on the racing database: a SQLite file, or a
PostgreSQL schema), and one attempt hit at once from threads by answer saves and submits:
it is graded once, every save answered "saved" is in the graded attempt, and nothing 500s."""

from __future__ import annotations

import json
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from sqlalchemy import func, select

from learnhub.extensions import db
from learnhub.quizzes.attempts.models import Attempt, AttemptItem, AttemptState, QuizOutcome
from learnhub.quizzes.attempts.starting import start
from learnhub.records.models import LedgerEntry
from tests.factories import PASSWORD, make_member
from tests.quizzes.attempts.support import NOW, right_answer
from tests.quizzes.builders import make_quiz, single
from tests.racing import browser as new_browser
from tests.racing import call, form_token

QUESTIONS = 12


def test_concurrent_saves_and_submits_grade_once_and_lose_no_saved_answer(racing_app,
                                                                         gunicorn_server):
    server = gunicorn_server
    with racing_app.app_context():
        member = make_member(password=PASSWORD)
        quiz = make_quiz(f"race-{uuid.uuid4().hex[:8]}",
                         [single(f"s{i}", options=4) for i in range(QUESTIONS)],
                         credit_hours=Decimal("0.5"), pass_percent=50)
        attempt = start(member, quiz, quiz.current_version, NOW)
        answers = {}
        for item in db.session.scalars(select(AttemptItem).where(
                AttemptItem.attempt_id == attempt.id)):
            answers[item.position] = right_answer(item)
        ids = (member.id, attempt.id, quiz.id)
        login, path = member.employee_no, f"/quizzes/{quiz.slug}/attempts/{attempt.id}"
        db.session.commit()

    browser = new_browser()
    status, page, _ = call(browser, server + "/login")
    form = urllib.parse.urlencode({"employee_no": login, "password": PASSWORD,
                                   "csrf_token": form_token(page)}).encode()
    assert call(browser, server + "/login", form)[0] == 302
    status, page, _ = call(browser, server + path)
    assert status == 200
    token = form_token(page)

    def save(position: int):
        body = json.dumps({"position": position, "answer": answers[position]}).encode()
        status, text, _ = call(browser, server + path + "/answers", body, {
            "Content-Type": "application/json", "Accept": "application/json",
            "X-CSRFToken": token})
        return ("save", position, status)

    def submit(_: int):
        data = urllib.parse.urlencode({"csrf_token": token}).encode()
        status, _, headers = call(browser, server + path + "/submit", data)
        return ("submit", headers.get("Location"), status)

    jobs = [(save, position) for position in answers] + [(submit, n) for n in range(6)]
    jobs = jobs[::2] + jobs[1::2]  # submits among the saves
    with ThreadPoolExecutor(len(jobs)) as pool:
        results = list(pool.map(lambda job: job[0](job[1]), jobs))

    assert all(status < 500 for *_, status in results), results
    submits = [r for r in results if r[0] == "submit"]
    assert all(status == 302 for *_, status in submits)
    assert len({location for _, location, _ in submits}) == 1
    saved = {position for kind, position, status in results if kind == "save" and status == 200}
    assert all(status in (200, 409) for kind, _, status in results if kind == "save")

    member_id, attempt_id, quiz_id = ids
    with racing_app.app_context():
        graded = db.session.get(Attempt, attempt_id)
        assert graded.state == AttemptState.GRADED
        items = {item.position: item for item in db.session.scalars(
            select(AttemptItem).where(AttemptItem.attempt_id == attempt_id))}
        for position in saved:  # every "saved" answer is in the graded attempt
            assert items[position].score == 1, position
        for position in set(items) - saved:
            assert items[position].response is None
        assert graded.score == len(saved)
        outcome = db.session.scalar(select(QuizOutcome).where(
            QuizOutcome.member_id == member_id, QuizOutcome.quiz_id == quiz_id))
        assert outcome.attempts == 1
        assert db.session.scalar(select(func.count()).select_from(LedgerEntry).where(
            LedgerEntry.member_id == member_id)) == (1 if outcome.passed else 0)
