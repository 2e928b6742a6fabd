"""A bank back to the Markdown quiz format (`learnhub quiz export`): its current questions,
in order, and, when a quiz of the same slug has a version, that quiz's settings, so that
`content sync` of the exported file gives the same quiz."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from learnhub.core.errors import NotFound
from learnhub.extensions import db
from learnhub.quizzes.format.settings import REVIEW_PARTS, Draw, QuizSettings
from learnhub.quizzes.format.writing import write_quiz
from learnhub.quizzes.models import Question, QuestionBank, Quiz, QuizVersion
from learnhub.quizzes.questions.spec import QuestionSpec


def bank_specs(bank: QuestionBank) -> list[QuestionSpec]:
    """The bank's questions that are not retired, as specs with their keys, in order."""
    questions = db.session.scalars(
        select(Question).where(Question.bank_id == bank.id, Question.retired.is_(False),
                               Question.current_version_id.is_not(None))
        .options(selectinload(Question.current_version))
        .order_by(Question.position, Question.id))
    return [replace(question.current_version.spec(), key=question.key)
            for question in questions if question.current_version is not None]


def settings_from_version(quiz: Quiz, version: QuizVersion) -> QuizSettings:
    """A stored version's settings as the front matter reads them."""
    selection = version.selection or {}
    draws = None
    if "draw" in selection:
        draws = [Draw(category=d["category"], count=d["count"],
                      bank="" if d.get("bank") in (None, quiz.slug) else d["bank"])
                 for d in selection["draw"]]
    return QuizSettings(
        title=version.title, course=quiz.course.slug if quiz.course else None,
        required=version.required, mode=version.mode.value,
        pass_percent=version.pass_percent, time_limit=version.time_limit_minutes,
        attempts=version.attempts_allowed, cooldown=version.cooldown_minutes,
        grading=version.grading_method.value, opens=version.opens_at,
        closes=version.closes_at, shuffle_questions=version.shuffle_questions,
        shuffle_choices=version.shuffle_choices, credit_hours=version.credit_hours,
        review={part: version.review_when(part).value for part in REVIEW_PARTS},
        questions=_fixed(selection), draw=draws, show_names=version.show_names,
        owner_unit=quiz.owner_unit.code if quiz.owner_unit else None)


def _fixed(selection: dict) -> list[str] | None:
    return list(selection["fixed"]) if "fixed" in selection else None


def export_bank(slug: str) -> str:
    """The bank `slug` as a quiz file; NotFound when there is no such bank."""
    bank = db.session.scalar(select(QuestionBank).where(QuestionBank.slug == slug))
    if bank is None:
        raise NotFound()
    specs = bank_specs(bank)
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == slug, Quiz.bank_id == bank.id))
    version = quiz.current_version if quiz is not None else None
    if quiz is None or version is None:
        return write_quiz(specs, title=bank.title or slug)
    settings = settings_from_version(quiz, version)
    if settings.questions == [spec.key for spec in specs]:
        settings.questions = None  # every question, in order: the default
    return write_quiz(specs, settings, version.description_markdown)
