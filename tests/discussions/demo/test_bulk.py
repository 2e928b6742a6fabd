"""A branch written in bulk has, field by field, the rows the services write when it lives
the same year through them (ids, uids and wall-clock times aside), so the two cannot drift."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import inspect, select

from learnhub.demo import load_demo
from learnhub.discussions.demo.bulk import BulkWriter
from learnhub.discussions.demo.history import unit_history
from learnhub.discussions.demo.scene import Tally
from learnhub.discussions.kinds.defaults import ensure_default_kinds
from learnhub.discussions.minutes.models import ActionItem, MeetingMinutes
from learnhub.discussions.models import Attendance, Invitation, Meeting, MeetingReading, Reply
from learnhub.discussions.seminars.models import (
    SeminarReflection,
    SeminarSetting,
)
from learnhub.discussions.threads.models import MeetingPost
from learnhub.extensions import db
from learnhub.org.models import AuditEvent
from learnhub.org.units.services import unit_by_code
from learnhub.records.models import LedgerEntry

NOW = datetime(2026, 12, 7, 2, 30, tzinfo=UTC)
UNSTABLE = {"id", "uid", "created_at", "updated_at", "recorded_at", "at"}
BY_MEETING = (MeetingReading, Invitation, MeetingMinutes, MeetingPost, SeminarReflection,
              SeminarSetting)


def _plain(model: type, row: object) -> dict:
    return {c.key: getattr(row, c.key) for c in inspect(model).column_attrs
            if c.key not in UNSTABLE}


def _rows(unit_id: int) -> dict[str, list]:
    """Every row the history wrote for the unit, ids replaced by what they point at."""
    meetings = {m.id: m for m in db.session.scalars(select(Meeting).where(
        Meeting.unit_id == unit_id))}
    key = {mid: (m.title, m.starts_at) for mid, m in meetings.items()}
    found: dict[str, list] = {"meeting": [_plain(Meeting, m) for m in meetings.values()]}
    ledger = {e.id: e for e in db.session.scalars(select(LedgerEntry).where(
        LedgerEntry.source_type == "meeting",
        LedgerEntry.source_id.in_([str(i) for i in meetings])))}
    ledger_key = {i: (e.member_id, key[int(e.source_id)]) for i, e in ledger.items()}
    found["ledger_entry"] = [{**_plain(LedgerEntry, e), "source_id": key[int(e.source_id)]}
                             for e in ledger.values()]
    minutes_of: dict[int, tuple] = {}
    posts: dict[int, tuple] = {}
    invitations: dict[int, tuple] = {}
    for model in BY_MEETING:
        rows = list(db.session.scalars(select(model).where(
            model.meeting_id.in_(meetings)).order_by(*inspect(model).primary_key)))
        table = []
        for row in rows:
            plain = {**_plain(model, row), "meeting_id": key[row.meeting_id]}
            if model is MeetingMinutes:
                minutes_of[row.id] = key[row.meeting_id]
            if model is Invitation:
                invitations[row.id] = (key[row.meeting_id], row.member_id)
                plain["ledger_entry_id"] = ledger_key.get(row.ledger_entry_id)
            if model is MeetingPost:
                posts[row.id] = (row.author_id, row.created_at)
                plain["parent_id"] = posts.get(row.parent_id)
            table.append(plain)
        found[model.__tablename__] = table
    found["minutes_action_item"] = [
        {**_plain(ActionItem, item), "minutes_id": minutes_of[item.minutes_id]}
        for item in db.session.scalars(select(ActionItem).where(
            ActionItem.minutes_id.in_(minutes_of)))]
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action.startswith("meeting") | AuditEvent.action.startswith("seminar")))
    found["audit_event"] = [_audit(event, key, invitations, ledger_key) for event in events
                            if int(event.object_id) in (
                                invitations if event.object_type == "meeting_invitation"
                                else key)]
    return {table: sorted(rows, key=repr) for table, rows in found.items()}


def _audit(event: AuditEvent, key: dict, invitations: dict, ledger_key: dict) -> dict:
    details = dict(event.details)
    if "meeting_id" in details:
        details["meeting_id"] = key[details["meeting_id"]]
    if "invitation_id" in details:
        details["invitation_id"] = invitations[details["invitation_id"]]
    if "credited" in details:  # in the attendance list's order: by name, as collated
        details["credited"] = sorted(ledger_key[i] for i in details["credited"])
    target = (invitations if event.object_type == "meeting_invitation" else key)[
        int(event.object_id)]
    return {**_plain(AuditEvent, event), "object_id": target, "details": details}


def _history(code: str, bulk: bool) -> dict[str, list]:
    unit = unit_by_code(code)
    assert unit is not None
    writer = BulkWriter() if bulk else None
    unit_history(unit, "branch", NOW.date(), Tally(), writer)
    if writer is not None:
        writer.write()
    db.session.flush()
    db.session.expunge_all()
    return _rows(unit.id)


def test_a_bulk_branch_has_the_rows_the_services_write(app):
    load_demo()
    ensure_default_kinds()
    actions: set[str] = set()
    for code in ("GB02-B03", "GB02-B01"):  # the patchy branch (called-off meetings) and another
        savepoint = db.session.begin_nested()
        lived = _history(code, bulk=False)
        savepoint.rollback()
        db.session.expunge_all()
        made = _history(code, bulk=True)
        for table, rows in lived.items():
            assert len(made[table]) == len(rows), table
            for want, got in zip(rows, made[table], strict=True):
                assert got == want, table
        invitations = made["meeting_invitation"]
        assert {row["reply"] for row in invitations} == set(Reply) - {Reply.LEAVE_REQUESTED}
        assert {row["attendance"] for row in invitations} == set(Attendance)  # unknown: called off
        assert any(row["speaker"] for row in invitations)
        assert any(row["parent_id"] for row in made["meeting_post"])
        actions |= {row["action"] for row in made["audit_event"]}
    assert actions == {"meeting.schedule", "meeting.cancel", "meeting.leave_approve",
                       "meeting.leave_reject", "meeting.attendance.set",
                       "meeting_minutes.approve", "seminar.setup"}
