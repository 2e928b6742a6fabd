"""Item analysis: how each question of a quiz worked, per question version, from the
graded attempts in the trainer's scope. Four grouped queries whatever the number of
attempts (figures per version, option counts, the versions' texts, the attempt count);
nothing loops over attempts in Python. docs/quizzes-results.md explains each figure.

- facility: the share of attempts that earned the question's full marks;
- discrimination: facility among the top third of attempts (by the attempt's percent)
  minus facility among the bottom third; thirds by NTILE(3), ties broken by attempt id;
- point-biserial: the correlation between full marks on the question (0/1) and the
  attempt's percent (the question's own points included in that percent);
- options: how many answered items chose each option (original index, its text).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import Float, case, cast, func, select, true

from learnhub.core.messages import N_
from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.quizzes.attempts.models import Attempt, AttemptItem
from learnhub.quizzes.models import Question, QuestionVersion, Quiz
from learnhub.quizzes.questions.spec import QuestionType
from learnhub.quizzes.results.choices import answered, chosen_options
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
    """The graded attempts in scope with their third: 1 top … 3 bottom, by percent."""
    return scoped_attempts(
        actor, quiz, Attempt.id.label("attempt_id"),
        cast(Attempt.percent, Float).label("percent"),
        func.ntile(3).over(order_by=(Attempt.percent.desc(), Attempt.id)).label("third"),
        filters=filters).subquery("ranked")


def _point_biserial(n: int, sx: float, sy: float, syy: float, sxy: float) -> float | None:
    """Pearson's r of a 0/1 variable x (Σx² = Σx) and y, from sums; None without variance."""
    spread = (n * sx - sx * sx) * (n * syy - sy * sy)
    if n < 2 or spread <= 0:
        return None
    return (n * sxy - sx * sy) / math.sqrt(spread)


def item_analysis(actor: Member, quiz: Quiz, filters: ResultFilter) -> Analysis:
    ranked = _ranked(actor, quiz, filters)
    full = case((AttemptItem.score >= QuestionVersion.points, 1), else_=0)
    top, bottom = ranked.c.third == 1, ranked.c.third == 3
    stats = db.session.execute(
        select(AttemptItem.question_version_id, func.count(),
               func.sum(case((answered(), 1), else_=0)), func.sum(full),
               func.avg(cast(AttemptItem.score, Float) / cast(QuestionVersion.points, Float)),
               func.sum(case((top, 1), else_=0)), func.sum(case((top, full), else_=0)),
               func.sum(case((bottom, 1), else_=0)), func.sum(case((bottom, full), else_=0)),
               func.sum(ranked.c.percent), func.sum(ranked.c.percent * ranked.c.percent),
               func.sum(full * ranked.c.percent))
        .select_from(ranked)
        .join(AttemptItem, AttemptItem.attempt_id == ranked.c.attempt_id)
        .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
        .group_by(AttemptItem.question_version_id)).all()
    if not stats:
        return Analysis(attempts=0, items=[])
    picks = _option_picks(actor, quiz, filters)
    versions = {row.id: row for row in db.session.execute(
        select(QuestionVersion.id, QuestionVersion.number, QuestionVersion.type,
               QuestionVersion.title, QuestionVersion.prompt_html, QuestionVersion.data,
               Question.key, Question.bank_id, Question.position,
               (Question.current_version_id == QuestionVersion.id).label("is_current"))
        .join(Question, Question.id == QuestionVersion.question_id)
        .where(QuestionVersion.id.in_([row[0] for row in stats])))}
    items = []
    for (version_id, n, n_answered, n_full, mean_share, top_n, top_full, bottom_n,
         bottom_full, sy, syy, sxy) in stats:
        version = versions[version_id]
        kind = QuestionType(version.type)
        options = []
        if kind in CHOICE_TYPES:
            choices = (version.data or {}).get("choices", [])
            options = [OptionFigure(
                index=i, text=choice.get("text", ""),
                correct=bool(choice.get("correct")) or (choice.get("weight") or 0) > 0,
                picks=picks.get((version_id, i), 0),
                share=picks.get((version_id, i), 0) / n_answered if n_answered else None)
                for i, choice in enumerate(choices)]
        items.append(ItemFigures(
            version_id=version_id, question_key=version.key, version_number=version.number,
            is_current=bool(version.is_current), type=kind, title=version.title,
            prompt_html=version.prompt_html, attempts=n, answered=int(n_answered or 0),
            full_marks=int(n_full or 0),
            mean_share=None if mean_share is None else float(mean_share),
            top=(int(top_n or 0), int(top_full or 0)),
            bottom=(int(bottom_n or 0), int(bottom_full or 0)),
            point_biserial=_point_biserial(n, float(n_full or 0), float(sy or 0),
                                           float(syy or 0), float(sxy or 0)),
            options=options))
    order = {vid: (v.bank_id, v.position, v.key, v.number) for vid, v in versions.items()}
    items.sort(key=lambda item: order[item.version_id])
    attempts = db.session.scalar(select(func.count()).select_from(ranked)) or 0
    return Analysis(attempts=attempts, items=items)


def _option_picks(actor: Member, quiz: Quiz, filters: ResultFilter
                  ) -> dict[tuple[int, int], int]:
    """(question version id, option index) → items that chose it. Only index values count,
    so fill and essay answers (text) drop out without a join to the question versions."""
    values, index, is_index = chosen_options()
    attempts = scoped_attempts(actor, quiz, Attempt.id.label("attempt_id"),
                               filters=filters).subquery("scoped")
    rows = db.session.execute(
        select(AttemptItem.question_version_id, index.label("option"), func.count())
        .select_from(attempts)
        .join(AttemptItem, AttemptItem.attempt_id == attempts.c.attempt_id)
        .join(values, true())
        .where(is_index)
        .group_by(AttemptItem.question_version_id, index)).all()
    return {(version_id, option): count for version_id, option, count in rows}
