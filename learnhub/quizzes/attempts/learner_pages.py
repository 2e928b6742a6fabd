"""What the learner's quiz pages show: 我的测验 and the home panel, a quiz's start page, the
attempt page and the result page. Each is a constant number of queries."""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased

from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.quizzes.attempts.availability import (
    Standing,
    attempts_left,
    in_window,
    next_allowed_at,
    open_to,
    published_quizzes,
    standing_from,
)
from learnhub.quizzes.attempts.models import Attempt, AttemptItem, AttemptState, QuizOutcome
from learnhub.quizzes.attempts.question_view import QuestionView, question_view
from learnhub.quizzes.attempts.review import NOTHING, VisibleParts, visible_parts
from learnhub.quizzes.attempts.saving import remaining_seconds
from learnhub.quizzes.models import QuestionVersion, Quiz, QuizVersion


class QuizState(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    MARKING = "marking"  # submitted, a 心得 awaits its mark
    PASSED = "passed"
    FAILED = "failed"


@dataclass
class MyQuiz:
    quiz: Quiz
    version: QuizVersion
    state: QuizState
    standing: Standing
    outcome: QuizOutcome | None
    attempts_left: int | None  # None: unlimited
    next_allowed_at: datetime | None  # the cool-down's end, when still ahead
    remaining_seconds: int | None  # of the open attempt
    window_open: bool
    not_yet_open: bool

    @property
    def may_start(self) -> bool:
        return (self.window_open and self.standing.open_attempt_id is None
                and self.attempts_left != 0 and self.next_allowed_at is None)


def _state(standing: Standing, outcome: QuizOutcome | None,
           attempts: list) -> QuizState:
    if standing.open_attempt_id is not None:
        return QuizState.IN_PROGRESS
    if outcome is not None and outcome.passed:
        return QuizState.PASSED
    if any(a.state == AttemptState.MARKING for a in attempts):
        return QuizState.MARKING
    return QuizState.FAILED if attempts else QuizState.NOT_STARTED


def my_quizzes(member: Member, now: datetime) -> list[MyQuiz]:
    """Published quizzes open to the member, not closed (or attempted), with their status."""
    rows = db.session.execute(published_quizzes().order_by(Quiz.title, Quiz.id)).all()
    attempts: dict[int, list] = defaultdict(list)
    for row in db.session.execute(
            select(Attempt.id, Attempt.quiz_id, Attempt.number, Attempt.state,
                   Attempt.deadline_at, Attempt.submitted_at)
            .where(Attempt.member_id == member.id).order_by(Attempt.number)):
        attempts[row.quiz_id].append(row)
    outcomes = {o.quiz_id: o for o in db.session.scalars(
        select(QuizOutcome).where(QuizOutcome.member_id == member.id))}
    result = []
    for quiz, version in rows:
        mine = attempts.get(quiz.id, [])
        closed = version.closes_at is not None and now >= version.closes_at
        if not open_to(member, quiz, version) or (closed and not mine):
            continue
        standing = standing_from(mine)
        wait_until = next_allowed_at(version, standing)
        result.append(MyQuiz(
            quiz=quiz, version=version, state=_state(standing, outcomes.get(quiz.id), mine),
            standing=standing, outcome=outcomes.get(quiz.id),
            attempts_left=attempts_left(version, standing),
            next_allowed_at=wait_until if wait_until and wait_until > now else None,
            remaining_seconds=remaining_seconds(standing.open_deadline_at, now),
            window_open=in_window(version, now),
            not_yet_open=version.opens_at is not None and now < version.opens_at))
    return result


@dataclass
class QuizHomePanel:
    quizzes: list[MyQuiz]
    template: str = "quizzes/attempts/_home_panel.html"


def home_panel(member: Member, today: date, now: datetime) -> QuizHomePanel:
    """Quizzes in progress, then those the member may start now and has not passed."""
    quizzes = [q for q in my_quizzes(member, now)
               if q.state == QuizState.IN_PROGRESS
               or (q.may_start and q.state in (QuizState.NOT_STARTED, QuizState.FAILED))]
    quizzes.sort(key=lambda q: q.state != QuizState.IN_PROGRESS)
    return QuizHomePanel(quizzes=quizzes)


@dataclass
class StartPage:
    quiz: Quiz
    version: QuizVersion
    entry: MyQuiz | None  # None: not open to this member
    attempts: list[Attempt] = field(default_factory=list)


def start_page(member: Member, quiz: Quiz, version: QuizVersion, now: datetime) -> StartPage:
    attempts = list(db.session.scalars(
        select(Attempt).where(Attempt.member_id == member.id, Attempt.quiz_id == quiz.id)
        .order_by(Attempt.number)))
    outcome = db.session.scalar(select(QuizOutcome).where(
        QuizOutcome.member_id == member.id, QuizOutcome.quiz_id == quiz.id))
    entry = None
    if open_to(member, quiz, version):
        standing = standing_from(attempts)
        wait_until = next_allowed_at(version, standing)
        entry = MyQuiz(
            quiz=quiz, version=version, state=_state(standing, outcome, attempts),
            standing=standing, outcome=outcome, attempts_left=attempts_left(version, standing),
            next_allowed_at=wait_until if wait_until and wait_until > now else None,
            remaining_seconds=remaining_seconds(standing.open_deadline_at, now),
            window_open=in_window(version, now),
            not_yet_open=version.opens_at is not None and now < version.opens_at)
    return StartPage(quiz=quiz, version=version, entry=entry, attempts=attempts)


@dataclass
class AttemptView:
    attempt: Attempt
    questions: list[QuestionView]
    parts: VisibleParts = NOTHING
    remaining_seconds: int | None = None

    @property
    def answered(self) -> int:
        return sum(1 for q in self.questions if q.answered)


def _items(attempt_id: int) -> list:
    """The items with the version each showed and, when a regrade re-scored it, the
    version whose key graded it (`graded_with`, else None), in the same query."""
    graded_with = aliased(QuestionVersion, name="graded_with")
    return list(db.session.execute(
        select(AttemptItem.position, AttemptItem.choice_order, AttemptItem.response,
               AttemptItem.score, AttemptItem.mark_comment, QuestionVersion, graded_with)
        .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
        .outerjoin(graded_with, graded_with.id == AttemptItem.graded_with_version_id)
        .where(AttemptItem.attempt_id == attempt_id).order_by(AttemptItem.position)).all())


def attempt_view(attempt: Attempt, now: datetime) -> AttemptView:
    """The open attempt with the saved answers filled in, nothing of the key."""
    questions = [question_view(row.QuestionVersion, number=row.position,
                               choice_order=row.choice_order, response=row.response)
                 for row in _items(attempt.id)]
    return AttemptView(attempt=attempt, questions=questions,
                       remaining_seconds=remaining_seconds(attempt.deadline_at, now))


def result_view(attempt: Attempt, now: datetime) -> AttemptView:
    """The submitted attempt, showing what the review options allow now."""
    parts = visible_parts(attempt.quiz_version, attempt, now)
    questions = [question_view(row.QuestionVersion, number=row.position,
                               choice_order=row.choice_order, response=row.response,
                               parts=parts, editable=False, score=row.score,
                               mark_comment=row.mark_comment, key=row.graded_with)
                 for row in _items(attempt.id)] if parts.any else []
    return AttemptView(attempt=attempt, questions=questions, parts=parts)
