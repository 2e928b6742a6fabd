"""A member's secret feed URL, kept only as the SHA-256 of its token.

The token itself is shown once, when it is made; a lost one is regenerated, never
recovered. Revoking keeps the row (when it was made and revoked stays visible); at most
one unrevoked token per member, held by a partial unique index so two clicks on
"regenerate" at once cannot leave two live URLs.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnhub.core.db import Base, UTCDateTime
from learnhub.org.models import Member


class CalendarFeedToken(Base):
    __tablename__ = "calendar_feed_token"
    __table_args__ = (
        Index("uq_calendar_feed_token_live", "member_id", unique=True,
              sqlite_where=text("revoked_at IS NULL"),
              postgresql_where=text("revoked_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    member: Mapped[Member] = relationship(lazy="raise")
