"""A member's learning transcript (学习档案): every ledger entry of a year (or of all
years) grouped by source, corrections shown as such, against the year's requirement.

The page, the CSV and JSON files and the PDF are all made from one `Transcript`, so their
totals agree to the cent. Sources write the title of what was studied into the entry's
note; a reversal's note is its reason, and its title is the reversed entry's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import aliased

from learnhub.core.feature import registry
from learnhub.core.timeutil import now_utc
from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.records.models import LedgerEntry
from learnhub.records.services import is_year_closed
from learnhub.transcripts.requirements.status import (
    ZERO,
    Standing,
    member_standing,
    year_bounds,
)
from learnhub.transcripts.years.services import standing_of_record


def hours_text(value: Decimal) -> str:
    """Hours as files, the PDF and /verify print them: two places ("2.50")."""
    return format(value.quantize(Decimal("0.01")), "f")


@dataclass(frozen=True)
class TranscriptEntry:
    id: int
    kind: str
    source_type: str
    source_id: str
    title: str
    occurred_on: date
    credit_hours: Decimal
    recorded_at: datetime
    reverses_id: int | None  # a correction: the entry it cancels
    reason: str  # a correction's reason
    reversed_by_id: int | None  # an entry a later correction cancelled

    @property
    def is_correction(self) -> bool:
        return self.reverses_id is not None


@dataclass(frozen=True)
class SourceGroup:
    kind: str
    label: str  # a msgid (LedgerSource.label), translated where shown
    online: bool
    entries: tuple[TranscriptEntry, ...]

    @property
    def total(self) -> Decimal:
        return sum((entry.credit_hours for entry in self.entries), ZERO)


@dataclass(frozen=True)
class Transcript:
    member: Member
    year: int | None  # None: all years
    groups: tuple[SourceGroup, ...]
    standing: Standing | None  # for a year only
    closed: bool  # the year is closed (年度已关账)
    generated_at: datetime

    @property
    def total(self) -> Decimal:
        return sum((group.total for group in self.groups), ZERO)

    @property
    def online_total(self) -> Decimal:
        return sum((group.total for group in self.groups if group.online), ZERO)

    @property
    def entries(self) -> list[TranscriptEntry]:
        return [entry for group in self.groups for entry in group.entries]


def ledger_entries(member_id: int, year: int | None) -> list[TranscriptEntry]:
    """The member's entries, oldest first, each with its title and its correction state
    (one query, of columns: no ORM objects to build for a history of hundreds)."""
    original = aliased(LedgerEntry)
    later = aliased(LedgerEntry)
    query = (
        select(LedgerEntry.id, LedgerEntry.kind, LedgerEntry.source_type, LedgerEntry.source_id,
               LedgerEntry.note, LedgerEntry.occurred_on, LedgerEntry.credit_hours,
               LedgerEntry.recorded_at, LedgerEntry.reverses_id,
               original.note.label("original_note"), later.id.label("reversed_by"))
        .outerjoin(original, LedgerEntry.reverses_id == original.id)
        .outerjoin(later, later.reverses_id == LedgerEntry.id)
        .where(LedgerEntry.member_id == member_id)
        .order_by(LedgerEntry.occurred_on, LedgerEntry.id)
    )
    if year is not None:  # a range, not extract(year): it uses (member_id, occurred_on)
        query = query.where(LedgerEntry.occurred_on.between(*year_bounds(year)))
    result = []
    for row in db.session.execute(query):
        correction = row.reverses_id is not None
        result.append(TranscriptEntry(
            id=row.id, kind=row.kind, source_type=row.source_type, source_id=row.source_id,
            title=(row.original_note or "") if correction else row.note,
            occurred_on=row.occurred_on, credit_hours=row.credit_hours,
            recorded_at=row.recorded_at, reverses_id=row.reverses_id,
            reason=row.note if correction else "", reversed_by_id=row.reversed_by))
    return result


def group_by_source(entries: Sequence[TranscriptEntry]) -> tuple[SourceGroup, ...]:
    """Groups in the registry's order of sources; an unknown kind keeps its own name."""
    sources = registry().ledger_sources
    order = {source.kind: index for index, source in enumerate(sources)}
    by_kind: dict[str, list[TranscriptEntry]] = {}
    for entry in entries:
        by_kind.setdefault(entry.kind, []).append(entry)
    labels = {source.kind: source for source in sources}
    return tuple(
        SourceGroup(kind=kind, label=labels[kind].label if kind in labels else kind,
                    online=labels[kind].online if kind in labels else False,
                    entries=tuple(items))
        for kind, items in sorted(by_kind.items(), key=lambda item: order.get(item[0], 99))
    )


def build_transcript(member: Member, year: int | None, *, as_of: date | None = None,
                     now: datetime | None = None) -> Transcript:
    """Everything a transcript shows, for a year or (year None) for all years."""
    groups = group_by_source(ledger_entries(member.id, year))
    closed = year is not None and is_year_closed(year)
    # The year's hours are those of the entries shown, so the standing agrees with them.
    earned = sum((g.total for g in groups), ZERO)
    online = sum((g.total for g in groups if g.online), ZERO)
    standing = None
    if year is not None and closed:
        # The requirement of record (frozen at close); the hours are the ledger's, which
        # after the close moved only by audited corrections.
        standing = replace(standing_of_record(member, year), earned_hours=earned,
                           online_hours=online)
    elif year is not None:
        standing = member_standing(member, year, as_of=as_of, hours=(earned, online))
    return Transcript(member=member, year=year, groups=groups,
                      standing=standing, closed=closed, generated_at=now or now_utc())
