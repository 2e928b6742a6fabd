"""Sign-in state of a meeting and the wrong codes typed into it.

`MeetingSignin` exists once the host has opened sign-in: its random secret makes the
rotating codes (codes.py); `closed_at` set means the host closed it. Each wrong code is a
`SigninFailure` row (inserts never lose a count between workers, as a counter could),
and the recent ones lock code entry for that member at that meeting (services.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from learnhub.core.db import Base, UTCDateTime


class MeetingSignin(Base):
    __tablename__ = "meeting_signin"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    secret: Mapped[str] = mapped_column(String(64))  # hex of 32 random bytes
    with_code: Mapped[bool] = mapped_column(Boolean, default=True)  # False: online, a button
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class SigninFailure(Base):
    __tablename__ = "meeting_signin_failure"
    __table_args__ = (Index("ix_meeting_signin_failure_member", "meeting_id", "member_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
