"""Who may edit a quiz, mirroring the course editor: a trainer edits the quizzes owned by a
unit in their trainer subtree, an admin every quiz. The owner unit alone decides.

A quiz outside the actor's scope answers 404 (as if it did not exist), so the editor's
URLs don't tell trainers which quizzes other units have."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from learnhub.core.errors import NotFound
from learnhub.courses.editor.services import can_edit as can_edit_course
from learnhub.courses.models import Course, CourseStatus
from learnhub.extensions import db
from learnhub.org.models import Member, Role, Unit
from learnhub.org.permissions import can_train_for, is_admin, scope_filter
from learnhub.quizzes.models import Quiz, QuizStatus


def can_edit_quiz(actor: Member, quiz: Quiz) -> bool:
    if is_admin(actor):
        return True
    return quiz.owner_unit is not None and can_train_for(actor, quiz.owner_unit)


def quiz_by_slug(slug: str) -> Quiz | None:
    return db.session.scalar(select(Quiz).where(Quiz.slug == slug))


def get_editable_quiz(actor: Member, slug: str) -> Quiz:
    quiz = quiz_by_slug(slug)
    if quiz is None or not can_edit_quiz(actor, quiz):
        raise NotFound()
    return quiz


def attachable_courses(actor: Member) -> list[Course]:
    """The courses a quiz of this trainer may be attached to (`course:`): those they may
    edit, not archived, by title; one query, scoped in SQL."""
    return list(db.session.scalars(
        select(Course).join(Unit, Unit.id == Course.owner_unit_id)
        .where(scope_filter(actor, Role.TRAINER, Unit.path),
               Course.status != CourseStatus.ARCHIVED)
        .order_by(Course.title, Course.slug)))


def may_attach(actor: Member, course: Course) -> bool:
    return can_edit_course(actor, course)


def editor_links(quiz: Quiz) -> dict[str, str]:
    """The trainer's actions on a quiz, for lists that link to them (the manage list):
    edit always; publish for a draft with a version; archive or unarchive."""
    links = {"edit": url_for("quizzes.edit_quiz", slug=quiz.slug)}
    if quiz.status == QuizStatus.DRAFT and quiz.current_version_id is not None:
        links["publish"] = url_for("quizzes.publish_quiz", slug=quiz.slug)
    if quiz.status == QuizStatus.ARCHIVED:
        links["unarchive"] = url_for("quizzes.unarchive_quiz", slug=quiz.slug)
    else:
        links["archive"] = url_for("quizzes.archive_quiz", slug=quiz.slug)
    return links
