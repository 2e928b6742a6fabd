"""Practice items (a question shown to a member outside an attempt, then answered) and
each member's 每日一练 set per day.

A `PracticeItem` is written when the question is shown, with the order its choices were
shown in, so the browser only ever sends shown positions and never learns the original
order; answering fills `response`, `score_share` and `answered_at` once (a
compare-and-set UPDATE, so a double click answers once). One unanswered practice item
per member and bank (a partial unique index): a reload shows the same question.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnhub.core.db import Base, UTCDateTime, value_enum
from learnhub.quizzes.models import QuestionVersion


class PracticeSource(enum.StrEnum):
    PRACTICE = "practice"  # 练习: chosen from a bank
    DAILY = "daily"  # 每日一练


class DailySet(Base):
    """The questions a member gets on one day (in their time zone): made once, by the
    first request of the day; a concurrent second request meets the unique constraint
    and reads the first one's set."""

    __tablename__ = "daily_practice_set"
    __table_args__ = (UniqueConstraint("member_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    day: Mapped[date] = mapped_column(Date)
    size: Mapped[int] = mapped_column(Integer)  # how many questions it holds
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # all answered

    items: Mapped[list[PracticeItem]] = relationship(
        back_populates="daily_set", lazy="raise", order_by="PracticeItem.position")


class PracticeItem(Base):
    __tablename__ = "practice_item"
    __table_args__ = (
        UniqueConstraint("daily_set_id", "position"),
        Index("uq_practice_item_pending", "member_id", "bank_id", unique=True,
              sqlite_where=text("answered_at IS NULL AND source = 'practice'"),
              postgresql_where=text("answered_at IS NULL AND source = 'practice'")),
        Index("ix_practice_item_member_question", "member_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    bank_id: Mapped[int] = mapped_column(ForeignKey("question_bank.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"))
    source: Mapped[PracticeSource] = mapped_column(
        value_enum(PracticeSource, 8))
    daily_set_id: Mapped[int | None] = mapped_column(ForeignKey("daily_practice_set.id"))
    position: Mapped[int | None] = mapped_column(Integer)  # within the daily set
    choice_order: Mapped[list[int]] = mapped_column(JSON, default=list)  # shown → index
    shown_at: Mapped[datetime] = mapped_column(UTCDateTime())
    response: Mapped[object | None] = mapped_column(JSON)  # original indexes, or text
    score_share: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))  # 0..1
    correct: Mapped[bool | None] = mapped_column(Boolean)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    question_version: Mapped[QuestionVersion] = relationship(lazy="raise")
    daily_set: Mapped[DailySet | None] = relationship(back_populates="items", lazy="raise")
