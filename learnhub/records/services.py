"""The only way credit enters or leaves the ledger: `credit` and `reverse`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import extract, func, select
from sqlalchemy.exc import IntegrityError

from learnhub.core.errors import Conflict, ValidationFailed
from learnhub.core.feature import registry
from learnhub.core.timeutil import local_today
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member
from learnhub.records.models import ClosedYear, LedgerEntry

CREDIT_QUANTUM = Decimal("0.01")


class AlreadyReversed(Conflict):
    code = "already_reversed"
    message = "该记录已被冲销。"


class YearClosed(Conflict):
    code = "year_closed"
    message = "%(year)s 年度已关账，只能通过审计更正修改。"


def is_year_closed(year: int) -> bool:
    return db.session.get(ClosedYear, year) is not None


def closed_years() -> set[int]:
    return set(db.session.scalars(select(ClosedYear.year)))


def _existing(member_id: int, kind: str, source_type: str, source_id: str) -> LedgerEntry | None:
    return db.session.scalar(
        select(LedgerEntry).where(
            LedgerEntry.member_id == member_id,
            LedgerEntry.kind == kind,
            LedgerEntry.source_type == source_type,
            LedgerEntry.source_id == source_id,
            LedgerEntry.reverses_id.is_(None),
        )
    )


def credit(
    member: Member,
    *,
    kind: str,
    source_type: str,
    source_id: str | int,
    credit_hours: Decimal | str | int,
    occurred_on: date,
    recorded_by: Member | None = None,
    note: str = "",
    correction_reason: str | None = None,
) -> LedgerEntry:
    """Credit a member once per source: a repeat call returns the existing entry. `kind`
    is one a feature registered (Feature.ledger_sources), so every entry can be named. A
    closed year takes an entry only as a correction: with a reason, by an actor, audited."""
    if kind not in {source.kind for source in registry().ledger_sources}:
        raise ValueError(f"ledger kind {kind!r} is not registered by any feature")
    hours = Decimal(str(credit_hours)).quantize(CREDIT_QUANTUM)
    if hours < 0:
        raise ValidationFailed("学时不能为负数。")
    source_id = str(source_id)
    found = _existing(member.id, kind, source_type, source_id)
    if found is not None:
        return found
    correcting = _check_open_year(occurred_on, recorded_by, correction_reason)
    entry = LedgerEntry(
        member_id=member.id, kind=kind, source_type=source_type, source_id=source_id,
        credit_hours=hours, occurred_on=occurred_on,
        recorded_by_id=recorded_by.id if recorded_by else None, note=note,
    )
    try:
        with db.session.begin_nested():
            db.session.add(entry)
    except IntegrityError:
        # A concurrent request credited the same source first: return its entry.
        found = _existing(member.id, kind, source_type, source_id)
        if found is None:
            raise
        return found
    if correcting:
        record_audit(recorded_by, "ledger.correct", "ledger_entry", entry.id,
                     summary=f"{hours} → {(correction_reason or '').strip()}",
                     details={"member_id": member.id, "year": occurred_on.year,
                              "kind": kind, "source": f"{source_type}:{source_id}"})
    return entry


def _check_open_year(occurred_on: date, actor: Member | None, reason: str | None) -> bool:
    """True when the entry is a correction of a closed year; YearClosed when it would be
    one without a reason or an actor. Only a past year can be closed, so this year's
    credit (nearly all of it) costs no query."""
    if occurred_on.year >= local_today().year or not is_year_closed(occurred_on.year):
        return False
    if actor is None or not (reason or "").strip():
        raise YearClosed(year=occurred_on.year)
    return True


def reverse(entry: LedgerEntry, *, actor: Member, reason: str, occurred_on: date) -> LedgerEntry:
    """Cancel an entry with a compensating one that names it, who did it and why."""
    if not reason.strip():
        raise ValidationFailed("请填写冲销原因。", fields={"reason": "required"})
    if entry.is_reversal:
        raise ValidationFailed("冲销记录不能再被冲销。")
    taken = db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.reverses_id == entry.id))
    if taken is not None:
        raise AlreadyReversed()
    reversal = LedgerEntry(
        member_id=entry.member_id, kind=entry.kind, source_type=entry.source_type,
        source_id=entry.source_id, credit_hours=-entry.credit_hours, occurred_on=occurred_on,
        recorded_by_id=actor.id, reverses_id=entry.id, note=reason.strip(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(reversal)
    except IntegrityError as exc:
        raise AlreadyReversed() from exc
    record_audit(actor, "ledger.reverse", "ledger_entry", entry.id,
                 summary=f"{entry.credit_hours} → {reason.strip()}",
                 details={"reversal_id": reversal.id, "member_id": entry.member_id})
    return reversal


def source_after_reversal(source_id: str | int, previous_entry_id: int | None) -> str | None:
    """The source id to credit under again: `source_id` the first time; after the previous
    credit was reversed, one naming that entry (the ledger keeps one original entry per
    source, so `credit` with the first id would return the reversed entry); None while the
    previous credit stands. Quizzes (a regrade) and meetings (reopened minutes) share it."""
    if previous_entry_id is None:
        return str(source_id)
    reversed_by = db.session.scalar(select(LedgerEntry.id).where(
        LedgerEntry.reverses_id == previous_entry_id))
    return None if reversed_by is None else f"{source_id}:after:{previous_entry_id}"


@dataclass(frozen=True)
class YearLedger:
    year: int
    entries: Sequence[LedgerEntry]
    total: Decimal


def member_year(member_id: int, year: int) -> YearLedger:
    """A member's entries for a calendar year (by occurred_on) and their total."""
    entries = db.session.scalars(
        select(LedgerEntry)
        .where(LedgerEntry.member_id == member_id,
               extract("year", LedgerEntry.occurred_on) == year)
        .order_by(LedgerEntry.occurred_on.desc(), LedgerEntry.id.desc())
    ).all()
    total = sum((e.credit_hours for e in entries), Decimal("0.00"))
    return YearLedger(year=year, entries=entries, total=total)


def member_years(member_id: int) -> list[int]:
    """Years in which the member has any entry, newest first."""
    rows = db.session.execute(
        select(extract("year", LedgerEntry.occurred_on).label("y"))
        .where(LedgerEntry.member_id == member_id)
        .group_by("y").order_by(func.min(LedgerEntry.occurred_on).desc())
    ).all()
    return sorted({int(r.y) for r in rows}, reverse=True)

