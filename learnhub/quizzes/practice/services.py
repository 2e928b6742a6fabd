"""练习: the question a member is shown from a bank, answering it, and what the pages show
before and after.

What goes to the browser before an answer is a `QuestionView`: the prompt and the choice
texts in their shown order, numbered by shown position, nothing else. The answer comes
back as shown positions, mapped to the original indexes with the order recorded on the
item. After it, a `Feedback` holds whether it was right, the correct answer, the
feedback for what was chosen and the 解析.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from learnhub.core.errors import DomainError, NotFound, ValidationFailed
from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.quizzes.models import QuestionBank, QuestionVersion
from learnhub.quizzes.practice import selection
from learnhub.quizzes.practice.models import DailySet, PracticeItem, PracticeSource
from learnhub.quizzes.questions.spec import QuestionSpec, QuestionType
from learnhub.quizzes.questions.types import (
    TYPES,
    InvalidResponse,
    Response,
    chosen_feedback,
    clean_response,
    grade,
)


class NoQuestions(DomainError):
    code = "no_questions"
    status = 404
    message = "这个题库里没有可以练习的题目。"


class AnswerMissing(ValidationFailed):
    message = "请先作答再提交。"


class ItemExpired(DomainError):
    """A 每日一练 question of an earlier day: the day is over."""

    code = "item_expired"
    status = 409
    message = "这是往日的每日一练，已不能作答。请完成今天的题目。"


def practice_bank(slug: str) -> QuestionBank:
    """A bank open for practice, or NotFound (contest banks stay hidden)."""
    bank = db.session.scalar(select(QuestionBank).where(QuestionBank.slug == slug))
    if bank is None or bank.id not in selection.banks_of_quizzes():
        raise NotFound()
    return bank


def pending_item(member: Member, bank: QuestionBank) -> PracticeItem | None:
    return db.session.scalar(
        select(PracticeItem).options(selectinload(PracticeItem.question_version))
        .where(PracticeItem.member_id == member.id, PracticeItem.bank_id == bank.id,
               PracticeItem.source == PracticeSource.PRACTICE,
               PracticeItem.answered_at.is_(None)))


def new_item(member_id: int, candidate: selection.Candidate, version: QuestionVersion, *,
             now: datetime, source: PracticeSource = PracticeSource.PRACTICE,
             daily_set_id: int | None = None, position: int | None = None) -> PracticeItem:
    item = PracticeItem(
        member_id=member_id, bank_id=candidate.bank_id, question_id=candidate.question_id,
        question_version_id=candidate.version_id, source=source, daily_set_id=daily_set_id,
        position=position, shown_at=now,
        choice_order=selection.shown_order(QuestionType(version.type),
                                           len((version.data or {}).get("choices", []))))
    item.question_version = version
    return item


def current_item(member: Member, bank: QuestionBank, *, now: datetime) -> PracticeItem:
    """The member's unanswered question of this bank, or a new one drawn by tier. Two
    requests at once meet the partial unique index; the loser reads the winner's item."""
    found = pending_item(member, bank)
    if found is not None:
        return found
    chosen = selection.choose_questions(member.id, [bank.id], 1)
    if not chosen:
        raise NoQuestions()
    candidate = chosen[0]
    version = db.session.get(QuestionVersion, candidate.version_id)
    assert version is not None
    item = new_item(member.id, candidate, version, now=now)
    try:
        with db.session.begin_nested():
            db.session.add(item)
    except IntegrityError:
        found = pending_item(member, bank)
        if found is None:
            raise
        return found
    return item


def own_item(member: Member, item_id: int) -> PracticeItem:
    """The member's own item with its question version, or NotFound."""
    item = db.session.scalar(
        select(PracticeItem).options(selectinload(PracticeItem.question_version))
        .where(PracticeItem.id == item_id))
    if item is None or item.member_id != member.id:
        raise NotFound()
    return item


def response_from_form(spec: QuestionSpec, choice_order: Sequence[int],
                       values: Sequence[str]) -> Response:
    """The form's values (shown positions, or the typed text) as a stored response in
    original indexes; InvalidResponse for a position the question did not show."""
    if not TYPES[spec.type].has_choices:
        return clean_response(spec, values[0] if values else None)
    originals = []
    for value in values:
        if value == "":
            continue
        try:
            position = int(value)
        except ValueError as error:
            raise InvalidResponse(value) from error
        if not 0 <= position < len(choice_order):
            raise InvalidResponse(value)
        originals.append(choice_order[position])
    if spec.type == QuestionType.MULTIPLE:
        return clean_response(spec, originals)
    if len(originals) > 1:
        raise InvalidResponse(repr(values))
    return clean_response(spec, originals[0] if originals else None)


def answer(item: PracticeItem, values: Sequence[str], *, now: datetime,
           today: date) -> PracticeItem:
    """Grade and record the answer once. A second post of an answered item (a double
    click, two tabs) changes nothing and returns the first answer. A 每日一练 question
    is answered on its day (`today`, in the member's time zone) or not at all, so a
    streak day means the questions were answered that day."""
    if item.answered_at is not None:
        return item
    if item.daily_set_id is not None and db.session.scalar(
            select(DailySet.day).where(DailySet.id == item.daily_set_id)) != today:
        raise ItemExpired()
    spec = item.question_version.spec()
    try:
        response = response_from_form(spec, item.choice_order, values)
    except InvalidResponse as error:
        raise ValidationFailed() from error
    if response is None:
        raise AnswerMissing()
    points = grade(spec, response)
    share = (points or Decimal(0)) / spec.points if spec.points else Decimal(0)
    share = share.quantize(Decimal("0.0001"))
    done = db.session.execute(
        update(PracticeItem)
        .where(PracticeItem.id == item.id, PracticeItem.answered_at.is_(None))
        .values(response=response, score_share=share, correct=share >= 1, answered_at=now)
        .execution_options(synchronize_session=False))
    db.session.refresh(item)
    if done.rowcount and item.daily_set_id is not None:  # type: ignore[attr-defined]
        mark_complete_if_done(item.daily_set_id, now=now)
    return item


def mark_complete_if_done(daily_set_id: int, *, now: datetime) -> None:
    """Stamp the day's set complete once none of its items is unanswered (one UPDATE:
    the last two answers of a day arriving together both try, one stamps)."""
    unanswered = (select(PracticeItem.id)
                  .where(PracticeItem.daily_set_id == daily_set_id,
                         PracticeItem.answered_at.is_(None)).exists())
    db.session.execute(
        update(DailySet)
        .where(DailySet.id == daily_set_id, DailySet.completed_at.is_(None), ~unanswered)
        .values(completed_at=now).execution_options(synchronize_session=False))


@dataclass(frozen=True)
class ShownChoice:
    position: int  # what the form sends
    text: str


@dataclass(frozen=True)
class QuestionView:
    """What the page shows before an answer: no correctness, no feedback, no 解析."""

    item_id: int
    type: QuestionType
    type_label: str
    prompt_html: str
    choices: list[ShownChoice]


def question_view(item: PracticeItem) -> QuestionView:
    version = item.question_version
    texts = [choice["text"] for choice in (version.data or {}).get("choices", [])]
    qtype = QuestionType(version.type)
    choices = [ShownChoice(position, texts[index])
               for position, index in enumerate(item.choice_order)]
    return QuestionView(item.id, qtype, TYPES[qtype].label, version.prompt_html, choices)


@dataclass(frozen=True)
class FeedbackChoice:
    text: str
    chosen: bool
    correct: bool  # earns points
    feedback: str


@dataclass(frozen=True)
class Feedback:
    item_id: int
    type: QuestionType
    type_label: str
    prompt_html: str
    correct: bool
    score_share: Decimal
    choices: list[FeedbackChoice]  # in the shown order
    typed: str  # fill: what the member typed
    accepted: list[str]  # fill: the accepted answers
    chosen_feedback: list[str]
    explanation_html: str


def feedback(item: PracticeItem) -> Feedback:
    version = item.question_version
    spec = version.spec()
    response = item.response
    chosen = set(response if isinstance(response, list)
                 else [response] if isinstance(response, int) else [])
    qtype = QuestionType(version.type)
    choices = [] if qtype == QuestionType.FILL else [
        FeedbackChoice(spec.choices[index].text, index in chosen,
                       spec.choices[index].percent > 0, spec.choices[index].feedback)
        for index in item.choice_order]
    return Feedback(
        item_id=item.id, type=qtype, type_label=TYPES[qtype].label,
        prompt_html=version.prompt_html, correct=bool(item.correct),
        score_share=item.score_share or Decimal(0), choices=choices,
        typed=response if isinstance(response, str) else "",
        accepted=[c.text for c in spec.choices if c.percent > 0] if qtype == QuestionType.FILL
        else [],
        chosen_feedback=chosen_feedback(spec, response),  # type: ignore[arg-type]
        explanation_html=version.explanation_html)


def form_values(form: Mapping, qtype: QuestionType) -> list[str]:
    """The answer fields of a posted form: `answer` (one, or several for 多选)."""
    getlist = getattr(form, "getlist", None)
    values = getlist("answer") if getlist else [form.get("answer", "")]
    return [str(v) for v in values][: 1 if qtype != QuestionType.MULTIPLE else None]
