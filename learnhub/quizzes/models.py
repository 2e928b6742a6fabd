"""Question banks, versioned questions, quizzes and their versions.

A question keeps every version it had once learners saw it: attempts point at the
`QuestionVersion` they showed, so editing a question never changes a past attempt
(a regrade does, on purpose, with an audit entry). A quiz's version holds its settings;
its questions are either fixed (question keys, in order) or drawn per attempt from
bank categories (`selection`).
"""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnhub.core.db import Base, TimestampMixin, UTCDateTime, _now, value_enum
from learnhub.courses.models import ContentSource, Course
from learnhub.org.models import Member, Unit
from learnhub.quizzes.questions.spec import Choice, QuestionSpec, QuestionType


class QuizMode(enum.StrEnum):
    QUIZ = "quiz"  # 测验: graded, may be required by a course, may give credit
    PRACTICE = "practice"  # 练习: immediate feedback, no credit, no ranking
    CONTEST = "contest"  # 知识竞赛: one window, same questions for all, ranked


class QuizStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class GradingMethod(enum.StrEnum):
    HIGHEST = "highest"
    LAST = "last"
    AVERAGE = "average"
    FIRST = "first"


class ReviewWhen(enum.StrEnum):
    IMMEDIATELY = "immediately"  # right after submitting
    AFTER_CLOSE = "after_close"  # once the quiz's window has closed
    NEVER = "never"


# What the learner may see of a submitted attempt, each with its ReviewWhen.
REVIEW_PARTS = ("score", "responses", "correct", "explanations")


class QuestionBank(TimestampMixin, Base):
    """A named set of questions with categories: a quiz file's own questions (same slug
    as the quiz), or an imported bank that quizzes draw from."""

    __tablename__ = "question_bank"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    owner_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id"), index=True)
    source: Mapped[ContentSource] = mapped_column(value_enum(ContentSource, 8))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))

    owner_unit: Mapped[Unit | None] = relationship(lazy="select")
    course: Mapped[Course | None] = relationship(lazy="select")
    questions: Mapped[list[Question]] = relationship(
        back_populates="bank", lazy="raise", order_by="Question.position")

    def __repr__(self) -> str:
        return f"<QuestionBank {self.slug}>"


class Question(Base):
    """A question of a bank, identified by `key` within it across versions.
    `category` and `retired` follow the current version, for drawing in SQL."""

    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("bank_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("question_bank.id"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    category: Mapped[str] = mapped_column(String(100), default="", index=True)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)  # gone from the source
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_version.id", use_alter=True))

    bank: Mapped[QuestionBank] = relationship(back_populates="questions", lazy="select")
    current_version: Mapped[QuestionVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True, lazy="select")


class QuestionVersion(Base):
    """One version of a question, immutable once an attempt showed it. `data` holds the
    choices (text, correct, weight, feedback, tolerance) and the type's options;
    `spec()` gives it back as a QuestionSpec for grading and export."""

    __tablename__ = "question_version"
    __table_args__ = (
        UniqueConstraint("question_id", "number"),
        CheckConstraint("points > 0", name="points_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    type: Mapped[QuestionType] = mapped_column(value_enum(QuestionType))
    category: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    points: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(1))
    prompt_markdown: Mapped[str] = mapped_column(Text)
    prompt_html: Mapped[str] = mapped_column(Text)
    explanation_markdown: Mapped[str] = mapped_column(Text, default="")
    explanation_html: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))

    question: Mapped[Question] = relationship(foreign_keys=[question_id], lazy="select")

    def spec(self) -> QuestionSpec:
        return spec_from_data(self)


def spec_data(spec: QuestionSpec) -> dict:
    """What `QuestionVersion.data` keeps of a spec (besides its own columns)."""
    return {
        "choices": [{"text": c.text, "correct": c.correct, "weight": c.weight,
                     "feedback": c.feedback,
                     "tolerance": None if c.tolerance is None else str(c.tolerance)}
                    for c in spec.choices],
        "partial_credit": spec.partial_credit,
        "min_chars": spec.min_chars,
    }


def spec_from_data(version: QuestionVersion) -> QuestionSpec:
    data = version.data or {}
    return QuestionSpec(
        type=QuestionType(version.type), prompt=version.prompt_markdown,
        choices=tuple(Choice(text=c["text"], correct=bool(c.get("correct")),
                             weight=c.get("weight"), feedback=c.get("feedback", ""),
                             tolerance=None if c.get("tolerance") is None
                             else Decimal(c["tolerance"]))
                      for c in data.get("choices", [])),
        key=version.question.key if "question" in version.__dict__ else "",
        title=version.title, category=version.category, points=version.points,
        partial_credit=bool(data.get("partial_credit")), explanation=version.explanation_markdown,
        min_chars=int(data.get("min_chars") or 0))


class Quiz(TimestampMixin, Base):
    """A quiz, practice set or contest, identified by its slug (`quizzes/<slug>.md`).
    With `course_id`, passing it is part of completing that course (when its version
    says `required`)."""

    __tablename__ = "quiz"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    mode: Mapped[QuizMode] = mapped_column(value_enum(QuizMode), default=QuizMode.QUIZ, index=True)
    status: Mapped[QuizStatus] = mapped_column(value_enum(QuizStatus), default=QuizStatus.DRAFT,
                                               index=True)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id"), index=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("question_bank.id"))
    owner_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("quiz_version.id", use_alter=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    last_file_hash: Mapped[str | None] = mapped_column(String(64))

    course: Mapped[Course | None] = relationship(lazy="select")
    bank: Mapped[QuestionBank] = relationship(lazy="select")
    owner_unit: Mapped[Unit | None] = relationship(lazy="select")
    created_by: Mapped[Member | None] = relationship(lazy="select")
    current_version: Mapped[QuizVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True, lazy="select")

    @property
    def is_published(self) -> bool:
        return self.status == QuizStatus.PUBLISHED and self.current_version_id is not None

    def __repr__(self) -> str:
        return f"<Quiz {self.slug}>"


class QuizVersion(Base):
    """The settings of one published version of a quiz.

    `selection` is {"fixed": [question keys in order]} or {"draw": [{"bank": slug,
    "category": name, "count": n}, ...]}; `review` maps each of REVIEW_PARTS to a
    ReviewWhen value. `attempts_allowed` 0 means unlimited.
    """

    __tablename__ = "quiz_version"
    __table_args__ = (
        UniqueConstraint("quiz_id", "number"),
        CheckConstraint("pass_percent BETWEEN 0 AND 100", name="pass_percent_range"),
        CheckConstraint("attempts_allowed >= 0", name="attempts_not_negative"),
        CheckConstraint("cooldown_minutes >= 0", name="cooldown_not_negative"),
        CheckConstraint("time_limit_minutes IS NULL OR time_limit_minutes > 0",
                        name="time_limit_positive"),
        CheckConstraint("credit_hours >= 0", name="credit_hours_not_negative"),
        CheckConstraint("closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at",
                        name="window_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    source: Mapped[ContentSource] = mapped_column(value_enum(ContentSource, 8))
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    description_markdown: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    mode: Mapped[QuizMode] = mapped_column(value_enum(QuizMode), default=QuizMode.QUIZ)
    required: Mapped[bool] = mapped_column(Boolean, default=True)  # for its course
    selection: Mapped[dict] = mapped_column(JSON, default=dict)
    shuffle_questions: Mapped[bool] = mapped_column(Boolean, default=False)
    shuffle_choices: Mapped[bool] = mapped_column(Boolean, default=True)
    pass_percent: Mapped[int] = mapped_column(Integer, default=60)
    time_limit_minutes: Mapped[int | None] = mapped_column(Integer)
    attempts_allowed: Mapped[int] = mapped_column(Integer, default=0)
    cooldown_minutes: Mapped[int] = mapped_column(Integer, default=0)
    grading_method: Mapped[GradingMethod] = mapped_column(value_enum(GradingMethod),
                                                          default=GradingMethod.HIGHEST)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    review: Mapped[dict] = mapped_column(JSON, default=dict)
    credit_hours: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    show_names: Mapped[bool] = mapped_column(Boolean, default=False)  # contest board
    audience: Mapped[dict] = mapped_column(JSON, default=dict)  # like a course's
    markdown: Mapped[str] = mapped_column(Text, default="")  # the source, for export
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)

    quiz: Mapped[Quiz] = relationship(foreign_keys=[quiz_id], lazy="select")

    def review_when(self, part: str) -> ReviewWhen:
        return ReviewWhen((self.review or {}).get(part, ReviewWhen.IMMEDIATELY))
