"""Training done elsewhere (线下/外部培训): declared by a member or recorded by a manager;
approval credits it through the ledger."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnhub.core.db import Base, UTCDateTime, _now, value_enum
from learnhub.org.models import Member
from learnhub.records.models import LedgerEntry


class OfflineStatus(enum.StrEnum):
    PENDING = "pending"  # 待审核
    APPROVED = "approved"  # 已通过
    REJECTED = "rejected"  # 已退回
    WITHDRAWN = "withdrawn"  # 已撤回
    REVOKED = "revoked"  # 已撤销: approved, then its ledger entry reversed


class OfflineTraining(Base):
    """One training: who, what, where, when, how many 学时, the evidence, the decision.
    `import_key` makes a bulk re-import idempotent (the same row is the same training)."""

    __tablename__ = "offline_training"
    __table_args__ = (
        CheckConstraint("hours > 0", name="hours_positive"),
        CheckConstraint("ended_on >= started_on", name="dates_in_order"),
        UniqueConstraint("import_key"),
        Index("ix_offline_training_member_status", "member_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    title: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(200), default="")
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date] = mapped_column(Date)
    hours: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    note: Mapped[str] = mapped_column(Text, default="")
    # The evidence file (证明材料) in the asset store, by content hash; its name as uploaded.
    evidence_hash: Mapped[str | None] = mapped_column(String(64))
    evidence_name: Mapped[str] = mapped_column(String(255), default="")
    evidence_type: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[OfflineStatus] = mapped_column(value_enum(OfflineStatus), default=OfflineStatus.PENDING)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_reason: Mapped[str] = mapped_column(String(500), default="")
    ledger_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entry.id"))
    import_key: Mapped[str | None] = mapped_column(String(64))

    member: Mapped[Member] = relationship(foreign_keys=[member_id], lazy="raise")
    submitted_by: Mapped[Member | None] = relationship(foreign_keys=[submitted_by_id], lazy="raise")
    decided_by: Mapped[Member | None] = relationship(foreign_keys=[decided_by_id], lazy="raise")
    ledger_entry: Mapped[LedgerEntry | None] = relationship(lazy="raise")
