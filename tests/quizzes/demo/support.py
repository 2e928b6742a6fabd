"""The demo with its quiz history, built the way `learnhub demo` builds it, on a fixed day
inside the 2026 contest's window."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from learnhub.demo import load_demo
from learnhub.extensions import db
from learnhub.operator.demo_content import run_demo_steps
from learnhub.quizzes.attempts.models import Attempt, AttemptItem, QuizOutcome
from learnhub.quizzes.models import QuestionVersion, QuizVersion

NOW = datetime(2026, 12, 7, 2, 30, tzinfo=UTC)  # 10:30 in Beijing, the contest open


def build_demo(now: datetime = NOW) -> list[str]:
    load_demo()
    lines, problems = run_demo_steps(now)
    assert problems == []
    return lines


def counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(model)) or 0
                 for model in (Attempt, AttemptItem, QuizOutcome, QuizVersion, QuestionVersion))
