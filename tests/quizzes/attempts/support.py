"""Helpers for the attempt tests: a fixed clock, the right answers of an attempt in shown
positions (what a learner who knows the key would send), and the JSON save call."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from learnhub.extensions import db
from learnhub.quizzes.attempts.models import Attempt, AttemptItem
from learnhub.quizzes.models import QuestionVersion
from learnhub.quizzes.questions.spec import QuestionType
from tests.conftest import csrf_token

NOW = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)


def items_of(attempt: Attempt) -> list[AttemptItem]:
    return list(db.session.scalars(select(AttemptItem).where(
        AttemptItem.attempt_id == attempt.id).order_by(AttemptItem.position)))


def right_answer(item: AttemptItem) -> object:
    """The shown position(s) or text that earns full marks for the item."""
    version = db.session.get(QuestionVersion, item.question_version_id)
    assert version is not None
    spec = version.spec()
    right = [i for i, choice in enumerate(spec.choices) if choice.percent > 0]
    if spec.type in (QuestionType.FILL,):
        return spec.choices[0].text
    if spec.type == QuestionType.ESSAY:
        return "我的心得体会。"
    shown = [item.choice_order.index(i) for i in right]
    return shown if spec.type == QuestionType.MULTIPLE else shown[0]


def wrong_answer(item: AttemptItem) -> object:
    version = db.session.get(QuestionVersion, item.question_version_id)
    assert version is not None
    spec = version.spec()
    if spec.type in (QuestionType.FILL, QuestionType.ESSAY):
        return "不知道"
    wrong = [i for i, choice in enumerate(spec.choices) if choice.percent <= 0]
    shown = item.choice_order.index(wrong[0])
    return [shown] if spec.type == QuestionType.MULTIPLE else shown


def attempt_url(attempt: Attempt, tail: str = "") -> str:
    return f"/quizzes/{attempt.quiz.slug}/attempts/{attempt.id}{tail}"


def save_json(client, attempt: Attempt, position: int, answer: object, token: str | None = None):
    return client.post(attempt_url(attempt, "/answers"),
                       json={"position": position, "answer": answer},
                       headers={"X-CSRFToken": token or csrf_token(client),
                                "Accept": "application/json"})
