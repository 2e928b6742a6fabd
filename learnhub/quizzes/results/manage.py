"""测验管理: the quizzes and question banks a trainer manages (owner unit in their trainer
subtree; an admin, all), with counts in grouped queries: three for the whole page."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import and_, case, func, select

from learnhub.core.messages import N_
from learnhub.courses.models import Course
from learnhub.extensions import db
from learnhub.org.models import Member, Role, Unit
from learnhub.org.permissions import scope_filter
from learnhub.quizzes.attempts.models import Attempt, AttemptState
from learnhub.quizzes.models import Question, QuestionBank, Quiz, QuizVersion
from learnhub.quizzes.results.scope import owned_in_scope

# Row links of the manage page: (label msgid, endpoint taking `slug`). A link shows only
# once its endpoint exists, so the editor, import and regrade rooms add theirs here
# (e.g. (N_("编辑"), "quizzes.edit_quiz")) without a dead link before they are merged.
QUIZ_LINKS: tuple[tuple[str, str], ...] = (
    (N_("结果"), "quizzes.results"),
    (N_("题目分析"), "quizzes.item_analysis"),
    (N_("编辑"), "quizzes.edit_quiz"),
)
BANK_LINKS: tuple[tuple[str, str], ...] = ((N_("下载 Markdown"), "quizzes.export_bank_file"),)
# Page actions (label, endpoint without arguments), e.g. (N_("导入题目"), "quizzes.import").
PAGE_LINKS: tuple[tuple[str, str], ...] = ((N_("新建测验"), "quizzes.new_quiz"),
                                          (N_("导入题目"), "quizzes.import_start"))


def available(links: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """The links whose endpoints this app has."""
    return [(label, endpoint) for label, endpoint in links
            if endpoint in current_app.view_functions]


def question_count(selection: dict | None) -> int:
    """Questions per attempt: the fixed keys, or the sum of the draws."""
    selection = selection or {}
    if "draw" in selection:
        return sum(int(draw.get("count") or 0) for draw in selection["draw"])
    return len(selection.get("fixed") or [])


@dataclass(frozen=True)
class QuizRow:
    slug: str
    title: str
    mode: str
    status: str
    course_title: str | None
    owner: str | None
    questions: int
    attempts: int  # graded, by members in the actor's subtree
    passed: int

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.attempts if self.attempts else None


def managed_quizzes(actor: Member) -> list[QuizRow]:
    rows = db.session.execute(
        select(Quiz.id, Quiz.slug, Quiz.title, Quiz.mode, Quiz.status, Course.title,
               Unit.name, QuizVersion.selection)
        .outerjoin(Course, Course.id == Quiz.course_id)
        .outerjoin(Unit, Unit.id == Quiz.owner_unit_id)
        .outerjoin(QuizVersion, QuizVersion.id == Quiz.current_version_id)
        .where(owned_in_scope(actor, Quiz.owner_unit_id))
        .order_by(Quiz.title, Quiz.slug)).all()
    counts = {}
    if rows:
        counts = {quiz_id: (n, passed) for quiz_id, n, passed in db.session.execute(
            select(Attempt.quiz_id, func.count(),
                   func.count(case((Attempt.passed.is_(True), 1))))
            .join(Member, Member.id == Attempt.member_id)
            .join(Unit, Unit.id == Member.unit_id)
            .where(Attempt.quiz_id.in_([row[0] for row in rows]),
                   Attempt.state == AttemptState.GRADED, scope_filter(actor, Role.TRAINER))
            .group_by(Attempt.quiz_id))}
    return [QuizRow(slug=slug, title=title or slug, mode=str(mode), status=str(status),
                    course_title=course_title, owner=owner,
                    questions=question_count(selection),
                    attempts=counts.get(quiz_id, (0, 0))[0],
                    passed=counts.get(quiz_id, (0, 0))[1])
            for quiz_id, slug, title, mode, status, course_title, owner, selection in rows]


@dataclass(frozen=True)
class BankRow:
    slug: str
    title: str
    course_title: str | None
    owner: str | None
    questions: int  # not retired
    categories: int


def managed_banks(actor: Member) -> list[BankRow]:
    live = Question.retired.is_(False)
    rows = db.session.execute(
        select(QuestionBank.slug, QuestionBank.title, Course.title, Unit.name,
               func.count(case((live, Question.id))),
               func.count(func.distinct(case((and_(live, Question.category != ""),
                                               Question.category)))))
        .outerjoin(Course, Course.id == QuestionBank.course_id)
        .outerjoin(Unit, Unit.id == QuestionBank.owner_unit_id)
        .outerjoin(Question, Question.bank_id == QuestionBank.id)
        .where(owned_in_scope(actor, QuestionBank.owner_unit_id))
        .group_by(QuestionBank.id, QuestionBank.slug, QuestionBank.title, Course.title,
                  Unit.name)
        .order_by(QuestionBank.title, QuestionBank.slug)).all()
    return [BankRow(slug=slug, title=title or slug, course_title=course_title, owner=owner,
                    questions=questions, categories=categories)
            for slug, title, course_title, owner, questions, categories in rows]
