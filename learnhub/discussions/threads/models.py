"""Posts of a meeting's discussion. A reply names its parent (a top-level post: replies go
one level deep). A hidden post keeps its text: its author and the host still read it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnhub.core.db import Base, UTCDateTime
from learnhub.org.models import Member


class MeetingPost(Base):
    __tablename__ = "meeting_post"
    __table_args__ = (Index("ix_meeting_post_thread", "meeting_id", "parent_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_post.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    body_markdown: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    reflection: Mapped[bool] = mapped_column(Boolean, default=False)  # 心得
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    hidden_reason: Mapped[str] = mapped_column(String(500), default="")

    author: Mapped[Member] = relationship(foreign_keys=[author_id], lazy="raise")

    @property
    def hidden(self) -> bool:
        return self.hidden_at is not None
