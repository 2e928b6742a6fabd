"""What learners do with courses: enrolments, per-lesson study time, the one lesson a
member is studying right now, and completions.

Progress is kept by lesson *key* (the same in every version of a course), so a new
version never erases it; a completion names the version it was earned on.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnhub.core.db import Base, UTCDateTime, _now
from learnhub.courses.models import Course, CourseVersion
from learnhub.org.models import Member


class Enrolment(Base):
    """A member has opened a course; `last_lesson_key` is where "继续学习" resumes."""

    __tablename__ = "enrolment"
    __table_args__ = (
        UniqueConstraint("member_id", "course_id"),
        Index("ix_enrolment_course_member", "course_id", "member_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    last_lesson_key: Mapped[str | None] = mapped_column(String(100))
    last_opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)

    course: Mapped[Course] = relationship(lazy="raise")
    member: Mapped[Member] = relationship(lazy="raise")


class LessonProgress(Base):
    """Engaged time on one lesson (by key), credited by accepted heartbeats only.

    `studied_at`, `studied_version_id` and `studied_content_hash` say when the time first
    reached the required share and on which version (the lesson's text at the time).
    """

    __tablename__ = "lesson_progress"
    __table_args__ = (
        UniqueConstraint("member_id", "course_id", "lesson_key"),
        Index("ix_lesson_progress_course_key", "course_id", "lesson_key"),
        CheckConstraint("seconds_studied >= 0", name="seconds_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    lesson_key: Mapped[str] = mapped_column(String(100))
    seconds_studied: Mapped[int] = mapped_column(Integer, default=0)
    studied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    studied_version_id: Mapped[int | None] = mapped_column(ForeignKey("course_version.id"))
    studied_content_hash: Mapped[str | None] = mapped_column(String(64))
    last_heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ActiveStudy(Base):
    """The one lesson a member is studying now: one row per member, so a second tab that
    opens a lesson takes over and the first tab's heartbeats stop counting.

    `token` is issued with the page; `seq` is the last accepted heartbeat's number, so a
    replayed or reordered heartbeat is refused. `last_beat_at` is the instant time has been
    credited up to: the last accepted beat's time less the fraction of a second it could
    not credit, which the next beat then credits (rules.beat_credit). `required_seconds`
    and `content_hash` are copied from the lesson at open time so a heartbeat needs no
    lesson query.
    """

    __tablename__ = "active_study"
    __table_args__ = (CheckConstraint("seq >= 0", name="seq_not_negative"),)

    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("course_version.id"))
    lesson_key: Mapped[str] = mapped_column(String(100))
    progress_id: Mapped[int] = mapped_column(ForeignKey("lesson_progress.id"))
    token: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    required_seconds: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    last_beat_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)


class CourseCompletion(Base):
    """A member completed a course, once, on the version they studied; credit goes to the
    ledger (`ledger_entry_id`)."""

    __tablename__ = "course_completion"
    __table_args__ = (
        UniqueConstraint("member_id", "course_id"),
        Index("ix_course_completion_course_member", "course_id", "member_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("course_version.id"))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    ledger_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entry.id"))

    version: Mapped[CourseVersion] = relationship(lazy="raise")
