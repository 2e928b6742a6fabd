"""LedgerEntry: one line of credit hours (学时), never updated or deleted."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from learnhub.core.db import Base, UTCDateTime, _now
from learnhub.org.models import Member


class LedgerEntry(Base):
    """A credit (or a reversal of one). A source credits a member at most once per kind."""

    __tablename__ = "ledger_entry"
    __table_args__ = (
        # Idempotent per source: one original entry per (member, kind, source).
        Index(
            "uq_ledger_entry_source",
            "member_id", "kind", "source_type", "source_id",
            unique=True,
            sqlite_where=text("reverses_id IS NULL"),
            postgresql_where=text("reverses_id IS NULL"),
        ),
        UniqueConstraint("reverses_id"),
        # Covering: a member's (or everyone's) year summed by kind reads the index alone
        # (requirement status of 20,000 members over 1,000,000 entries, docs/performance.md).
        Index("ix_ledger_entry_member_occurred_kind_hours",
              "member_id", "occurred_on", "kind", "credit_hours"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    kind: Mapped[str] = mapped_column(String(32))
    source_type: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[str] = mapped_column(String(64))
    credit_hours: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    occurred_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entry.id"))
    note: Mapped[str] = mapped_column(String(500), default="")

    member: Mapped[Member] = relationship(foreign_keys=[member_id], lazy="raise")
    recorded_by: Mapped[Member | None] = relationship(foreign_keys=[recorded_by_id], lazy="raise")
    reverses: Mapped[LedgerEntry | None] = relationship(remote_side="LedgerEntry.id", lazy="raise")

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


class ClosedYear(Base):
    """A year an admin closed (年度关账): from then on its entries change only through
    audited corrections (records.services.credit with a correction reason, or reverse)."""

    __tablename__ = "closed_year"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    note: Mapped[str] = mapped_column(String(500), default="")

    closed_by: Mapped[Member | None] = relationship(lazy="raise")


class LedgerIsAppendOnly(Exception):
    """Raised when code tries to update or delete a ledger entry."""


@event.listens_for(Session, "before_flush")
def _guard_ledger(session: Session, flush_context, instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, LedgerEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise LedgerIsAppendOnly("ledger entries are never updated or deleted")
