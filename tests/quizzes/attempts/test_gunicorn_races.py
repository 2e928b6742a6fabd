"""The app under gunicorn with 4 workers (on the racing database: a SQLite file, or a
PostgreSQL schema), and one attempt hit at once from threads by answer saves and submits:
it is graded once, every save answered "saved" is in the graded attempt, and nothing 500s."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from learnhub.extensions import db
from learnhub.quizzes.attempts.models import Attempt, AttemptItem, AttemptState, QuizOutcome
from learnhub.quizzes.attempts.starting import start
from learnhub.records.models import LedgerEntry
from tests.factories import PASSWORD, make_member
from tests.quizzes.attempts.support import NOW, right_answer
from tests.quizzes.builders import make_quiz, single

GUNICORN = Path(sys.executable).with_name("gunicorn")
ROOT = Path(__file__).resolve().parents[3]
QUESTIONS = 12


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(racing_database, tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEARNHUB_")} | {
        "LEARNHUB_DATABASE_URL": racing_database, "LEARNHUB_SECRET_KEY": "x" * 48}
    process = subprocess.Popen(
        [str(GUNICORN), "--workers", "4", "--bind", f"127.0.0.1:{port}", "--timeout", "60",
         "learnhub:create_app()"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("gunicorn did not start")
        yield base
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert "Traceback" not in output, output


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _browser():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())


def _call(opener, url: str, data: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers


def _token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


def test_concurrent_saves_and_submits_grade_once_and_lose_no_saved_answer(racing_app, server):
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

    browser = _browser()
    status, page, _ = _call(browser, server + "/login")
    form = urllib.parse.urlencode({"employee_no": login, "password": PASSWORD,
                                   "csrf_token": _token(page)}).encode()
    assert _call(browser, server + "/login", form)[0] == 302
    status, page, _ = _call(browser, server + path)
    assert status == 200
    token = _token(page)

    def save(position: int):
        body = json.dumps({"position": position, "answer": answers[position]}).encode()
        status, text, _ = _call(browser, server + path + "/answers", body, {
            "Content-Type": "application/json", "Accept": "application/json",
            "X-CSRFToken": token})
        return ("save", position, status)

    def submit(_: int):
        data = urllib.parse.urlencode({"csrf_token": token}).encode()
        status, _, headers = _call(browser, server + path + "/submit", data)
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
