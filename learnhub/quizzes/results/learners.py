"""Each learner's attempts at a quiz, for a trainer: one row per member in scope who
submitted, then that member's attempts, then one attempt item by item with the responses,
the correct answers and the scores (trainers may see answers)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from learnhub.core.errors import NotFound
from learnhub.core.pagination import Page, paginate
from learnhub.extensions import db
from learnhub.org.models import Member, Role, Unit
from learnhub.org.permissions import scope_filter
from learnhub.quizzes.attempts.models import Attempt, AttemptItem
from learnhub.quizzes.attempts.question_view import key_spec
from learnhub.quizzes.models import QuestionVersion, Quiz
from learnhub.quizzes.questions.spec import QuestionType
from learnhub.quizzes.results.scope import SUBMITTED, ResultFilter, scoped_attempts


def learners_page(actor: Member, quiz: Quiz, filters: ResultFilter, *, page: int,
                  per_page: int) -> Page:
    """Rows (member_id, name, employee_no, unit_name, attempts, best percent, passed,
    last submitted), one per member with a submitted attempt, in tree order. Two queries."""
    query = (scoped_attempts(
        actor, quiz, Member.id.label("member_id"), Member.name, Member.employee_no,
        Unit.name.label("unit_name"), func.count().label("attempts"),
        func.max(Attempt.percent).label("best"),
        func.max(case((Attempt.passed.is_(True), 1), else_=0)).label("passed"),
        func.max(Attempt.submitted_at).label("last_submitted"),
        filters=filters, states=SUBMITTED)
        .group_by(Member.id, Member.name, Member.employee_no, Unit.name, Unit.path)
        .order_by(Unit.path, Member.employee_no))
    return paginate(query, page=page, per_page=per_page, scalars=False)


def member_attempts(quiz: Quiz, member: Member) -> list[Attempt]:
    """Every attempt of the member at the quiz, open ones too, by number (one query)."""
    return list(db.session.scalars(
        select(Attempt).where(Attempt.quiz_id == quiz.id, Attempt.member_id == member.id)
        .order_by(Attempt.number)))


def attempt_in_scope(actor: Member, quiz: Quiz, attempt_id: int) -> Attempt:
    """An attempt at this quiz by a member of the actor's trainer subtree, or 404."""
    attempt = db.session.scalar(
        select(Attempt).join(Member, Member.id == Attempt.member_id)
        .join(Unit, Unit.id == Member.unit_id)
        .where(Attempt.id == attempt_id, Attempt.quiz_id == quiz.id,
               scope_filter(actor, Role.TRAINER)))
    if attempt is None:
        raise NotFound()
    return attempt


@dataclass(frozen=True)
class ShownChoice:
    index: int  # in the question version's choices (the original order)
    text: str
    correct: bool
    percent: int  # share of the points it earns
    chosen: bool


@dataclass(frozen=True)
class ReviewedItem:
    position: int
    version: QuestionVersion
    choices: list[ShownChoice]  # in the order the learner saw them
    accepted: list[str]  # fill: the accepted answers
    text_response: str | None  # fill, essay
    answered: bool
    score: Decimal | None
    mark_comment: str
    explanation_html: str  # of the key's version (below)
    regraded_number: int | None = None  # the version whose key a regrade graded it with

    @property
    def full_marks(self) -> bool:
        return self.score is not None and self.score >= self.version.points


def _chosen(response: object) -> set[int]:
    if isinstance(response, bool):
        return set()
    if isinstance(response, int):
        return {response}
    if isinstance(response, list):
        return {value for value in response if isinstance(value, int)}
    return set()


def reviewed_items(attempt: Attempt) -> list[ReviewedItem]:
    """The attempt's items with their question versions (one query). The key (right
    choices, accepted answers, explanation) is that of the version a regrade graded the
    item with, when one did (`graded_with_version_id`), so it agrees with the score; the
    prompt and choice texts are those the learner saw."""
    graded_with = aliased(QuestionVersion, name="graded_with")
    rows = db.session.execute(
        select(AttemptItem, QuestionVersion, graded_with)
        .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
        .outerjoin(graded_with, graded_with.id == AttemptItem.graded_with_version_id)
        .where(AttemptItem.attempt_id == attempt.id).order_by(AttemptItem.position)).all()
    items = []
    for item, version, key_version in rows:
        spec = version.spec()
        key = key_spec(spec, key_version)
        chosen = _chosen(item.response)
        has_choices = spec.type in (QuestionType.SINGLE, QuestionType.MULTIPLE,
                                    QuestionType.TRUE_FALSE)
        order = [i for i in (item.choice_order or []) if 0 <= i < len(spec.choices)]
        order += [i for i in range(len(spec.choices)) if i not in order]
        choices = [ShownChoice(index=i, text=spec.choices[i].text,
                               correct=key.choices[i].percent > 0,
                               percent=key.choices[i].percent, chosen=i in chosen)
                   for i in order] if has_choices else []
        text = item.response if isinstance(item.response, str) else None
        items.append(ReviewedItem(
            position=item.position, version=version, choices=choices,
            accepted=[c.text for c in key.choices] if spec.type == QuestionType.FILL else [],
            text_response=text, answered=bool(chosen) or bool(text and text.strip()),
            score=item.score, mark_comment=item.mark_comment,
            explanation_html=(key_version or version).explanation_html,
            regraded_number=key_version.number if key_version is not None else None))
    return items
