"""Who may take which quiz, and when: the window, the audience, the course, the attempts
allowed and the cool-down. One set of rules for starting, the start page and 我的测验."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from learnhub.core.formatting import local_datetime
from learnhub.courses.assignments.audience import is_required, unit_codes, unit_paths
from learnhub.courses.models import Course, CourseStatus
from learnhub.extensions import db
from learnhub.org.models import Member, Unit
from learnhub.org.permissions import role_names
from learnhub.quizzes.attempts.failures import (
    CoolingDown,
    NoAttemptsLeft,
    QuizNotAvailable,
    QuizNotFound,
)
from learnhub.quizzes.attempts.models import Attempt, AttemptState
from learnhub.quizzes.models import Quiz, QuizStatus, QuizVersion


def published_quizzes():
    """Published quizzes with their current version, owner unit and course (one SELECT)."""
    return (select(Quiz, QuizVersion)
            .join(QuizVersion, QuizVersion.id == Quiz.current_version_id)
            .outerjoin(Quiz.owner_unit).outerjoin(Quiz.course)
            .options(contains_eager(Quiz.owner_unit).load_only(Unit.path),
                     contains_eager(Quiz.course).load_only(Course.status, Course.slug,
                                                          Course.title))
            .where(Quiz.status == QuizStatus.PUBLISHED))


def published_quiz(slug: str) -> tuple[Quiz, QuizVersion]:
    """A published quiz and its current version; 404 otherwise (drafts say nothing)."""
    row = db.session.execute(published_quizzes().where(Quiz.slug == slug)).first()
    if row is None:
        raise QuizNotFound()
    return row[0], row[1]


def in_audience(member: Member, quiz: Quiz, version: QuizVersion) -> bool:
    """Inside the owner unit's subtree, and matching the version's audience when it
    names one (an empty audience is everyone there; a contest is for its audience only)."""
    owner_path = quiz.owner_unit.path if quiz.owner_unit is not None else None
    if owner_path is not None and not member.unit.path.startswith(owner_path):
        return False
    rules = version.audience or {}
    if not rules.get("required"):
        return True
    return is_required(rules, member, roles=role_names(member),
                       paths_by_code=unit_paths(unit_codes(rules)), owner_path=owner_path)


def in_window(version: QuizVersion, now: datetime) -> bool:
    return ((version.opens_at is None or version.opens_at <= now)
            and (version.closes_at is None or now < version.closes_at))


def course_open(quiz: Quiz) -> bool:
    return quiz.course_id is None or (quiz.course is not None
                                      and quiz.course.status == CourseStatus.PUBLISHED)


def open_to(member: Member, quiz: Quiz, version: QuizVersion) -> bool:
    """May see and take the quiz (its window aside)."""
    return course_open(quiz) and in_audience(member, quiz, version)


@dataclass(frozen=True)
class Standing:
    """A member's attempts on one quiz, as the start rules read them."""

    used: int = 0  # attempts started, in any state
    open_attempt_id: int | None = None
    open_deadline_at: datetime | None = None
    last_submitted_at: datetime | None = None


def standing_from(attempts: list[Attempt] | list) -> Standing:
    """From rows with number, state, deadline_at and submitted_at."""
    open_rows = [a for a in attempts if a.state == AttemptState.OPEN]
    submitted = [a.submitted_at for a in attempts if a.submitted_at is not None]
    return Standing(used=len(attempts),
                    open_attempt_id=open_rows[0].id if open_rows else None,
                    open_deadline_at=open_rows[0].deadline_at if open_rows else None,
                    last_submitted_at=max(submitted) if submitted else None)


def standing_of(member_id: int, quiz_id: int) -> Standing:
    rows = db.session.execute(
        select(Attempt.id, Attempt.number, Attempt.state, Attempt.deadline_at,
               Attempt.submitted_at)
        .where(Attempt.member_id == member_id, Attempt.quiz_id == quiz_id)).all()
    return standing_from(rows)  # type: ignore[arg-type]


def attempts_left(version: QuizVersion, standing: Standing) -> int | None:
    """None: unlimited."""
    if not version.attempts_allowed:
        return None
    return max(0, version.attempts_allowed - standing.used)


def next_allowed_at(version: QuizVersion, standing: Standing) -> datetime | None:
    """When the cool-down after the last submitted attempt ends (None: no wait)."""
    if not version.cooldown_minutes or standing.last_submitted_at is None:
        return None
    return standing.last_submitted_at + timedelta(minutes=version.cooldown_minutes)


def check_may_start(member: Member, quiz: Quiz, version: QuizVersion, standing: Standing,
                    now: datetime) -> None:
    """Raise the reason a new attempt can't start now (an open attempt is resumed
    before this is asked)."""
    if not quiz.is_published or not open_to(member, quiz, version) or not in_window(
            version, now):
        raise QuizNotAvailable()
    if attempts_left(version, standing) == 0:
        raise NoAttemptsLeft()
    wait_until = next_allowed_at(version, standing)
    if wait_until is not None and now < wait_until:
        raise CoolingDown(when=local_datetime(wait_until))
