"""Item analysis: how each question of a quiz worked, per question version, from the
graded attempts in the trainer's scope. Two queries whatever the number of attempts: one
GROUP BY over the items of the ranked attempts, by version, options chosen (the `chosen`
bitmask), score and third, which returns a few rows per version; and the versions' texts.
Python only adds up those rows. docs/quizzes-results.md explains each figure.

- facility: the share of attempts that earned the question's full marks;
- discrimination: facility among the top third of attempts (by the attempt's percent)
  minus facility among the bottom third; thirds by NTILE(3), ties broken by attempt id;
- point-biserial: the correlation between full marks on the question (0/1) and the
  attempt's percent (the question's own points included in that percent);
- options: how many answered items chose each option (original index, its text), and
  whether it is right by the key that graded them (a regrade's, once one re-scored them).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Float, case, cast, func, select

from learnhub.core.messages import N_
from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.quizzes.attempts.models import Attempt, AttemptItem
from learnhub.quizzes.models import Question, QuestionVersion, Quiz
from learnhub.quizzes.questions.spec import QuestionType
from learnhub.quizzes.results.choices import answered
from learnhub.quizzes.results.scope import ResultFilter, scoped_attempts

MIN_ATTEMPTS = 20  # fewer attempts of a version: figures shown, no flags
LOW_FACILITY = 0.20  # under this share of full marks: flagged as too hard or wrong key
CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE)
# Labels are %-formatted when shown (a literal % is written %%).
FLAG_LABELS = {
    "low_facility": N_("得满分的不足 20%%：题目过难，或答案有误"),
    "negative_discrimination": N_("区分度为负：总分低的反而更常答对"),
    "unpicked_option": N_("有选项无人选择"),
}


@dataclass(frozen=True)
class OptionFigure:
    index: int  # in the version's choices, the original order
    text: str
    correct: bool
    picks: int
    share: float | None  # of the answered items


@dataclass(frozen=True)
class ItemFigures:
    version_id: int
    question_key: str
    version_number: int
    is_current: bool
    type: QuestionType
    title: str
    prompt_html: str
    attempts: int  # graded attempts that showed this version
    answered: int
    full_marks: int
    mean_share: float | None  # mean share of the points earned (partial credit shows here)
    top: tuple[int, int]  # (attempts in the top third that showed it, of them full marks)
    bottom: tuple[int, int]
    point_biserial: float | None
    options: list[OptionFigure] = field(default_factory=list)

    @property
    def facility(self) -> float | None:
        return self.full_marks / self.attempts if self.attempts else None

    @property
    def discrimination(self) -> float | None:
        (top_n, top_full), (bottom_n, bottom_full) = self.top, self.bottom
        if not top_n or not bottom_n:
            return None
        return top_full / top_n - bottom_full / bottom_n

    @property
    def enough(self) -> bool:
        return self.attempts >= MIN_ATTEMPTS

    @property
    def flags(self) -> list[str]:
        """Keys of FLAG_LABELS; none below MIN_ATTEMPTS (too few to tell)."""
        if not self.enough:
            return []
        flags = []
        if self.facility is not None and self.facility < LOW_FACILITY:
            flags.append("low_facility")
        if self.discrimination is not None and self.discrimination < 0:
            flags.append("negative_discrimination")
        if any(option.picks == 0 for option in self.options):
            flags.append("unpicked_option")
        return flags


@dataclass(frozen=True)
class Analysis:
    attempts: int  # graded attempts analysed
    items: list[ItemFigures]

    @property
    def flagged(self) -> int:
        return sum(1 for item in self.items if item.flags)


def _ranked(actor: Member, quiz: Quiz, filters: ResultFilter):
    """The graded attempts in scope with their third (1 top … 3 bottom, by percent) and
    their number (the same on every row)."""
    return scoped_attempts(
        actor, quiz, Attempt.id.label("attempt_id"),
        cast(Attempt.percent, Float).label("percent"),
        func.ntile(3).over(order_by=(Attempt.percent.desc(), Attempt.id)).label("third"),
        func.count().over().label("total"),
        filters=filters).subquery("ranked")


@dataclass
class _Sums:
    """One version's figures, added up from its groups."""

    n: int = 0
    answered: int = 0
    full: int = 0
    scored: int = 0  # items with a score (all of them, in graded attempts)
    points: Decimal = Decimal(0)  # earned, over all its items
    thirds: dict[int, list[int]] = field(default_factory=lambda: {1: [0, 0], 3: [0, 0]})
    sy: float = 0.0  # Σ percent, Σ percent², Σ percent where full marks
    syy: float = 0.0
    sxy: float = 0.0
    picks: dict[int, int] = field(default_factory=lambda: defaultdict(int))


def _grouped(actor: Member, quiz: Quiz, filters: ResultFilter):
    """Rows (version, chosen, score, third, items, of them answered, Σ percent, Σ percent²,
    the latest version a regrade graded them with, attempts in scope). Scores and choices
    repeat: a version has a few dozen groups."""
    ranked = _ranked(actor, quiz, filters)
    return db.session.execute(
        select(AttemptItem.question_version_id, AttemptItem.chosen, AttemptItem.score,
               ranked.c.third, func.count(), func.sum(case((answered(), 1), else_=0)),
               func.sum(ranked.c.percent), func.sum(ranked.c.percent * ranked.c.percent),
               func.max(AttemptItem.graded_with_version_id), func.max(ranked.c.total))
        .select_from(ranked)
        .join(AttemptItem, AttemptItem.attempt_id == ranked.c.attempt_id)
        .group_by(AttemptItem.question_version_id, AttemptItem.chosen, AttemptItem.score,
                  ranked.c.third)).all()


def _point_biserial(n: int, sx: float, sy: float, syy: float, sxy: float) -> float | None:
    """Pearson's r of a 0/1 variable x (Σx² = Σx) and y, from sums; None without variance."""
    spread = (n * sx - sx * sx) * (n * syy - sy * sy)
    if n < 2 or spread <= 0:
        return None
    return (n * sxy - sx * sy) / math.sqrt(spread)


def item_analysis(actor: Member, quiz: Quiz, filters: ResultFilter) -> Analysis:
    groups = _grouped(actor, quiz, filters)
    if not groups:
        return Analysis(attempts=0, items=[])
    keys: dict[int, int] = {}  # version → the latest version a regrade graded it with
    for row in groups:
        if row[8] is not None:
            keys[row[0]] = max(keys.get(row[0], 0), row[8])
    versions = {row.id: row for row in db.session.execute(
        select(QuestionVersion.id, QuestionVersion.number, QuestionVersion.type,
               QuestionVersion.title, QuestionVersion.prompt_html, QuestionVersion.data,
               QuestionVersion.points, Question.key, Question.bank_id, Question.position,
               (Question.current_version_id == QuestionVersion.id).label("is_current"))
        .join(Question, Question.id == QuestionVersion.question_id)
        .where(QuestionVersion.id.in_({row[0] for row in groups} | set(keys.values()))))}
    sums: dict[int, _Sums] = defaultdict(_Sums)
    for version_id, chosen, score, third, n, n_answered, sy, syy, _, _ in groups:
        figures = sums[version_id]
        full = score is not None and score >= versions[version_id].points
        figures.n += n
        figures.answered += int(n_answered or 0)
        figures.full += n if full else 0
        if score is not None:
            figures.scored += n
            figures.points += score * n
        if third in figures.thirds:
            figures.thirds[third][0] += n
            figures.thirds[third][1] += n if full else 0
        figures.sy += float(sy or 0)
        figures.syy += float(syy or 0)
        figures.sxy += float(sy or 0) if full else 0.0
        for index in _bits(chosen):
            figures.picks[index] += n
    items = [_figures(versions[version_id], figures, versions.get(keys.get(version_id, 0)))
             for version_id, figures in sums.items()]
    order = {vid: (v.bank_id, v.position, v.key, v.number) for vid, v in versions.items()}
    items.sort(key=lambda item: order[item.version_id])
    return Analysis(attempts=int(groups[0][-1]), items=items)


def _bits(mask: int | None) -> list[int]:
    """The option indexes set in a `chosen` mask."""
    if not mask:
        return []
    return [i for i in range(mask.bit_length()) if mask >> i & 1]


def _figures(version, sums: _Sums, key=None) -> ItemFigures:
    """`key`: the version whose key a regrade graded the items with (the latest), whose
    right choices the options show, so they agree with the full marks counted."""
    kind = QuestionType(version.type)
    options = []
    if kind in CHOICE_TYPES:
        choices = (version.data or {}).get("choices", [])
        keyed = (key.data or {}).get("choices", []) if key is not None else []
        if len(keyed) != len(choices):
            keyed = choices
        options = [OptionFigure(
            index=i, text=choice.get("text", ""),
            correct=bool(keyed[i].get("correct")) or (keyed[i].get("weight") or 0) > 0,
            picks=sums.picks.get(i, 0),
            share=sums.picks.get(i, 0) / sums.answered if sums.answered else None)
            for i, choice in enumerate(choices)]
    points = version.points
    return ItemFigures(
        version_id=version.id, question_key=version.key, version_number=version.number,
        is_current=bool(version.is_current), type=kind, title=version.title,
        prompt_html=version.prompt_html, attempts=sums.n, answered=sums.answered,
        full_marks=sums.full,
        mean_share=float(sums.points / points / sums.scored) if points and sums.scored else None,
        top=(sums.thirds[1][0], sums.thirds[1][1]),
        bottom=(sums.thirds[3][0], sums.thirds[3][1]),
        point_biserial=_point_biserial(sums.n, float(sums.full), sums.sy, sums.syy, sums.sxy),
        options=options)
