"""Submitted attempts written straight into the tables, graded with the question types'
own `grade`, as the attempt engine would leave them (results only read them)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from learnhub.core.timeutil import now_utc
from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.quizzes.attempts.models import Attempt, AttemptItem, AttemptState
from learnhub.quizzes.models import Question, QuestionVersion, Quiz
from learnhub.quizzes.questions.types import grade


def quiz_versions(quiz: Quiz) -> list[QuestionVersion]:
    """The current versions of the quiz's fixed questions, in order."""
    keys = quiz.current_version.selection["fixed"]
    found = {question.key: question.current_version for question in db.session.scalars(
        select(Question).where(Question.bank_id == quiz.bank_id, Question.key.in_(keys)))}
    return [found[key] for key in keys]


def make_attempt(quiz: Quiz, member: Member, responses: Mapping[str, object] | None = None, *,
                 submitted_at: datetime | None = None, state: AttemptState = AttemptState.GRADED,
                 versions: list[QuestionVersion] | None = None,
                 orders: Mapping[str, list[int]] | None = None) -> Attempt:
    """A submitted attempt answering `responses` (question key → response as stored: an
    index, a list of indexes, text; a missing key is unanswered). Essays stay unmarked
    (score None) unless the state is graded, where they get 0."""
    responses = responses or {}
    versions = versions or quiz_versions(quiz)
    number = (db.session.scalar(select(func.count()).where(
        Attempt.quiz_id == quiz.id, Attempt.member_id == member.id)) or 0) + 1
    submitted_at = submitted_at or now_utc()
    attempt = Attempt(quiz_id=quiz.id, quiz_version_id=quiz.current_version_id,
                      member_id=member.id, number=number, state=state,
                      started_at=submitted_at - timedelta(minutes=5), submitted_at=submitted_at,
                      seconds_taken=300, max_score=sum(v.points for v in versions))
    db.session.add(attempt)
    db.session.flush()
    total = Decimal(0)
    for position, version in enumerate(versions, start=1):
        key = version.question.key
        response = responses.get(key)
        score = grade(version.spec(), response)
        if score is None and state == AttemptState.GRADED:
            score = Decimal(0)
        total += score or 0
        db.session.add(AttemptItem(
            attempt_id=attempt.id, position=position, question_version_id=version.id,
            choice_order=list((orders or {}).get(key, range(len(version.data["choices"])))),
            response=response, score=score, saved_at=submitted_at))
    if state == AttemptState.GRADED:
        attempt.score = total
        attempt.percent = (total * 100 / attempt.max_score).quantize(Decimal("0.01"))
        attempt.passed = attempt.percent >= quiz.current_version.pass_percent
    db.session.flush()
    return attempt
