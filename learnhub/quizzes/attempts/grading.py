"""Submitting and grading: the one request whose UPDATE moves an attempt out of `open`
grades it; every other submit of it (double click, second tab, the deadline) finds it
graded and shows the same result. `settle` turns item scores into the attempt's result
and the member's outcome, and is safe to run again after a regrade."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from learnhub.extensions import db
from learnhub.quizzes.attempts.answers import chosen_mask, stored_response
from learnhub.quizzes.attempts.failures import BadAnswer
from learnhub.quizzes.attempts.models import Attempt, AttemptItem, AttemptState
from learnhub.quizzes.models import QuestionVersion
from learnhub.quizzes.outcomes.services import update_outcome
from learnhub.quizzes.questions.types import InvalidResponse, grade

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def is_expired(attempt: Attempt, now: datetime) -> bool:
    return (attempt.state == AttemptState.OPEN and attempt.deadline_at is not None
            and now >= attempt.deadline_at)


def submit(attempt: Attempt, now: datetime, answers: Mapping[int, object] | None = None,
           *, auto: bool = False) -> Attempt:
    """Grade the attempt once. `answers` (item position → the shown value(s) a form
    sent) replace what was saved for those items, unless the deadline has passed: then
    it is graded on what was saved by the deadline (auto_submitted). The attempt,
    graded by this request or an earlier one."""
    grade_once(attempt, now, answers, auto=auto)
    return attempt


def grade_once(attempt: Attempt, now: datetime, answers: Mapping[int, object] | None = None,
               *, auto: bool = False) -> bool:
    """True if this call claimed the open attempt and graded it."""
    late = attempt.deadline_at is not None and now >= attempt.deadline_at
    submitted_at = attempt.deadline_at if late and attempt.deadline_at else now
    values = {"state": AttemptState.MARKING, "submitted_at": submitted_at,
              "auto_submitted": late or auto,
              "seconds_taken": max(0, int((submitted_at - attempt.started_at).total_seconds()))}
    claimed = db.session.execute(
        update(Attempt).where(Attempt.id == attempt.id, Attempt.state == AttemptState.OPEN)
        .values(**values).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        db.session.expire(attempt)
        return False  # graded by another request: the same result
    _set(attempt, values)
    rows = db.session.execute(
        select(AttemptItem.id, AttemptItem.position, AttemptItem.choice_order,
               AttemptItem.response, QuestionVersion)
        .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
        .where(AttemptItem.attempt_id == attempt.id).order_by(AttemptItem.position)).all()
    changes: list[dict] = []
    scores: list[tuple[Decimal | None, Decimal]] = []
    for item in rows:
        version = item.QuestionVersion
        spec = version.spec()
        response = item.response
        if answers and not late and item.position in answers:
            with suppress(BadAnswer, InvalidResponse):  # a tampered value: keep what was saved
                response = stored_response(spec, item.choice_order, answers[item.position])
        score = grade(spec, response)
        changes.append({"id": item.id, "response": response, "chosen": chosen_mask(response),
                        "score": score})
        scores.append((score, version.points))
    if changes:
        db.session.execute(update(AttemptItem), changes)  # one executemany
    settle(attempt, now, scores=scores)
    return True


def settle(attempt: Attempt, now: datetime,
           scores: list[tuple[Decimal | None, Decimal]] | None = None) -> Attempt:
    """Recompute the attempt's score, percent and pass from its items' scores (None: a
    心得 not marked yet, which keeps it in `marking`), then the member's outcome on the
    quiz. Safe to run again (a regrade calls it after changing item scores)."""
    if scores is None:
        scores = [(row.score, row.points) for row in db.session.execute(
            select(AttemptItem.score, QuestionVersion.points)
            .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
            .where(AttemptItem.attempt_id == attempt.id))]
    max_score = sum((points for _, points in scores), Decimal(0))
    values: dict = {"max_score": max_score}
    if any(score is None for score, _ in scores):
        values.update(state=AttemptState.MARKING, score=None, percent=None, passed=None)
    else:
        score = sum((s for s, _ in scores if s is not None), Decimal(0))
        percent = (score * HUNDRED / max_score).quantize(CENT) if max_score else HUNDRED
        values.update(state=AttemptState.GRADED, score=score, percent=percent,
                      passed=percent >= attempt.quiz_version.pass_percent)
    db.session.execute(update(Attempt).where(Attempt.id == attempt.id).values(**values)
                       .execution_options(synchronize_session=False))
    _set(attempt, values)
    update_outcome(attempt, now)
    return attempt


def _set(attempt: Attempt, values: dict) -> None:
    """What an UPDATE wrote, on the loaded object too (no reload)."""
    for name, value in values.items():
        set_committed_value(attempt, name, value)


def close_if_expired(attempt: Attempt, now: datetime) -> bool:
    """Grade an open attempt past its deadline on what was saved by then; True if it was
    past its deadline (graded now or by another request)."""
    if not is_expired(attempt, now):
        return False
    submit(attempt, now, auto=True)
    return True


def finalise_expired(now: datetime) -> int:
    """Grade every open attempt past its deadline (`learnhub quiz close-expired`, for
    cron): what a learner who closed the tab left. The number graded."""
    overdue = db.session.scalars(select(Attempt).where(
        Attempt.state == AttemptState.OPEN, Attempt.deadline_at.is_not(None),
        Attempt.deadline_at <= now).order_by(Attempt.id)).all()
    return sum(1 for attempt in overdue if grade_once(attempt, now, auto=True))
