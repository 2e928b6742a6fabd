"""Which questions an attempt shows, in which order, with its options in which order.

Fixed keys come in their order (`key` in the quiz's own bank, or `bank-slug/key`);
draws take `count` questions per entry from a bank category, never a retired question,
preferring questions the member was never shown. A contest draws the same questions for
everyone (the generator is seeded by the quiz version's id); option and question orders
are shuffled per attempt when the version says so.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, tuple_

from learnhub.extensions import db
from learnhub.quizzes.attempts.failures import NoQuestions
from learnhub.quizzes.attempts.models import Attempt, AttemptItem
from learnhub.quizzes.models import (
    Question,
    QuestionBank,
    QuestionVersion,
    Quiz,
    QuizMode,
    QuizVersion,
)
from learnhub.quizzes.questions.spec import QuestionType

SHUFFLED_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE)  # 判断 keeps 正确, 错误


@dataclass(frozen=True)
class DrawnItem:
    question_version_id: int
    choice_order: list[int]  # shown position → index into the version's choices


def split_key(key: str, default_bank: str) -> tuple[str, str]:
    """`bank-slug/key` → (bank-slug, key); a bare key is in the quiz's own bank."""
    bank, sep, rest = key.partition("/")
    return (bank, rest) if sep else (default_bank, key)


def _fixed(quiz: Quiz, keys: Sequence[str]) -> list[int]:
    """Current version ids of the fixed keys, in their order (missing keys skipped)."""
    own = quiz.bank.slug
    wanted = [split_key(key, own) for key in keys]
    rows = db.session.execute(
        select(QuestionBank.slug, Question.key, Question.current_version_id)
        .join(QuestionBank, QuestionBank.id == Question.bank_id)
        .where(tuple_(QuestionBank.slug, Question.key).in_(wanted),
               Question.current_version_id.is_not(None)))
    found = {(slug, key): version_id for slug, key, version_id in rows
             if version_id is not None}
    return [found[pair] for pair in wanted if pair in found]


def _seen_question_ids(member_id: int, question_ids: Sequence[int]) -> set[int]:
    if not question_ids:
        return set()
    return set(db.session.scalars(
        select(QuestionVersion.question_id).distinct()
        .join(AttemptItem, AttemptItem.question_version_id == QuestionVersion.id)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(Attempt.member_id == member_id, QuestionVersion.question_id.in_(question_ids))))


def _drawn(quiz: Quiz, version: QuizVersion, member_id: int, rng: random.Random) -> list[int]:
    entries = list(version.selection.get("draw") or [])
    own = quiz.bank.slug
    slugs = {entry.get("bank") or own for entry in entries}
    rows = db.session.execute(
        select(Question.id, QuestionBank.slug, Question.category, Question.current_version_id)
        .join(QuestionBank, QuestionBank.id == Question.bank_id)
        .where(QuestionBank.slug.in_(slugs), Question.retired.is_(False),
               Question.current_version_id.is_not(None))
        .order_by(QuestionBank.slug, Question.position, Question.id)).all()
    contest = version.mode == QuizMode.CONTEST
    # A contest shows everyone the same questions, so it can't prefer what one has not seen.
    seen = set() if contest else _seen_question_ids(member_id, [row.id for row in rows])
    taken: set[int] = set()
    chosen: list[int] = []
    for entry in entries:
        bank, category = entry.get("bank") or own, entry.get("category") or ""
        pool = [row for row in rows if row.slug == bank and row.id not in taken
                and (not category or row.category == category)]
        rng.shuffle(pool)
        pool.sort(key=lambda row: row.id in seen)  # stable: unseen first, each shuffled
        for row in pool[:int(entry.get("count") or 0)]:
            taken.add(row.id)
            chosen.append(row.current_version_id)
    return chosen


def draw(quiz: Quiz, version: QuizVersion, member_id: int,
         rng: random.Random | None = None) -> list[DrawnItem]:
    """The items of a new attempt, in shown order; NoQuestions if the selection is empty."""
    rng = rng or random.Random()
    selection = version.selection or {}
    if "draw" in selection:
        contest = version.mode == QuizMode.CONTEST
        version_ids = _drawn(quiz, version, member_id,
                             random.Random(version.id) if contest else rng)
    else:
        version_ids = _fixed(quiz, list(selection.get("fixed") or []))
    if not version_ids:
        raise NoQuestions()
    if version.shuffle_questions:
        rng.shuffle(version_ids)
    shapes = {row.id: (row.type, row.data) for row in db.session.execute(
        select(QuestionVersion.id, QuestionVersion.type, QuestionVersion.data)
        .where(QuestionVersion.id.in_(version_ids)))}
    items = []
    for version_id in version_ids:
        kind, data = shapes[version_id]
        order = list(range(len((data or {}).get("choices", [])))) if kind not in (
            QuestionType.FILL, QuestionType.ESSAY) else []
        if version.shuffle_choices and kind in SHUFFLED_TYPES:
            rng.shuffle(order)
        items.append(DrawnItem(version_id, order))
    return items
