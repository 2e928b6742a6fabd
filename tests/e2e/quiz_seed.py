"""The quiz journeys' data: quizzes, a course, contests, a practice bank and attempts,
written through the app's services and the test builders (never through the UI)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from tests.e2e.conftest import LiveServer

GIFT_SAMPLE = Path(__file__).resolve().parents[2] / "quizzes" / "imports" / "party-basics.gift.txt"
BAD_GIFT = """::好题:: 预备期为一年。{T}

::配对:: 请配对 {=甲 -> 乙 =丙 -> 丁}
"""
EXPLANATION = "出处：党章总纲"  # shown after submitting (review: explanations immediately)


@dataclass(frozen=True)
class Seeded:
    server: LiveServer
    app: object
    course_slug: str
    english_no: str  # a learner who reads English
    timer_no: str  # a learner for the countdown test
    plain_no: str  # a learner whose browser runs no JavaScript
    learner_id: int
    quiz_id: int


def _specs():
    from learnhub.quizzes.questions.spec import Choice, QuestionSpec, QuestionType, true_false

    return [
        QuestionSpec(type=QuestionType.SINGLE, key="ideal", prompt="党的最高理想和最终目标是什么？",
                     explanation=f"{EXPLANATION}：实现共产主义。",
                     choices=(Choice("实现共产主义", correct=True, feedback="对，见党章总纲。"),
                              Choice("发展生产力"), Choice("建设小康社会"))),
        QuestionSpec(type=QuestionType.MULTIPLE, key="principles", prompt="下列哪些是党的组织原则的内容？",
                     explanation=f"{EXPLANATION}：民主集中制。",
                     choices=(Choice("民主集中制", correct=True), Choice("集体领导", correct=True),
                              Choice("个人说了算"), Choice("一言堂"))),
        true_false("预备党员的预备期为两年。", False, key="probation",
                   explanation=f"{EXPLANATION}：预备期为一年。"),
        QuestionSpec(type=QuestionType.FILL, key="meetings", prompt="支部组织生活的基本制度是____。",
                     explanation=f"{EXPLANATION}：三会一课。",
                     choices=(Choice("三会一课", correct=True),)),
    ]


def seed(app) -> dict:
    """Quizzes and attempts for the journeys, written through the services and builders."""
    from learnhub.extensions import db
    from learnhub.org.models import Member
    from learnhub.quizzes.attempts.grading import submit
    from learnhub.quizzes.attempts.saving import save_answer
    from learnhub.quizzes.attempts.starting import start
    from learnhub.quizzes.models import GradingMethod, QuizMode
    from learnhub.quizzes.questions.spec import Choice, QuestionSpec, QuestionType
    from tests.courses.learning_support import make_course
    from tests.factories import make_member
    from tests.quizzes.builders import essay, judge, make_quiz, single
    from tests.quizzes.results.attempts import make_attempt

    with app.app_context():
        learner = db.session.scalar(select(Member).where(Member.employee_no == "learner"))
        others = list(db.session.scalars(select(Member).where(
            Member.employee_no.like("E%")).order_by(Member.id).limit(9)))
        trainer = db.session.scalar(select(Member).where(Member.employee_no == "trainer"))
        course = make_course("party-rules-course", title="党章学习")
        quiz = make_quiz(
            "party-rules-quiz", _specs(), course=course, title="党章知识测验",
            owner_unit_id=trainer.unit_id,
            time_limit_minutes=10, pass_percent=60, attempts_allowed=2,
            credit_hours=Decimal("0.5"), required=True,
            review={"score": "immediately", "responses": "immediately",
                    "correct": "never", "explanations": "immediately"})
        # Other members' attempts, so results and item analysis have numbers.
        patterns = [{"ideal": 0, "principles": [0, 1], "probation": 1, "meetings": "三会一课"},
                    {"ideal": 1, "principles": [0], "probation": 1, "meetings": "三会"},
                    {"ideal": 0, "principles": [0, 1], "probation": 0},
                    {"ideal": 2, "principles": [2], "probation": 0, "meetings": "三会一课"}]
        for n, member in enumerate(others[:8]):
            make_attempt(quiz, member, patterns[n % len(patterns)])
        make_quiz("countdown-quiz", [single("c1")], title="计时测验", time_limit_minutes=6)
        make_quiz("plain-quiz", [single("p1"), judge("p2")], title="无脚本测验",
                  review={"correct": "immediately"})
        reflection = make_quiz("reflection-quiz", [essay("r1", prompt="谈谈学习党章的体会。")],
                               title="学习心得")
        writer = others[8]
        now = now_utc()
        attempt = start(writer, reflection, reflection.current_version, now)
        save_answer(writer, attempt.id, 1, "学习党章让我更明确了党员的义务。", now)
        submit(attempt, now)
        contest = make_quiz("spring-contest", [single("k1"), single("k2")], title="春季知识竞赛",
                            mode=QuizMode.CONTEST, attempts_allowed=1,
                            grading_method=GradingMethod.FIRST,
                            opens_at=now - timedelta(days=3), closes_at=now + timedelta(days=3))
        for n, member in enumerate(others[:6]):
            make_attempt(contest, member, {"k1": 1, "k2": 1 if n % 2 else 0},
                         submitted_at=now - timedelta(hours=n + 1))
        closed = make_quiz("autumn-contest", [single("a1"), single("a2")], title="秋季知识竞赛",
                           mode=QuizMode.CONTEST, attempts_allowed=1,
                           grading_method=GradingMethod.FIRST,
                           opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=2))
        for n, member in enumerate([learner, *others[:5]]):
            make_attempt(closed, member, {"a1": 1, "a2": 1 if n % 2 else 0},
                         submitted_at=now - timedelta(days=3, hours=n))
        make_quiz("practice-basics", [QuestionSpec(
            type=QuestionType.SINGLE, key="flag", prompt="中国共产党党旗旗面是什么颜色？",
            explanation="党旗为红色，象征革命。",
            choices=(Choice("红色", correct=True, feedback="正确，党旗旗面为红色。"),
                     Choice("黄色", feedback="不对。"), Choice("蓝色", feedback="不对。")))],
            title="党的基本知识练习", mode=QuizMode.PRACTICE)
        english = make_member(learner.unit, locale="en", name="英文学员")
        timer = make_member(learner.unit, name="计时学员")
        plain = make_member(learner.unit, name="无脚本学员")
        db.session.commit()
        return {"course_slug": course.slug, "english_no": english.employee_no,
                "timer_no": timer.employee_no, "plain_no": plain.employee_no,
                "learner_id": learner.id, "quiz_id": quiz.id}


def now_utc():
    from learnhub.core.timeutil import now_utc as now

    return now()
