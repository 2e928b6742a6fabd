"""Quizzes in the database for tests: a bank of questions and a published quiz over it."""

from __future__ import annotations

from decimal import Decimal

from learnhub.courses.models import ContentSource, Course
from learnhub.extensions import db
from learnhub.quizzes.banks.store import save_questions
from learnhub.quizzes.models import (
    QuestionBank,
    Quiz,
    QuizMode,
    QuizStatus,
    QuizVersion,
)
from learnhub.quizzes.questions.spec import Choice, QuestionSpec, QuestionType, true_false


def single(key: str, right: int = 1, *, options: int = 3, **fields) -> QuestionSpec:
    return QuestionSpec(
        type=QuestionType.SINGLE, key=key, prompt=fields.pop("prompt", f"问题 {key}？"),
        choices=tuple(Choice(f"选项{i + 1}", correct=i == right) for i in range(options)),
        **fields)


def multiple(key: str, right: tuple[int, ...] = (0, 1), *, options: int = 4,
             **fields) -> QuestionSpec:
    return QuestionSpec(
        type=QuestionType.MULTIPLE, key=key, prompt=fields.pop("prompt", f"多选 {key}？"),
        choices=tuple(Choice(f"选项{i + 1}", correct=i in right) for i in range(options)),
        **fields)


def judge(key: str, answer: bool = True, **fields) -> QuestionSpec:
    return true_false(fields.pop("prompt", f"判断 {key}。"), answer, key=key, **fields)


def fill(key: str, *accepted: str, **fields) -> QuestionSpec:
    return QuestionSpec(
        type=QuestionType.FILL, key=key, prompt=fields.pop("prompt", f"填空 {key}：____。"),
        choices=tuple(Choice(text, correct=True) for text in (accepted or ("共产主义",))),
        **fields)


def essay(key: str, **fields) -> QuestionSpec:
    return QuestionSpec(type=QuestionType.ESSAY, key=key,
                        prompt=fields.pop("prompt", f"心得 {key}。"), **fields)


def mixed_specs() -> list[QuestionSpec]:
    """One of each type but 心得, all worth 1 point."""
    return [single("s1"), multiple("m1"), judge("j1"), fill("f1", "共产主义", "共产主义社会")]


def make_quiz(slug: str = "party-quiz", specs: list[QuestionSpec] | None = None, *,
              course: Course | None = None, mode: QuizMode = QuizMode.QUIZ,
              owner_unit_id: int | None = None, **settings) -> Quiz:
    """A published quiz whose bank (same slug) holds `specs`; `settings` are QuizVersion
    columns (pass_percent, time_limit_minutes, attempts_allowed, review, selection...).
    Without `selection`, every question is fixed, in order."""
    specs = mixed_specs() if specs is None else specs
    bank = QuestionBank(slug=slug, title=f"{slug} 题库", source=ContentSource.FILE,
                        owner_unit_id=owner_unit_id,
                        course_id=course.id if course else None)
    db.session.add(bank)
    db.session.flush()
    save_questions(bank, specs)
    quiz = Quiz(slug=slug, title=settings.get("title", f"{slug} 测验"), mode=mode,
                status=QuizStatus.PUBLISHED, bank_id=bank.id,
                course_id=course.id if course else None, owner_unit_id=owner_unit_id)
    db.session.add(quiz)
    db.session.flush()
    publish_version(quiz, **settings)
    return quiz


def publish_version(quiz: Quiz, **settings) -> QuizVersion:
    """A new version of `quiz` with these settings (the defaults of QuizVersion else)."""
    previous = quiz.current_version
    number = previous.number + 1 if previous is not None else 1
    keys = settings.pop("keys", None)
    if "selection" not in settings:
        if keys is None:
            from sqlalchemy import select

            from learnhub.quizzes.models import Question
            keys = list(db.session.scalars(
                select(Question.key).where(Question.bank_id == quiz.bank_id,
                                           Question.retired.is_(False))
                .order_by(Question.position)))
        settings["selection"] = {"fixed": keys}
    settings.setdefault("title", quiz.title)
    settings.setdefault("credit_hours", Decimal(0))
    version = QuizVersion(quiz_id=quiz.id, number=number, source=ContentSource.FILE,
                          content_hash=f"test-{quiz.slug}-{number}", mode=quiz.mode,
                          **settings)
    db.session.add(version)
    db.session.flush()
    quiz.current_version = version
    db.session.flush()
    return version
