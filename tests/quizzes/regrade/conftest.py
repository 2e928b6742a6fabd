"""A quiz with a wrong key and members who took it through the attempt engine (so their
outcomes and credit are real): 一支部's trainer and learners, 二支部's trainer.

The key of `s1` says 选项2 (index 1) is right; the truth is 选项1 (index 0). With a pass
mark of 80 % over four 1-point questions only full marks pass:
  keyed:  chose 选项2, the rest right: 100 % passed, credited 1.5 → after 75 %, fails
  truthful: chose 选项1, the rest right: 75 % failed → after 100 %, passes, credited
  weak:   chose 选项1, two others right: 50 % → 75 %, still fails
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest

from learnhub.org.models import Member, Role, Unit
from learnhub.quizzes.attempts.grading import submit
from learnhub.quizzes.attempts.models import Attempt
from learnhub.quizzes.attempts.saving import save_answer
from learnhub.quizzes.attempts.starting import start
from learnhub.quizzes.models import QuestionVersion, Quiz
from tests.factories import make_member, make_unit
from tests.quizzes.attempts.support import NOW, items_of
from tests.quizzes.builders import fill, judge, make_quiz, multiple, single

HOURS = Decimal("1.5")
RIGHT = {"j1": 0, "f1": "共产主义", "m1": [0, 1]}
WRONG = {"j1": 1, "f1": "社会主义", "m1": [2]}


def take(member: Member, quiz: Quiz, answers: dict[str, object], when=NOW) -> Attempt:
    """An attempt answering `answers` (question key → original index, indexes or text),
    submitted through the attempt engine."""
    attempt = start(member, quiz, quiz.current_version, when)
    for item in items_of(attempt):
        version = item.question_version
        answer = answers.get(version.question.key)
        if answer is None:
            continue
        if isinstance(answer, list):
            shown: object = [item.choice_order.index(i) for i in answer]
        elif isinstance(answer, int):
            shown = item.choice_order.index(answer)
        else:
            shown = answer
        save_answer(member, attempt.id, item.position, shown, when)
    return submit(attempt, when + timedelta(minutes=1))


@dataclass
class Org:
    branch: Unit
    other: Unit
    trainer: Member
    other_trainer: Member
    keyed: Member
    truthful: Member
    weak: Member
    quiz: Quiz

    @property
    def s1(self) -> QuestionVersion:
        from sqlalchemy import select

        from learnhub.extensions import db
        from learnhub.quizzes.models import Question
        question = db.session.scalar(select(Question).where(
            Question.bank_id == self.quiz.bank_id, Question.key == "s1"))
        return question.current_version

    def url(self, version: QuestionVersion | None = None, tail: str = "") -> str:
        version = version or self.s1
        return f"/quizzes/{self.quiz.slug}/questions/{version.id}/regrade{tail}"


def make_org(slug: str = "wrong-key") -> Org:
    root = make_unit(name="党委")
    branch = make_unit(root, name="一支部")
    other = make_unit(root, name="二支部")
    quiz = make_quiz(slug, [single("s1", right=1), judge("j1"), fill("f1"),
                                   multiple("m1")],
                     owner_unit_id=branch.id, title="错题测验", pass_percent=80,
                     credit_hours=HOURS)
    return Org(branch=branch, other=other,
               trainer=make_member(branch, roles=(Role.TRAINER,), name="培训员"),
               other_trainer=make_member(other, roles=(Role.TRAINER,), name="外支部培训员"),
               keyed=make_member(branch, name="按旧答案"),
               truthful=make_member(branch, name="答对的人"),
               weak=make_member(branch, name="基础薄弱"), quiz=quiz)


def answered(org: Org) -> Org:
    take(org.keyed, org.quiz, {"s1": 1, **RIGHT})
    take(org.truthful, org.quiz, {"s1": 0, **RIGHT})
    take(org.weak, org.quiz, {"s1": 0, "j1": 0, "f1": "共产主义", "m1": [2]})
    return org


@pytest.fixture
def org() -> Org:
    return answered(make_org())


def corrected(right: int = 0, points: str = "1") -> dict:
    """The key form for s1, `right` its right choice."""
    return {"correct": [str(right)], "points": points}
