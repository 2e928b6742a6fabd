"""How demo learners answer: a latent ability per member and, per question, a difficulty,
a discrimination and how attractive each wrong option is (a two-parameter logistic model
with guessing). Pure functions of seeded generators, so the history is the same each run.

The sample questions stay correct: what looks broken in item analysis (a question few get
right, an option nobody picks) comes from this behaviour, never from a wrong key.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from decimal import Decimal

from learnhub.quizzes.questions.spec import QuestionSpec, QuestionType
from learnhub.quizzes.questions.types import Response, grade

# Genuinely hard questions (`bank/key`): the sixteen characters recalled word for word, and
# a 多选 where most forget one of the two lenient cases. Facility ends under 20%.
HARD = {
    "party-constitution-rights-duties-quiz/sixteen-characters": 2.3,
    "party-discipline-study-quiz/lenient-cases": 2.4,
}
# Plausible wrong words for 填空 questions (what people misremember); others get blanks
# or another blank's answer.
WRONG_FILLS = {
    "party-constitution-rights-duties-quiz/sixteen-characters": ("个别讨论", "分别酝酿",
                                                                 "民主决策", "个别沟通"),
}
GUESSING = {QuestionType.SINGLE: 0.12, QuestionType.TRUE_FALSE: 0.2,
            QuestionType.MULTIPLE: 0.03, QuestionType.FILL: 0.0, QuestionType.ESSAY: 0.0}
BASE_DIFFICULTY = {QuestionType.SINGLE: -1.0, QuestionType.TRUE_FALSE: -1.3,
                   QuestionType.MULTIPLE: -0.3, QuestionType.FILL: -0.5,
                   QuestionType.ESSAY: 0.0}
SKIP_RATE = 0.015  # an item left unanswered


def stable_rng(*parts: object) -> random.Random:
    """A generator seeded by its parts (string seeds are hashed the same in every process)."""
    return random.Random(":".join(str(part) for part in parts))


@dataclass(frozen=True)
class Profile:
    """How a question behaves with demo learners."""

    difficulty: float
    discrimination: float
    guessing: float
    lure: tuple[float, ...]  # per choice: how often a wrong answer lands on it (0 for right)
    wrong_texts: tuple[str, ...]  # 填空: what a wrong answer types


def profile_for(ref: str, spec: QuestionSpec, other_fills: tuple[str, ...]) -> Profile:
    """The question `ref` (`bank/key`): its difficulty from its type and a seeded jitter,
    or from HARD. A few wrong options are almost never chosen (the flag item analysis
    raises for an option nobody picks)."""
    rng = stable_rng("profile", ref)
    difficulty = HARD.get(ref, BASE_DIFFICULTY[spec.type] + rng.gauss(0, 0.55))
    discrimination = 1.4 if ref in HARD else rng.uniform(0.8, 2.0)
    lure = tuple(0.0 if choice.percent > 0 else
                 (0.02 if rng.random() < 0.2 else rng.uniform(0.3, 1.0))
                 for choice in spec.choices)
    wrong = WRONG_FILLS.get(ref) or tuple(text for text in other_fills
                                          if grade(spec, text) == 0)
    return Profile(difficulty, discrimination, GUESSING[spec.type], lure, wrong)


def chance_right(ability: float, profile: Profile) -> float:
    logistic = 1 / (1 + math.exp(-profile.discrimination * (ability - profile.difficulty)))
    return profile.guessing + (1 - profile.guessing) * logistic


def respond(spec: QuestionSpec, profile: Profile, ability: float,
            rng: random.Random) -> Response:
    """A response (original indexes, or text) from a learner of this ability."""
    if spec.type == QuestionType.ESSAY:
        return None  # written by `reflection`
    if rng.random() < SKIP_RATE:
        return None
    right = rng.random() < chance_right(ability, profile)
    correct = [i for i, choice in enumerate(spec.choices) if choice.percent > 0]
    if spec.type == QuestionType.FILL:
        if right:
            return rng.choice([choice.text for choice in spec.choices if choice.percent > 0])
        if profile.wrong_texts and rng.random() < 0.7:
            return rng.choice(profile.wrong_texts)
        return None
    if right:
        return sorted(correct) if spec.type == QuestionType.MULTIPLE else correct[0]
    wrong = [i for i in range(len(spec.choices)) if i not in correct]
    weights = [profile.lure[i] for i in wrong]
    if spec.type != QuestionType.MULTIPLE:
        return rng.choices(wrong, weights)[0]
    chosen = set(correct)
    if len(correct) > 1 and (not wrong or rng.random() < 0.6):
        chosen.discard(rng.choice(correct))  # forgot one
    if wrong and (len(chosen) == len(correct) or rng.random() < 0.4):
        chosen.add(rng.choices(wrong, weights)[0])  # added a lure
    return sorted(chosen)


REFLECTION_OPENINGS = (
    "通过学习这门课程，我对照要求认真查找了自己的不足。",
    "学完课程后，我结合本岗位的工作实际进行了反思。",
    "这次学习让我对党员应尽的责任有了更具体的认识。",
)
REFLECTION_BODY = (
    "做得比较好的是在班组安全生产中带头落实操作规程，去年检修期间主动承担夜班任务，"
    "带领两名新同事按时完成了设备检修。",
    "需要改进的是理论学习不够系统，平时多是碎片化阅读，学习笔记记得少，"
    "在支部学习讨论时发言准备不充分。",
    "存在的问题是对群众反映的意见跟进不及时，今年三月有同事提出的工具借用流程问题，"
    "我拖了两周才向车间反映，影响了班组的工作效率。",
    "思想上的原因是宗旨意识还不够牢固，把业务工作看得重，把思想建设看得轻，"
    "认为学习是软任务。",
    "我在项目对接中坚持按制度办事，对供应商的宴请一律谢绝，也提醒身边同事注意。",
)
REFLECTION_PLANS = (
    "整改措施：从下月起每周安排两个晚上系统学习，每月在支部学习会上交流一次心得，"
    "年底前完成学习笔记一本，请支部委员检查。",
    "整改措施：建立意见台账，收到群众反映的问题三个工作日内答复，每季度向支部汇报一次"
    "办理情况，接受大家监督。",
    "整改措施：本季度内把岗位操作规程重新梳理一遍，带两名青年员工结对学习，"
    "年底由车间考核验收。",
)


def reflection(rng: random.Random) -> str:
    """A 心得 of 200-odd characters: an opening, two concrete points and a plan."""
    return "".join((rng.choice(REFLECTION_OPENINGS), *rng.sample(REFLECTION_BODY, 2),
                    rng.choice(REFLECTION_PLANS)))


def essay_mark(points: Decimal, ability: float, rng: random.Random) -> Decimal:
    """A trainer's mark, in half points, better for abler learners."""
    share = min(1.0, max(0.25, 0.65 + 0.15 * ability + rng.gauss(0, 0.12)))
    halves = round(float(points) * share * 2)
    return min(points, Decimal(halves) / 2).quantize(Decimal("0.01"))
