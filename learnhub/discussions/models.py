"""Meeting kinds, series, meetings (one occurrence each) and invitations.

Times are stored in UTC with the time zone they were scheduled in: a series keeps its
RFC 5545 rule and local start, so occurrences are expanded with `zoneinfo` and keep their
local time across any rule change of the zone. Each occurrence is a `Meeting` row (so it
can be moved, cancelled, attended and minuted on its own); `occurrence_start` (the UTC
start the rule gave it, RFC 5545's RECURRENCE-ID) keeps it tied to its series.

An `Invitation` is one member's place in one meeting: their reply (RSVP or leave), the
host's decision on leave, and their attendance, set by sign-in or by hand.
"""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnhub.core.db import Base, TimestampMixin, UTCDateTime, value_enum
from learnhub.org.models import Member, Unit


class Frequency(enum.StrEnum):
    """How often a unit is expected to hold a kind of meeting (for compliance)."""

    NONE = "none"  # as needed
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"


class MeetingStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    HELD = "held"  # its minutes were approved


class Reply(enum.StrEnum):
    NONE = "none"
    ATTENDING = "attending"
    LEAVE_REQUESTED = "leave_requested"  # 请假, waiting for the host
    LEAVE_APPROVED = "leave_approved"
    LEAVE_REJECTED = "leave_rejected"


class Attendance(enum.StrEnum):
    UNKNOWN = "unknown"  # not signed in, not set by hand
    PRESENT = "present"
    LATE = "late"
    EXCUSED = "excused"  # approved leave
    ABSENT = "absent"


class MeetingKind(TimestampMixin, Base):
    """A kind of meeting (支部党员大会, 支部委员会, 党小组会, 党课, 主题党日, 专题研讨,
    组织生活会 …): what attending it is worth and how often a unit must hold it. Seeded
    with defaults; each organisation edits its own."""

    __tablename__ = "meeting_kind"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    credit_hours: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    frequency: Mapped[Frequency] = mapped_column(value_enum(Frequency), default=Frequency.NONE)
    late_counts: Mapped[bool] = mapped_column(Boolean, default=True)  # late members credited
    is_seminar: Mapped[bool] = mapped_column(Boolean, default=False)  # 专题研讨 pages
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (CheckConstraint("credit_hours >= 0", name="credit_hours_not_negative"),)


class MeetingSeries(TimestampMixin, Base):
    """A recurring meeting: the rule (RFC 5545 RRULE text, e.g. `FREQ=MONTHLY;BYDAY=2TU;
    COUNT=12`), the local start of the first occurrence in `timezone`, and the fields its
    occurrences start from."""

    __tablename__ = "meeting_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    kind_id: Mapped[int] = mapped_column(ForeignKey("meeting_kind.id"))
    title: Mapped[str] = mapped_column(String(200))
    rrule: Mapped[str] = mapped_column(String(500))
    first_start_local: Mapped[datetime] = mapped_column()  # naive, in `timezone`
    timezone: Mapped[str] = mapped_column(String(64))
    duration_minutes: Mapped[int] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))

    unit: Mapped[Unit] = relationship(lazy="select")
    kind: Mapped[MeetingKind] = relationship(lazy="select")


class Meeting(TimestampMixin, Base):
    """One meeting (a one-off, or one occurrence of a series). `uid` and `sequence` are
    its iCalendar identity: `sequence` goes up with every change invitees should see.
    `audience` is {"unit_id": id, "subtree": bool, "member_ids": [ids]}; the invitations
    are its expansion at the time of scheduling (and of each change)."""

    __tablename__ = "meeting"
    __table_args__ = (
        UniqueConstraint("series_id", "occurrence_start"),
        Index("ix_meeting_unit_starts", "unit_id", "starts_at"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(100), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    kind_id: Mapped[int] = mapped_column(ForeignKey("meeting_kind.id"), index=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_series.id"))
    occurrence_start: Mapped[datetime | None] = mapped_column(UTCDateTime())
    title: Mapped[str] = mapped_column(String(200))
    theme: Mapped[str] = mapped_column(String(200), default="")  # 专题研讨's theme
    agenda_markdown: Mapped[str] = mapped_column(Text, default="")
    agenda_html: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    timezone: Mapped[str] = mapped_column(String(64))
    place: Mapped[str] = mapped_column(String(200), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    host_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    recorder_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    audience: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[MeetingStatus] = mapped_column(value_enum(MeetingStatus),
                                                  default=MeetingStatus.SCHEDULED, index=True)
    cancel_reason: Mapped[str] = mapped_column(String(500), default="")
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    # The attendance counted when the minutes were approved (it is locked then), so the
    # compliance view sums meetings, not invitations; None while not held (cleared when
    # the minutes are reopened). Written by `minutes.attendance.store_counts`.
    invited_count: Mapped[int | None] = mapped_column(Integer)
    present_count: Mapped[int | None] = mapped_column(Integer)
    late_count: Mapped[int | None] = mapped_column(Integer)
    excused_count: Mapped[int | None] = mapped_column(Integer)
    absent_count: Mapped[int | None] = mapped_column(Integer)

    unit: Mapped[Unit] = relationship(lazy="select")
    kind: Mapped[MeetingKind] = relationship(lazy="select")
    series: Mapped[MeetingSeries | None] = relationship(lazy="select")
    host: Mapped[Member | None] = relationship(foreign_keys=[host_id], lazy="select")
    recorder: Mapped[Member | None] = relationship(foreign_keys=[recorder_id], lazy="select")


class MeetingReading(Base):
    """Preparation reading (会前学习): a course, or one lesson of it by key."""

    __tablename__ = "meeting_reading"
    __table_args__ = (UniqueConstraint("meeting_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"),
                                            index=True)
    position: Mapped[int] = mapped_column(Integer)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    lesson_key: Mapped[str | None] = mapped_column(String(100))


class Invitation(Base):
    __tablename__ = "meeting_invitation"
    __table_args__ = (
        UniqueConstraint("meeting_id", "member_id"),
        Index("ix_meeting_invitation_member", "member_id", "meeting_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    reply: Mapped[Reply] = mapped_column(value_enum(Reply), default=Reply.NONE)
    leave_reason: Mapped[str] = mapped_column(String(500), default="")
    leave_decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    leave_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    leave_decision_note: Mapped[str] = mapped_column(String(500), default="")
    attendance: Mapped[Attendance] = mapped_column(value_enum(Attendance),
                                                   default=Attendance.UNKNOWN)
    attendance_reason: Mapped[str] = mapped_column(String(500), default="")
    signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attendance_set_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    ledger_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entry.id"))
    speaker: Mapped[bool] = mapped_column(Boolean, default=False)  # 重点发言 (seminars)
    # What the invitee was told (discussions.reminders): the meeting's `sequence` at the
    # last notice (None: never invited yet), and when they were reminded of the start.
    notified_sequence: Mapped[int | None] = mapped_column(Integer)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    meeting: Mapped[Meeting] = relationship(lazy="select")
    member: Mapped[Member] = relationship(foreign_keys=[member_id], lazy="select")
