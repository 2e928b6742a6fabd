"""Editing meeting kinds (admins): every change is audited with what it was before."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from learnhub.core.errors import NotFound
from learnhub.discussions.models import Frequency, MeetingKind
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member


@dataclass(frozen=True)
class KindChanges:
    name: str
    credit_hours: Decimal
    frequency: Frequency
    late_counts: bool
    active: bool


def all_kinds() -> list[MeetingKind]:
    return list(db.session.scalars(select(MeetingKind).order_by(MeetingKind.position,
                                                                MeetingKind.id)))


def active_kinds() -> list[MeetingKind]:
    return [k for k in all_kinds() if k.active]


def get_kind(kind_id: int) -> MeetingKind:
    kind = db.session.get(MeetingKind, kind_id)
    if kind is None:
        raise NotFound()
    return kind


def _snapshot(kind: MeetingKind) -> dict[str, str | bool]:
    return {"name": kind.name, "credit_hours": str(kind.credit_hours),
            "frequency": kind.frequency.value, "late_counts": kind.late_counts,
            "active": kind.active}


def update_kind(actor: Member, kind: MeetingKind, changes: KindChanges) -> bool:
    """Apply the changes; returns whether anything changed (and was audited). Existing
    ledger entries keep the hours they were credited with."""
    before = _snapshot(kind)
    kind.name = changes.name.strip()
    kind.credit_hours = changes.credit_hours
    kind.frequency = changes.frequency
    kind.late_counts = changes.late_counts
    kind.active = changes.active
    after = _snapshot(kind)
    if before == after:
        return False
    changed = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    record_audit(actor, "meeting_kind.update", "meeting_kind", kind.id,
                 summary=f"{kind.code}: {', '.join(changed)}", details={"changes": changed})
    db.session.flush()
    return True
