"""One notification for one member: what it says in their language, where it points, and
whether it was read and emailed.

Title and body are rendered when the notification is made, in the member's language and
time zone (they are what the member is told at that moment, like an email); `link` is a
path inside LearnHub.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from learnhub.core.db import Base, UTCDateTime


class Notification(Base):
    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_member_created", "member_id", "created_at"),
        # The menu badge counts these on every page: an index of unread rows only.
        Index("ix_notification_unread", "member_id",
              postgresql_where=text("read_at IS NULL"), sqlite_where=text("read_at IS NULL")),
        # What the email job looks for on every run.
        Index("ix_notification_email_pending", "created_at",
              postgresql_where=text("email_sent_at IS NULL"),
              sqlite_where=text("email_sent_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    kind: Mapped[str] = mapped_column(String(64))  # e.g. meeting.invitation
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")  # plain text
    link: Mapped[str] = mapped_column(String(500), default="")  # a path, e.g. /meetings/3
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    email_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    email_error: Mapped[str] = mapped_column(String(500), default="")
    email_attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Taken by a `jobs run` that is sending it; another run leaves it alone until the
    # lease ends (emailing.LEASE), so two runs at once never send it twice.
    email_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
