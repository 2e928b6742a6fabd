"""The marking queue: 心得 answers waiting for a trainer, in the trainer's unit subtree.
Marking the last item of an attempt settles it (score, outcome, credit, completion)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from learnhub.extensions import db
from learnhub.org.models import Member, Role, Unit
from learnhub.org.permissions import can_train_for, scope_filter
from learnhub.quizzes.attempts.failures import AttemptNotFound, MarkOutOfRange
from learnhub.quizzes.attempts.grading import settle
from learnhub.quizzes.attempts.models import Attempt, AttemptItem, AttemptState
from learnhub.quizzes.models import QuestionVersion, Quiz

QUEUE_LIMIT = 200


@dataclass(frozen=True)
class Awaiting:
    item_id: int
    position: int
    quiz_title: str
    member_name: str
    unit_name: str
    submitted_at: datetime | None
    prompt_html: str
    points: Decimal
    response: str


def _awaiting():
    return (select(AttemptItem.id, AttemptItem.position, AttemptItem.response,
                   Quiz.title.label("quiz_title"), Member.name.label("member_name"),
                   Unit.name.label("unit_name"), Attempt.submitted_at,
                   QuestionVersion.prompt_html, QuestionVersion.points)
            .join(Attempt, Attempt.id == AttemptItem.attempt_id)
            .join(Quiz, Quiz.id == Attempt.quiz_id)
            .join(Member, Member.id == Attempt.member_id)
            .join(Unit, Unit.id == Member.unit_id)
            .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
            .where(Attempt.state == AttemptState.MARKING, AttemptItem.score.is_(None)))


def marking_queue(actor: Member) -> list[Awaiting]:
    """Items awaiting a mark from members of the actor's trainer subtree, oldest first
    (one query)."""
    rows = db.session.execute(
        _awaiting().where(scope_filter(actor, Role.TRAINER), Member.id != actor.id)
        .order_by(Attempt.submitted_at, AttemptItem.position).limit(QUEUE_LIMIT))
    return [Awaiting(item_id=r.id, position=r.position, quiz_title=r.quiz_title,
                     member_name=r.member_name, unit_name=r.unit_name,
                     submitted_at=r.submitted_at, prompt_html=r.prompt_html,
                     points=r.points, response=r.response or "") for r in rows]


def awaiting_item(actor: Member, item_id: int) -> Awaiting:
    """One item of the actor's queue; AttemptNotFound outside it (or marked already)."""
    row = db.session.execute(
        _awaiting().where(AttemptItem.id == item_id, scope_filter(actor, Role.TRAINER),
                          Member.id != actor.id)).first()
    if row is None:
        raise AttemptNotFound()
    return Awaiting(item_id=row.id, position=row.position, quiz_title=row.quiz_title,
                    member_name=row.member_name, unit_name=row.unit_name,
                    submitted_at=row.submitted_at, prompt_html=row.prompt_html,
                    points=row.points, response=row.response or "")


def parse_score(text: str, points: Decimal) -> Decimal:
    try:
        score = Decimal(text.strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, AttributeError) as error:
        raise MarkOutOfRange(points=points) from error
    if not score.is_finite() or not Decimal(0) <= score <= points:
        raise MarkOutOfRange(points=points)
    return score


def mark_item(actor: Member, item_id: int, score_text: str, comment: str,
              now: datetime) -> Attempt:
    """Record a trainer's mark; the attempt is settled when no item awaits a mark. The
    attempt row is locked first, so two trainers marking its last two items at once
    can't both believe the other's is still unmarked."""
    item = db.session.scalar(select(AttemptItem).options(
        joinedload(AttemptItem.question_version)).where(AttemptItem.id == item_id))
    if item is None:
        raise AttemptNotFound()
    attempt = db.session.scalar(select(Attempt).where(Attempt.id == item.attempt_id)
                                .with_for_update())
    assert attempt is not None
    db.session.refresh(item)
    if (attempt.state != AttemptState.MARKING or item.score is not None
            or actor.id == attempt.member_id or not can_train_for(actor, attempt.member.unit)):
        raise AttemptNotFound()
    item.score = parse_score(score_text, item.question_version.points)
    item.mark_comment = comment.strip()[:2000]
    item.marked_by_id = actor.id
    item.marked_at = now
    db.session.flush()
    still = db.session.scalar(select(AttemptItem.id).where(
        AttemptItem.attempt_id == attempt.id, AttemptItem.score.is_(None)).limit(1))
    if still is None:
        settle(attempt, now)
    return attempt
