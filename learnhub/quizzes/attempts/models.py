"""Attempts, the items each showed, and each member's outcome per quiz.

One open attempt per member and quiz is a database rule (a partial unique index);
an attempt is graded by the one request whose UPDATE moves it out of `open`, so a
double submit grades once. Each item records the question version it showed and the
order its choices were shown in; responses are indexes into the version's choices.
"""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from learnhub.core.db import Base, UTCDateTime, value_enum
from learnhub.org.models import Member
from learnhub.quizzes.attempts.answers import chosen_mask
from learnhub.quizzes.models import QuestionVersion, Quiz, QuizVersion


class AttemptState(enum.StrEnum):
    OPEN = "open"
    MARKING = "marking"  # submitted; a 心得 waits for a trainer's mark
    GRADED = "graded"


class Attempt(Base):
    __tablename__ = "quiz_attempt"
    __table_args__ = (
        UniqueConstraint("quiz_id", "member_id", "number"),
        Index("uq_quiz_attempt_open", "quiz_id", "member_id", unique=True,
              sqlite_where=text("state = 'open'"), postgresql_where=text("state = 'open'")),
        Index("ix_quiz_attempt_version_state", "quiz_version_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"))
    quiz_version_id: Mapped[int] = mapped_column(ForeignKey("quiz_version.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 ... per member and quiz
    state: Mapped[AttemptState] = mapped_column(
        value_enum(AttemptState, 8), default=AttemptState.OPEN)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    seconds_taken: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    max_score: Mapped[Decimal] = mapped_column(Numeric(8, 2), default=Decimal(0))
    percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    passed: Mapped[bool | None] = mapped_column(Boolean)
    auto_submitted: Mapped[bool] = mapped_column(Boolean, default=False)  # by the deadline

    quiz: Mapped[Quiz] = relationship(lazy="select")
    quiz_version: Mapped[QuizVersion] = relationship(lazy="select")
    member: Mapped[Member] = relationship(lazy="select")
    items: Mapped[list[AttemptItem]] = relationship(
        back_populates="attempt", lazy="raise", order_by="AttemptItem.position")


class AttemptItem(Base):
    __tablename__ = "quiz_attempt_item"
    __table_args__ = (UniqueConstraint("attempt_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempt.id"))
    position: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 ... as shown
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"),
                                                     index=True)
    choice_order: Mapped[list[int]] = mapped_column(JSON, default=list)  # shown → index
    response: Mapped[object | None] = mapped_column(JSON)
    # The options `response` chose as a bitmask (answers.chosen_mask), for item analysis;
    # written with every response: set here on the ORM path, in the UPDATEs of saving and
    # grading, and by anything else that writes responses with Core statements.
    chosen: Mapped[int | None] = mapped_column(BigInteger)
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    score: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))  # None: not graded yet
    # The version whose key graded the item when a regrade re-scored it with a corrected
    # key (NULL: its own version's). The item still showed `question_version_id`; review
    # pages take the prompt and choice texts from it and the key from this one.
    graded_with_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_version.id"))
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    marked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    mark_comment: Mapped[str] = mapped_column(String(2000), default="")

    attempt: Mapped[Attempt] = relationship(back_populates="items", lazy="select")
    question_version: Mapped[QuestionVersion] = relationship(
        lazy="select", foreign_keys=[question_version_id])

    @validates("response")
    def _keep_chosen(self, _key: str, response: object) -> object:
        self.chosen = chosen_mask(response)
        return response


class QuizOutcome(Base):
    """A member's standing on a quiz by its grading method, kept current as attempts are
    graded: what completion, credit and results read."""

    __tablename__ = "quiz_outcome"
    __table_args__ = (UniqueConstraint("quiz_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    passed: Mapped[bool] = mapped_column(Boolean, default=False)
    passed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ledger_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entry.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(String(200), default="")
