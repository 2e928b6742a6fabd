"""Writing the bulk history's rows: each meeting's rows (`Made`) wait for the ids their
parents get, so the inserts go parents first and each returns the ids the next needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import insert

from learnhub.discussions.minutes.models import ActionItem, MeetingMinutes
from learnhub.discussions.models import Invitation, Meeting, MeetingReading
from learnhub.discussions.seminars.models import (
    SeminarReflection,
    SeminarSetting,
)
from learnhub.discussions.threads.models import MeetingPost
from learnhub.extensions import db
from learnhub.org.models import AuditEvent
from learnhub.records.models import LedgerEntry

CHUNK = 5000  # rows per INSERT


@dataclass
class Made:
    """One meeting's rows, waiting for the ids the inserts give."""

    row: dict
    readings: list[dict]
    invitations: dict[int, dict]  # member → row
    credited: list[int] = field(default_factory=list)  # members, as approval orders them
    ledger: list[dict] = field(default_factory=list)
    minutes: dict | None = None
    minute_items: list[dict] = field(default_factory=list)
    posts: list[tuple[dict, dict | None]] = field(default_factory=list)  # post, reply
    reflections: list[dict] = field(default_factory=list)
    setting: dict | None = None
    audits: list[Callable[[Made], dict]] = field(default_factory=list)
    id: int = 0
    invitation_ids: dict[int, int] = field(default_factory=dict)
    ledger_ids: list[int] = field(default_factory=list)


def insert_rows(made: list[Made]) -> None:
    """Insert every row of these meetings (a few statements per table)."""
    for each, new_id in zip(made, _insert(Meeting, [m.row for m in made]), strict=True):
        each.id = new_id
    _insert(MeetingReading, [{**r, "meeting_id": m.id} for m in made for r in m.readings],
            ids=False)
    ledger = [(m, {**row, "source_id": str(m.id)}) for m in made for row in m.ledger]
    for (each, _row), new_id in zip(ledger, _insert(LedgerEntry, [r for _, r in ledger]),
                                    strict=True):
        each.ledger_ids.append(new_id)
    invitations = []
    for each in made:
        entries = dict(zip(each.credited, each.ledger_ids, strict=True))
        invitations += [(each, member_id, {**row, "meeting_id": each.id,
                                           "ledger_entry_id": entries.get(member_id)})
                        for member_id, row in each.invitations.items()]
    for (each, member_id, _row), new_id in zip(
            invitations, _insert(Invitation, [r for _, _, r in invitations]), strict=True):
        each.invitation_ids[member_id] = new_id
    held = [m for m in made if m.minutes is not None]
    minute_ids = _insert(MeetingMinutes, [{**m.minutes, "meeting_id": m.id} for m in held
                                          if m.minutes is not None])
    _insert(ActionItem, [{**item, "minutes_id": minutes_id}
                         for m, minutes_id in zip(held, minute_ids, strict=True)
                         for item in m.minute_items], ids=False)
    posts = [(m, post, reply) for m in made for post, reply in m.posts]
    post_ids = _insert(MeetingPost, [{**post, "meeting_id": m.id} for m, post, _ in posts])
    _insert(MeetingPost, [{**reply, "meeting_id": m.id, "parent_id": post_id}
                          for (m, _, reply), post_id in zip(posts, post_ids, strict=True)
                          if reply is not None], ids=False)
    _insert(SeminarReflection, [{**r, "meeting_id": m.id} for m in made
                                for r in m.reflections], ids=False)
    _insert(SeminarSetting, [{**m.setting, "meeting_id": m.id} for m in made
                             if m.setting is not None], ids=False)
    _insert(AuditEvent, [audit(m) for m in made for audit in m.audits], ids=False)


def _insert(model: type, rows: list[dict], *, ids: bool = True) -> list[int]:
    """Insert the rows CHUNK at a time; their new ids in the rows' order if asked."""
    found: list[int] = []
    for first in range(0, len(rows), CHUNK):
        chunk = rows[first:first + CHUNK]
        if ids:
            found += db.session.scalars(insert(model).returning(
                model.id, sort_by_parameter_order=True), chunk).all()  # type: ignore[attr-defined]
        else:
            db.session.execute(insert(model), chunk)
    return found
