"""The meeting tables keep their rules: one invitation per member and meeting, one
occurrence per series and start, an end after the start."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from learnhub.discussions.models import Attendance, Invitation, Reply
from learnhub.extensions import db
from tests.discussions.builders import make_meeting
from tests.factories import make_member, make_unit


def test_a_member_is_invited_once():
    unit = make_unit()
    member = make_member(unit)
    meeting = make_meeting(unit, invitees=[member])
    invitation = db.session.scalar(db.select(Invitation))
    assert (invitation.reply, invitation.attendance) == (Reply.NONE, Attendance.UNKNOWN)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(Invitation(meeting_id=meeting.id, member_id=member.id))
        db.session.flush()


def test_a_meeting_ends_after_it_starts():
    start = datetime(2026, 12, 8, 1, 0, tzinfo=UTC)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        make_meeting(make_unit(), starts_at=start, minutes=0)
    assert make_meeting(make_unit(), starts_at=start).ends_at == start + timedelta(minutes=90)
