"""Passing a course's required quizzes as a requirement of completing the course
(registered in quizzes/feature.py as a requirement kind)."""

from __future__ import annotations

from flask import has_request_context, url_for
from flask_babel import gettext
from sqlalchemy import select

from learnhub.courses.models import Course, CourseVersion
from learnhub.courses.study.completion import Requirement, RequirementStatus, StudyContext
from learnhub.extensions import db
from learnhub.quizzes.attempts.models import QuizOutcome
from learnhub.quizzes.models import Quiz, QuizStatus, QuizVersion


class QuizzesPassed(Requirement):
    """Every required quiz of the course passed (its outcome, by the quiz's grading
    method). `quizzes` are (quiz id, slug, title), in title order."""

    kind = "quizzes_passed"

    def __init__(self, quizzes: list[tuple[int, str, str]]) -> None:
        self.quizzes = quizzes

    def status(self, context: StudyContext) -> RequirementStatus:
        passed = set(db.session.scalars(select(QuizOutcome.quiz_id).where(
            QuizOutcome.member_id == context.member.id, QuizOutcome.passed.is_(True),
            QuizOutcome.quiz_id.in_([quiz_id for quiz_id, _, _ in self.quizzes]))))
        remaining = [(slug, title) for quiz_id, slug, title in self.quizzes
                     if quiz_id not in passed]
        return RequirementStatus(
            kind=self.kind,
            label=gettext("通过本课程的 %(count)s 个测验", count=len(self.quizzes)),
            met=not remaining, done=len(self.quizzes) - len(remaining),
            total=len(self.quizzes), remaining=tuple(title for _, title in remaining),
            links=tuple((title, url_for("quizzes.quiz", slug=slug))
                        for slug, title in remaining) if has_request_context() else ())


def quizzes_passed(course: Course, version: CourseVersion) -> list[Requirement]:
    """The course's published quizzes whose current version is required (one query)."""
    rows = db.session.execute(
        select(Quiz.id, Quiz.slug, QuizVersion.title)
        .join(QuizVersion, QuizVersion.id == Quiz.current_version_id)
        .where(Quiz.course_id == course.id, Quiz.status == QuizStatus.PUBLISHED,
               QuizVersion.required.is_(True)).order_by(QuizVersion.title, Quiz.id)).all()
    if not rows:
        return []
    return [QuizzesPassed([(row.id, row.slug, row.title) for row in rows])]
