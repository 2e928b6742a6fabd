"""Which banks a member may practise from and which of their questions come next.

A bank is open for practice when a published quiz that is not a contest uses it (its own
bank, or a bank its draws name): a contest's questions stay unseen until the contest is
over. 心得 questions are left out (nobody would mark them). Questions come in tiers:
never practised by the member first, then those whose last answer was wrong, then the
rest, least recently practised first; random within the first two tiers.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select

from learnhub.extensions import db
from learnhub.quizzes.models import (
    Question,
    QuestionBank,
    QuestionVersion,
    Quiz,
    QuizMode,
    QuizStatus,
    QuizVersion,
)
from learnhub.quizzes.practice.models import PracticeItem
from learnhub.quizzes.questions.spec import QuestionType

PRACTISED_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE,
                   QuestionType.FILL)


def drawn_bank_slugs(selection: dict | None) -> set[str]:
    return {str(rule["bank"]) for rule in (selection or {}).get("draw", [])
            if isinstance(rule, dict) and rule.get("bank")}


def banks_of_quizzes(*conditions) -> set[int]:
    """Bank ids used by the published, non-contest quizzes matching `conditions`: their
    own banks and the banks their current versions draw from (two queries at most)."""
    rows = db.session.execute(
        select(Quiz.bank_id, QuizVersion.selection)
        .join(QuizVersion, QuizVersion.id == Quiz.current_version_id)
        .where(Quiz.status == QuizStatus.PUBLISHED, Quiz.mode != QuizMode.CONTEST,
               *conditions)).all()
    ids = {bank_id for bank_id, _ in rows}
    slugs = set().union(*(drawn_bank_slugs(selection) for _, selection in rows))
    if slugs:
        ids |= set(db.session.scalars(select(QuestionBank.id)
                                      .where(QuestionBank.slug.in_(slugs))))
    return ids


@dataclass(frozen=True)
class BankSummary:
    id: int
    slug: str
    title: str
    questions: int
    practised: int  # questions the member answered at least once
    wrong_last: int  # questions whose latest answer was wrong


def _eligible_questions():
    return (select(Question.id, Question.bank_id, Question.current_version_id)
            .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
            .where(Question.retired.is_(False), QuestionVersion.type.in_(PRACTISED_TYPES)))


def _history(member_id: int):
    """Per question the member answered: the last answer's time and the last wrong one's."""
    return (select(PracticeItem.question_id,
                   func.max(PracticeItem.answered_at).label("last"),
                   func.max(case((PracticeItem.correct.is_(False), PracticeItem.answered_at)))
                   .label("last_wrong"))
            .where(PracticeItem.member_id == member_id, PracticeItem.answered_at.is_not(None))
            .group_by(PracticeItem.question_id).subquery("history"))


def bank_summaries(member_id: int, bank_ids: Collection[int]) -> list[BankSummary]:
    """The banks with their question counts and the member's progress (one query)."""
    if not bank_ids:
        return []
    eligible = _eligible_questions().subquery("eligible")
    history = _history(member_id)
    rows = db.session.execute(
        select(QuestionBank.id, QuestionBank.slug, QuestionBank.title,
               func.count(eligible.c.id), func.count(history.c.question_id),
               func.count(case((history.c.last_wrong == history.c.last, 1))))
        .join(eligible, eligible.c.bank_id == QuestionBank.id)
        .outerjoin(history, history.c.question_id == eligible.c.id)
        .where(QuestionBank.id.in_(list(bank_ids)))
        .group_by(QuestionBank.id, QuestionBank.slug, QuestionBank.title)
        .order_by(QuestionBank.title, QuestionBank.slug)).all()
    return [BankSummary(*row) for row in rows]


@dataclass(frozen=True)
class Candidate:
    question_id: int
    bank_id: int
    version_id: int


def choose_questions(member_id: int, bank_ids: Iterable[int], count: int, *,
                     rng: random.Random | None = None) -> list[Candidate]:
    """Up to `count` questions from the banks, by tier (one query)."""
    ids = list(bank_ids)
    if not ids or count < 1:
        return []
    rng = rng or random.Random()
    history = _history(member_id)
    rows = db.session.execute(
        _eligible_questions().add_columns(history.c.last, history.c.last_wrong)
        .outerjoin(history, history.c.question_id == Question.id)
        .where(Question.bank_id.in_(ids)).order_by(Question.id)).all()
    fresh, wrong, rest = [], [], []
    for question_id, bank_id, version_id, last, last_wrong in rows:
        candidate = Candidate(question_id, bank_id, version_id)
        if last is None:
            fresh.append(candidate)
        elif last_wrong is not None and last_wrong == last:
            wrong.append(candidate)
        else:
            rest.append((last, candidate))
    rng.shuffle(fresh)
    rng.shuffle(wrong)
    rest.sort(key=lambda pair: (_sortable(pair[0]), pair[1].question_id))
    return (fresh + wrong + [candidate for _, candidate in rest])[:count]


def _sortable(moment: datetime) -> float:
    return moment.timestamp()


def shown_order(question_type: QuestionType, choices: int,
                rng: random.Random | None = None) -> list[int]:
    """The order choices are shown in (shown position → original index): shuffled for
    single and multiple choice, 正确 before 错误 for true/false, none for fill."""
    if question_type == QuestionType.FILL:
        return []
    order = list(range(choices))
    if question_type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        (rng or random.Random()).shuffle(order)
    return order
