"""A member's standing on a quiz (QuizOutcome) by its grading method, and what the first
pass gives: credit hours in the ledger and, when the quiz belongs to a course, the
course's completion if every other requirement is met too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from learnhub.core.timeutil import to_local
from learnhub.courses.models import Course, CourseVersion
from learnhub.courses.study.completion import complete_if_met
from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.quizzes.attempts.models import Attempt, AttemptState, QuizOutcome
from learnhub.quizzes.models import GradingMethod, QuizVersion
from learnhub.records.services import credit, source_after_reversal

CENT = Decimal("0.01")
# QuizOutcome.note when a regrade turned a pass into a fail: the credit given stays in
# the ledger (ledger_entry_id) until the regrade tool reverses it.
FAILED_AFTER_PASS = "failed_after_pass"


@dataclass(frozen=True)
class Graded:
    number: int
    percent: Decimal
    passed: bool


def standing_by(method: GradingMethod, graded: list[Graded],
                pass_percent: int) -> tuple[Decimal | None, bool]:
    """(percent, passed) of the attempts that count, `graded` in attempt order."""
    if not graded:
        return None, False
    if method == GradingMethod.AVERAGE:
        percent = (sum((g.percent for g in graded), Decimal(0)) / len(graded)).quantize(CENT)
        return percent, percent >= pass_percent
    if method == GradingMethod.FIRST:
        chosen = graded[0]
    elif method == GradingMethod.LAST:
        chosen = graded[-1]
    else:
        chosen = max(graded, key=lambda g: (g.percent, g.passed))
    return chosen.percent, chosen.passed


def _outcome(quiz_id: int, member_id: int, now: datetime) -> QuizOutcome:
    """The member's outcome row, locked until commit (a trainer's mark and the member's
    next submit may settle at once)."""
    query = select(QuizOutcome).where(QuizOutcome.quiz_id == quiz_id,
                                      QuizOutcome.member_id == member_id).with_for_update()
    found = db.session.scalar(query)
    if found is not None:
        return found
    outcome = QuizOutcome(quiz_id=quiz_id, member_id=member_id, attempts=0, passed=False,
                          note="", updated_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(outcome)
        return outcome
    except IntegrityError:
        pass  # made by a concurrent settle: lock theirs
    found = db.session.scalar(query.execution_options(populate_existing=True))
    assert found is not None
    return found


def update_outcome(attempt: Attempt, now: datetime) -> QuizOutcome:
    """Recompute the member's outcome from their graded attempts on the quiz; the first
    time it is passed, credit (when the version gives hours) and complete the course."""
    quiz = attempt.quiz
    version: QuizVersion = quiz.current_version or attempt.quiz_version
    outcome = _outcome(quiz.id, attempt.member_id, now)
    rows = db.session.execute(
        select(Attempt.number, Attempt.percent, Attempt.passed, Attempt.state)
        .where(Attempt.quiz_id == quiz.id, Attempt.member_id == attempt.member_id,
               Attempt.state != AttemptState.OPEN).order_by(Attempt.number)).all()
    graded = [Graded(r.number, r.percent, bool(r.passed)) for r in rows
              if r.state == AttemptState.GRADED and r.percent is not None]
    percent, passed = standing_by(version.grading_method, graded, version.pass_percent)
    was_passed = outcome.passed
    outcome.attempts = len(rows)
    outcome.percent = percent
    outcome.passed = passed
    outcome.updated_at = now
    if passed and not was_passed:
        outcome.passed_at = now
        outcome.note = ""
        _reward(attempt, outcome, now)
    elif was_passed and not passed:
        outcome.passed_at = None
        if outcome.ledger_entry_id is not None:
            outcome.note = FAILED_AFTER_PASS
    db.session.flush()
    return outcome


def credit_source(quiz_id: int, outcome: QuizOutcome) -> str | None:
    """The ledger source a pass is credited under, or None while a credit stands (see
    `records.services.source_after_reversal`: a regrade may have reversed the first)."""
    return source_after_reversal(quiz_id, outcome.ledger_entry_id)


def _reward(attempt: Attempt, outcome: QuizOutcome, now: datetime) -> None:
    member = db.session.get(Member, attempt.member_id)
    assert member is not None
    version = attempt.quiz_version
    source_id = credit_source(attempt.quiz_id, outcome) if version.credit_hours > 0 else None
    if source_id is not None:
        entry = credit(member, kind="quiz", source_type="quiz", source_id=source_id,
                       credit_hours=version.credit_hours,
                       occurred_on=to_local(now, member.timezone or None).date(),
                       note=version.title)
        outcome.ledger_entry_id = entry.id
    course_id = attempt.quiz.course_id
    if course_id is None:
        return
    db.session.flush()  # the outcome, which the course's quiz requirement reads
    course = db.session.get(Course, course_id)
    if course is not None and course.current_version_id is not None:
        course_version = db.session.get(CourseVersion, course.current_version_id)
        if course_version is not None:
            complete_if_met(member, course, course_version, now=now)
