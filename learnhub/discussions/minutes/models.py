"""A meeting's minutes (one row per meeting, its `revision` counting saves) and their
action items. Attendance stays on the invitations (`discussions.models.Invitation`)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnhub.core.db import Base, UTCDateTime, value_enum
from learnhub.org.models import Member


class MinutesStatus(enum.StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"


class MeetingMinutes(Base):
    __tablename__ = "meeting_minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), unique=True)
    status: Mapped[MinutesStatus] = mapped_column(
        value_enum(MinutesStatus, 16), default=MinutesStatus.DRAFT)
    revision: Mapped[int] = mapped_column(Integer, default=1)  # +1 on every save
    topics_markdown: Mapped[str] = mapped_column(Text, default="")
    topics_html: Mapped[str] = mapped_column(Text, default="")
    decisions_markdown: Mapped[str] = mapped_column(Text, default="")
    decisions_html: Mapped[str] = mapped_column(Text, default="")
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    approved_by: Mapped[Member | None] = relationship(foreign_keys=[approved_by_id],
                                                      lazy="raise")


class ActionItem(Base):
    """One row of the action items (task, owner, due date), in the order written."""

    __tablename__ = "minutes_action_item"
    __table_args__ = (UniqueConstraint("minutes_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_minutes.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    task: Mapped[str] = mapped_column(String(500))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    due_on: Mapped[date | None] = mapped_column(Date)
