"""What a seminar keeps beyond its meeting row: its settings, preparation documents and
members' 心得. Its conclusions and action items are its minutes' decisions and action
items (`discussions.minutes.models`).

The theme lives on `Meeting.theme` and the speakers on `Invitation.speaker`; these tables
hold only what a seminar adds. Documents point at `asset_blob` (bytes stored once per
sha256, shared with course files), so nothing is kept on a local disk.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnhub.authoring.models import AssetBlob
from learnhub.core.db import Base, UTCDateTime, _now
from learnhub.org.models import Member

DEFAULT_MIN_REFLECTION_CHARS = 200


class SeminarSetting(Base):
    """Per-seminar settings; a seminar without a row uses the defaults."""

    __tablename__ = "seminar_setting"
    __table_args__ = (CheckConstraint("min_reflection_chars >= 0",
                                      name="min_reflection_chars_not_negative"),)

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"),
                                            primary_key=True)
    min_reflection_chars: Mapped[int] = mapped_column(Integer,
                                                      default=DEFAULT_MIN_REFLECTION_CHARS)


class SeminarDocument(Base):
    """A preparation document (PDF, Word, Excel) the host attached to the seminar."""

    __tablename__ = "seminar_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"),
                                            index=True)
    blob_id: Mapped[int] = mapped_column(ForeignKey("asset_blob.id"))
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)

    blob: Mapped[AssetBlob] = relationship(lazy="select")


class SeminarReflection(Base):
    """One member's written 心得 for one seminar: Markdown as typed, sanitised HTML shown."""

    __tablename__ = "seminar_reflection"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"),
                                            index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    markdown: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)

    member: Mapped[Member] = relationship(lazy="raise")
