"""Starting an attempt, or resuming the open one: the database allows one open attempt
per member and quiz (a partial unique index), so a second tab's start finds the first."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.quizzes.attempts.availability import check_may_start, standing_of
from learnhub.quizzes.attempts.drawing import draw
from learnhub.quizzes.attempts.grading import close_if_expired
from learnhub.quizzes.attempts.models import Attempt, AttemptItem, AttemptState
from learnhub.quizzes.models import Quiz, QuizVersion


def open_attempt(member_id: int, quiz_id: int) -> Attempt | None:
    return db.session.scalar(select(Attempt).where(
        Attempt.member_id == member_id, Attempt.quiz_id == quiz_id,
        Attempt.state == AttemptState.OPEN))


def deadline_for(version: QuizVersion, now: datetime) -> datetime | None:
    """The time limit from now, never past the quiz's closing time."""
    deadline = now + timedelta(minutes=version.time_limit_minutes) \
        if version.time_limit_minutes else None
    if version.closes_at is not None and (deadline is None or deadline > version.closes_at):
        deadline = version.closes_at
    return deadline


def start(member: Member, quiz: Quiz, version: QuizVersion, now: datetime,
          rng: random.Random | None = None) -> Attempt:
    """The member's open attempt on the quiz, or a new one when the rules allow it. An
    open attempt past its deadline is graded first (it no longer counts as open)."""
    found = open_attempt(member.id, quiz.id)
    if found is not None and not close_if_expired(found, now):
        return found
    standing = standing_of(member.id, quiz.id)
    check_may_start(member, quiz, version, standing, now)
    items = draw(quiz, version, member.id, rng)  # reads only: before the first write
    attempt = Attempt(quiz_id=quiz.id, quiz_version_id=version.id, member_id=member.id,
                      number=standing.used + 1, state=AttemptState.OPEN, started_at=now,
                      deadline_at=deadline_for(version, now))
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
            db.session.flush()
            db.session.add_all(AttemptItem(attempt_id=attempt.id, position=position,
                                           question_version_id=item.question_version_id,
                                           choice_order=item.choice_order)
                               for position, item in enumerate(items, start=1))
    except IntegrityError:
        # Another tab (or a double click) started one first: resume theirs.
        found = open_attempt(member.id, quiz.id)
        if found is None:
            raise
        return found
    return attempt
