"""What a trainer may see: quizzes and banks owned by a unit in their trainer subtree
(an admin: all), and attempts of members in that subtree. Every results query starts from
`scoped_attempts`, so scoping happens in SQL, once, the same way on every page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, select, true
from sqlalchemy.orm import joinedload

from learnhub.core.errors import NotFound
from learnhub.core.timeutil import site_zone
from learnhub.extensions import db
from learnhub.org.models import Member, Role, Unit
from learnhub.org.permissions import is_admin, scope_filter
from learnhub.quizzes.attempts.models import Attempt, AttemptState
from learnhub.quizzes.models import Quiz

# Attempts that count in results: submitted. `marking` ones wait for a trainer's mark of
# a 心得 and have no final score yet; they are counted apart.
SUBMITTED = (AttemptState.GRADED, AttemptState.MARKING)


def owned_in_scope(actor: Member, owner_column) -> ColumnElement[bool]:
    """SQL: the owner unit lies in the actor's trainer subtree. Content without an owner
    unit belongs to the site: admins only."""
    if is_admin(actor):
        return true()
    return owner_column.in_(select(Unit.id).where(scope_filter(actor, Role.TRAINER)))


def managed_quiz(actor: Member, slug: str) -> Quiz:
    """The quiz, if the actor manages it; 404 otherwise (its existence is not disclosed)."""
    quiz = db.session.scalar(
        select(Quiz).options(joinedload(Quiz.current_version))
        .where(Quiz.slug == slug, owned_in_scope(actor, Quiz.owner_unit_id)))
    if quiz is None:
        raise NotFound()
    return quiz


@dataclass(frozen=True)
class ResultFilter:
    """Which attempts a results page counts: members of `unit`'s subtree (within the
    actor's), submitted between `since` and `until` (days in the site's time zone)."""

    unit: Unit | None = None
    since: date | None = None
    until: date | None = None


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=site_zone())


def scoped_attempts(actor: Member, quiz: Quiz, *columns, filters: ResultFilter = ResultFilter(),
                    states: tuple[AttemptState, ...] = (AttemptState.GRADED,)) -> Select:
    """SELECT `columns` FROM the quiz's attempts JOIN member JOIN unit, limited to the
    actor's trainer subtree, the filter and `states`. Callers add grouping and joins."""
    query = (select(*columns).select_from(Attempt)
             .join(Member, Member.id == Attempt.member_id)
             .join(Unit, Unit.id == Member.unit_id)
             .where(Attempt.quiz_id == quiz.id, Attempt.state.in_(states),
                    scope_filter(actor, Role.TRAINER)))
    if filters.unit is not None:
        query = query.where(Unit.path.like(filters.unit.path + "%"))
    if filters.since is not None:
        query = query.where(Attempt.submitted_at >= _start_of(filters.since))
    if filters.until is not None:
        query = query.where(Attempt.submitted_at < _start_of(filters.until + timedelta(days=1)))
    return query


def member_in_scope(actor: Member, member_id: int) -> Member:
    """A member of the actor's trainer subtree, or 404."""
    member = db.session.scalar(
        select(Member).join(Unit, Unit.id == Member.unit_id)
        .where(Member.id == member_id, scope_filter(actor, Role.TRAINER)))
    if member is None:
        raise NotFound()
    return member
