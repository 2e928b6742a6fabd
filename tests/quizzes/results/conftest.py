"""A small organisation for the trainers' view: 党委 → 一支部 (→ 第一小组), 二支部; a
trainer of 一支部, learners in each unit, and a quiz owned by 一支部."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from learnhub.org.models import Member, Role, Unit
from learnhub.quizzes.models import Quiz
from tests.factories import make_member, make_unit
from tests.quizzes.builders import make_quiz
from tests.quizzes.results.attempts import make_attempt

SHANGHAI = ZoneInfo("Asia/Shanghai")
FULL = {"s1": 1, "m1": [0, 1], "j1": 0, "f1": "共产主义"}  # 100 %
QUARTER = {"s1": 1}  # 25 %
HALF = {"s1": 1, "j1": 0}  # 50 %


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=SHANGHAI)


@dataclass
class Org:
    root: Unit
    branch: Unit
    group: Unit
    other: Unit
    trainer: Member
    learner: Member  # in 一支部 itself
    grouped: Member  # in 第一小组
    stranger: Member  # in 二支部
    quiz: Quiz
    other_quiz: Quiz  # owned by 二支部


@pytest.fixture
def org() -> Org:
    root = make_unit(name="党委")
    branch = make_unit(root, name="一支部")
    group = make_unit(branch, name="第一小组")
    other = make_unit(root, name="二支部")
    return Org(root=root, branch=branch, group=group, other=other,
               trainer=make_member(branch, roles=(Role.TRAINER,), name="培训员"),
               learner=make_member(branch, name="支部学员"),
               grouped=make_member(group, name="小组学员"),
               stranger=make_member(other, name="外支部学员"),
               quiz=make_quiz("branch-quiz", owner_unit_id=branch.id, title="支部测验"),
               other_quiz=make_quiz("other-quiz", owner_unit_id=other.id, title="外支部测验"))


@pytest.fixture
def answered(org: Org) -> Org:
    """一支部's learner: 25 % then 100 %; 第一小组's: 50 %; 二支部's: 100 % (out of scope)."""
    make_attempt(org.quiz, org.learner, QUARTER, submitted_at=at(1))
    make_attempt(org.quiz, org.learner, FULL, submitted_at=at(5))
    make_attempt(org.quiz, org.grouped, HALF, submitted_at=at(5))
    make_attempt(org.quiz, org.stranger, FULL, submitted_at=at(5))
    return org
