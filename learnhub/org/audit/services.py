"""The audit log: one call records who changed what."""

from __future__ import annotations

from typing import Any

from learnhub.core.timeutil import now_utc
from learnhub.extensions import db
from learnhub.org.models import AuditEvent, Member


def record_audit(actor: Member | None, action: str, object_type: str, object_id: Any,
                 *, summary: str = "", details: dict | None = None) -> AuditEvent:
    event = AuditEvent(
        at=now_utc(), actor_id=actor.id if actor is not None else None, action=action,
        object_type=object_type, object_id=str(object_id or ""), summary=summary[:500],
        details=details or {},
    )
    db.session.add(event)
    return event
