"""Courses assigned as required (必修) to a unit's subtree, with a due date."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnhub.core.db import Base, UTCDateTime, _now
from learnhub.courses.models import Course
from learnhub.org.models import Member, Unit


class CourseAssignment(Base):
    """A course made required (必修) for everyone in a unit's subtree, by a due date."""

    __tablename__ = "course_assignment"
    __table_args__ = (UniqueConstraint("course_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)

    course: Mapped[Course] = relationship(lazy="raise")
    unit: Mapped[Unit] = relationship(lazy="joined", innerjoin=True)
    assigned_by: Mapped[Member | None] = relationship(lazy="raise")
