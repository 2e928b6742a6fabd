"""Who may see an attempt: the member who made it, and trainers whose unit subtree holds
that member (an admin, who trains for every unit, too). Anyone else gets a 404, the same
as for an attempt that doesn't exist, so attempt ids reveal nothing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.org.permissions import can_train_for
from learnhub.quizzes.attempts.failures import AttemptNotFound
from learnhub.quizzes.attempts.models import Attempt


def can_view_attempt(actor: Member, attempt: Attempt) -> bool:
    """The attempt's member, or a trainer on the member's unit or above it."""
    if actor.id == attempt.member_id:
        return True
    return can_train_for(actor, attempt.member.unit)


def get_own_attempt(actor: Member, attempt_id: int, slug: str | None = None) -> Attempt:
    """The actor's own attempt (with its quiz and version loaded), for the pages that
    take or show it; AttemptNotFound for anyone else's, or when `slug` isn't its quiz's."""
    attempt = db.session.scalar(
        select(Attempt).options(joinedload(Attempt.quiz), joinedload(Attempt.quiz_version))
        .where(Attempt.id == attempt_id, Attempt.member_id == actor.id))
    if attempt is None or (slug is not None and attempt.quiz.slug != slug):
        raise AttemptNotFound()
    return attempt
