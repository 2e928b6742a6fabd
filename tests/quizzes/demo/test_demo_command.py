"""`make run` runs `learnhub demo` then `learnhub content sync`; either order gives the
same demo with its quiz history, and whatever runs second changes nothing."""

from __future__ import annotations

from sqlalchemy import select

from learnhub.extensions import db
from learnhub.quizzes.attempts.models import Attempt
from learnhub.quizzes.demo.history import CONTEST, COURSE_QUIZZES
from learnhub.quizzes.models import Quiz
from tests.quizzes.demo.support import counts


def _run(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _quizzes_with_attempts() -> set[str]:
    return set(db.session.scalars(select(Quiz.slug).distinct().join(
        Attempt, Attempt.quiz_id == Quiz.id)))


def test_demo_then_content_sync(app):
    output = _run(app, "demo")
    assert "Demo loaded" in output and "Quiz history:" in output
    made = counts()
    output = _run(app, "content", "sync")
    assert "0 created, 0 updated" in output and "invalid" not in output.replace(
        "0 invalid", "")
    assert counts() == made
    assert "nothing changed" in _run(app, "demo")
    assert counts() == made
    assert {*COURSE_QUIZZES, CONTEST} >= _quizzes_with_attempts() >= set(COURSE_QUIZZES)


def test_content_sync_then_demo(app):
    _run(app, "content", "sync")
    before = counts()
    assert before[0] == 0
    output = _run(app, "demo")
    assert "Quiz history:" in output
    assert counts()[0] > 800 and counts()[3:] == before[3:]  # no new quiz or question versions
    assert set(COURSE_QUIZZES) <= _quizzes_with_attempts()
