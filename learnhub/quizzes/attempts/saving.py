"""Autosave: one item's answer, in one SELECT and one UPDATE.

The SELECT shares a lock on the attempt row (PostgreSQL; on SQLite it takes the database's
write lock), so a submit's claiming UPDATE waits for a save in flight and grades with its
answer, and a save that comes after the claim sees the attempt closed. The UPDATE checks
again that the attempt is open and within its deadline, so nothing is saved late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, null, or_, select, update

from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.quizzes.attempts.answers import chosen_mask, stored_response
from learnhub.quizzes.attempts.failures import AttemptClosed, AttemptNotFound
from learnhub.quizzes.attempts.grading import close_if_expired
from learnhub.quizzes.attempts.models import Attempt, AttemptItem, AttemptState
from learnhub.quizzes.models import QuestionVersion


@dataclass(frozen=True)
class Saved:
    saved_at: datetime
    remaining_seconds: int | None  # None: no time limit


def remaining_seconds(deadline_at: datetime | None, now: datetime) -> int | None:
    if deadline_at is None:
        return None
    return max(0, int((deadline_at - now).total_seconds()))


def _still_open(attempt_id: int, now: datetime):
    return exists().where(Attempt.id == attempt_id, Attempt.state == AttemptState.OPEN,
                          or_(Attempt.deadline_at.is_(None), Attempt.deadline_at > now))


def save_answer(member: Member, attempt_id: int, position: int, raw: object,
                now: datetime) -> Saved:
    """Save the answer to the attempt's item at `position` (a shown position, a list of
    them, or text). AttemptNotFound for another member's attempt; AttemptClosed once it
    was submitted or its deadline passed (a late save grades it first: the caller
    commits before answering)."""
    row = db.session.execute(
        select(AttemptItem.id, AttemptItem.choice_order, Attempt.member_id, Attempt.state,
               Attempt.deadline_at, QuestionVersion)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
        .where(AttemptItem.attempt_id == attempt_id, AttemptItem.position == position)
        .with_for_update(read=True, of=Attempt)).first()
    if row is None or row.member_id != member.id:
        raise AttemptNotFound()
    if row.state != AttemptState.OPEN:
        raise AttemptClosed()
    if row.deadline_at is not None and now >= row.deadline_at:
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt is not None
        close_if_expired(attempt, now)
        raise AttemptClosed()
    response = stored_response(row.QuestionVersion.spec(), row.choice_order, raw)
    result = db.session.execute(
        update(AttemptItem).where(AttemptItem.id == row.id, _still_open(attempt_id, now))
        .values(response=null() if response is None else response,
                chosen=chosen_mask(response), saved_at=now)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise AttemptClosed()
    return Saved(saved_at=now, remaining_seconds=remaining_seconds(row.deadline_at, now))
