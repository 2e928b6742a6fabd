"""One generated attempt: the items the engine would draw (the same shuffles from the same
generator as `attempts.drawing.draw`), the responses a learner of some ability gives, in
original indexes, item scores from `questions.types.grade`, and the attempt's result by
the arithmetic of `attempts.grading.settle`. Rows, not ORM objects, so a year of history
goes in with a few bulk inserts; tests hold these rows equal to the engine's."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from learnhub.quizzes.attempts.answers import chosen_mask
from learnhub.quizzes.attempts.drawing import SHUFFLED_TYPES
from learnhub.quizzes.attempts.models import AttemptState
from learnhub.quizzes.demo.learners import Profile, essay_mark, reflection, respond
from learnhub.quizzes.models import QuizVersion
from learnhub.quizzes.questions.spec import QuestionSpec, QuestionType
from learnhub.quizzes.questions.types import grade

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Question:
    """A question version as the generator needs it."""

    version_id: int
    spec: QuestionSpec
    profile: Profile


@dataclass
class QuizPlan:
    """A published quiz's current version and its questions in the selection's order."""

    quiz_id: int
    slug: str
    version: QuizVersion
    questions: list[Question]

    @property
    def limit(self) -> timedelta | None:
        minutes = self.version.time_limit_minutes
        return timedelta(minutes=minutes) if minutes else None


@dataclass
class Generated:
    """An attempt's row and its items' rows (without ids), and when it was settled."""

    row: dict
    items: list[dict]
    settled: list[datetime] = field(default_factory=list)  # submit, then the mark if any

    @property
    def passed(self) -> bool:
        return bool(self.row["passed"])

    @property
    def state(self) -> AttemptState:
        return self.row["state"]


def drawn_order(plan: QuizPlan, rng: random.Random) -> list[tuple[Question, list[int]]]:
    """The shown order of questions and each one's choice order, shuffled exactly as
    `draw` shuffles a fixed selection with the same generator."""
    questions = list(plan.questions)
    if plan.version.shuffle_questions:
        rng.shuffle(questions)
    shown = []
    for question in questions:
        kind = question.spec.type
        order = list(range(len(question.spec.choices))) if kind not in (
            QuestionType.FILL, QuestionType.ESSAY) else []
        if plan.version.shuffle_choices and kind in SHUFFLED_TYPES:
            rng.shuffle(order)
        shown.append((question, order))
    return shown


def deadline(plan: QuizPlan, started: datetime) -> datetime | None:
    """As `attempts.starting.deadline_for`: the limit from the start, never past closing."""
    ends = started + plan.limit if plan.limit else None
    closes = plan.version.closes_at
    if closes is not None and (ends is None or ends > closes):
        ends = closes
    return ends


def result(scores: list[tuple[Decimal | None, Decimal]], pass_percent: int) -> dict:
    """The attempt columns `settle` writes for these (score, points) pairs."""
    max_score = sum((points for _, points in scores), Decimal(0))
    if any(score is None for score, _ in scores):
        return {"max_score": max_score, "state": AttemptState.MARKING, "score": None,
                "percent": None, "passed": None}
    score = sum((s for s, _ in scores if s is not None), Decimal(0))
    percent = (score * HUNDRED / max_score).quantize(CENT) if max_score else HUNDRED
    return {"max_score": max_score, "state": AttemptState.GRADED, "score": score,
            "percent": percent, "passed": percent >= pass_percent}


def generate(plan: QuizPlan, *, member_id: int, number: int, started: datetime,
             ability: float, rng: random.Random, marker_id: int | None,
             marking: Callable[[datetime], datetime | None]) -> Generated:
    """One submitted attempt. Answers are autosaved as the learner goes; one who runs
    out of time is submitted at the deadline with what was saved. A 心得 is marked by
    `marker_id` when `marking(submitted_at)` says (None: it waits in the marking queue)."""
    ends = deadline(plan, started)
    shown = drawn_order(plan, rng)
    pace = rng.lognormvariate(0, 0.35)  # some read slowly
    clock = started + timedelta(seconds=rng.randint(5, 40))
    items: list[dict] = []
    auto = False
    pending: list[tuple[dict, QuestionSpec]] = []
    for position, (question, order) in enumerate(shown, start=1):
        spec = question.spec
        seconds = (240 if spec.type == QuestionType.ESSAY else 28) * pace
        clock += timedelta(seconds=rng.uniform(0.5, 1.5) * seconds)
        response = respond(spec, question.profile, ability, rng)
        if spec.type == QuestionType.ESSAY and rng.random() > 0.01:
            response = reflection(rng)
        if ends is not None and clock >= ends:
            auto, response = True, None  # not saved before the deadline
        item = {"position": position, "question_version_id": question.version_id,
                "choice_order": order, "response": response,
                "chosen": chosen_mask(response),
                "saved_at": clock if response is not None else None,
                "score": grade(spec, response), "marked_by_id": None, "marked_at": None,
                "mark_comment": ""}
        if item["score"] is None:
            pending.append((item, spec))
        items.append(item)
    submitted = ends if auto and ends is not None else clock + timedelta(
        seconds=rng.randint(10, 90))
    mark_at = marking(submitted) if pending else None
    for item, spec in pending:
        if mark_at is not None:
            item.update(score=essay_mark(spec.points, ability, rng), marked_by_id=marker_id,
                        marked_at=mark_at, mark_comment=rng.choice(MARK_COMMENTS))
    scores = [(item["score"], question.spec.points)
              for item, (question, _) in zip(items, shown, strict=True)]
    row = {"quiz_id": plan.quiz_id, "quiz_version_id": plan.version.id,
           "member_id": member_id, "number": number, "started_at": started,
           "deadline_at": ends, "submitted_at": submitted,
           "seconds_taken": max(0, int((submitted - started).total_seconds())),
           "auto_submitted": auto, **result(scores, plan.version.pass_percent)}
    return Generated(row, items, [submitted] + ([mark_at] if mark_at and pending else []))


MARK_COMMENTS = ("事例具体，整改措施可检查。", "问题写得具体，原因分析还可以更深入。",
                 "整改措施缺少时限，请补充。", "", "", "认真对照了党章要求，很好。")
