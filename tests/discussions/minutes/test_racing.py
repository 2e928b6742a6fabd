"""Two approvals of the same minutes at once, on real connections: they take turns, the
second finds the minutes approved, and each present member is credited once."""

from __future__ import annotations

import threading
import uuid

from sqlalchemy import select

from learnhub.core.timeutil import now_utc
from learnhub.discussions.minutes.services import approve_minutes, save_draft
from learnhub.discussions.models import Attendance, Invitation, Meeting
from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.records.models import LedgerEntry
from tests.discussions.minutes.conftest import held_meeting
from tests.racing import HOLD_SECONDS, race


def test_two_approvals_at_once_credit_once(racing_app):
    with racing_app.app_context():
        held = held_meeting(code=f"race-{uuid.uuid4().hex[:8]}")
        for invitation in db.session.scalars(select(Invitation).where(
                Invitation.meeting_id == held.meeting.id)):
            invitation.attendance = Attendance.PRESENT
        save_draft(held.recorder, held.meeting, topics="t", decisions="", items=[],
                   attendance={}, revision=None, now=now_utc())
        host_id, meeting_id = held.host.id, held.meeting.id
        db.session.commit()
    loaded = threading.Barrier(2, timeout=HOLD_SECONDS)

    def approve() -> bool:
        with racing_app.test_request_context(method="POST"):
            actor, meeting = db.session.get(Member, host_id), db.session.get(Meeting, meeting_id)
            loaded.wait()
            approval = approve_minutes(actor, meeting, now=now_utc())
            db.session.commit()
            return approval.already

    assert sorted(race(approve, approve)) == [False, True]
    with racing_app.app_context():
        entries = db.session.scalars(select(LedgerEntry).where(
            LedgerEntry.source_type == "meeting", LedgerEntry.source_id == str(meeting_id))).all()
        assert len(entries) == 4
