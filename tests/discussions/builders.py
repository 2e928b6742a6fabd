"""Meetings in the database for tests: kinds, one-off meetings and their invitations,
written directly (the scheduling services are tested on their own)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from learnhub.discussions.minutes.attendance import store_counts
from learnhub.discussions.models import (
    Attendance,
    Frequency,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from learnhub.extensions import db
from learnhub.org.models import Member, Unit


def make_kind(code: str = "branch_meeting", *, name: str = "支部党员大会",
              credit_hours: str = "1", frequency: Frequency = Frequency.QUARTERLY,
              **fields) -> MeetingKind:
    kind = db.session.scalar(select(MeetingKind).where(MeetingKind.code == code))
    if kind is None:
        kind = MeetingKind(code=code, name=name, credit_hours=Decimal(credit_hours),
                           frequency=frequency, **fields)
        db.session.add(kind)
        db.session.flush()
    return kind


def make_meeting(unit: Unit, *, invitees: Iterable[Member] = (), kind: MeetingKind | None = None,
                 starts_at: datetime | None = None, minutes: int = 90,
                 host: Member | None = None, recorder: Member | None = None,
                 status: MeetingStatus = MeetingStatus.SCHEDULED, **fields) -> Meeting:
    """A one-off meeting of `unit` (Asia/Shanghai) inviting `invitees`."""
    starts_at = starts_at or datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    invitees = list(invitees)
    meeting = Meeting(
        uid=f"{uuid.uuid4()}@learnhub", unit_id=unit.id, kind_id=(kind or make_kind()).id,
        title=fields.pop("title", "支部党员大会"), starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes), timezone="Asia/Shanghai",
        host_id=host.id if host else None, recorder_id=recorder.id if recorder else None,
        audience={"unit_id": unit.id, "subtree": False, "member_ids": []}, status=status,
        **fields)
    db.session.add(meeting)
    db.session.flush()
    for member in invitees:
        db.session.add(Invitation(meeting_id=meeting.id, member_id=member.id))
    db.session.flush()
    if status is MeetingStatus.HELD:  # as approving its minutes would have left it
        store_counts(meeting, [Attendance.UNKNOWN] * len(invitees))
        db.session.flush()
    return meeting


def mark_attendance(meeting: Meeting, marks: Iterable[Attendance]) -> list[Invitation]:
    """Set the invitations' marks in order of id; a held meeting's stored counts follow,
    as approval writes them. Returns the invitations."""
    invitations = list(db.session.scalars(select(Invitation).where(
        Invitation.meeting_id == meeting.id).order_by(Invitation.id)))
    for invitation, mark in zip(invitations, marks, strict=True):
        invitation.attendance = mark
    if meeting.status is MeetingStatus.HELD:
        store_counts(meeting, [i.attendance for i in invitations])
    db.session.flush()
    return invitations


def make_seminar(unit: Unit, *, invitees: Iterable[Member] = (), theme: str = "学习党章",
                 speakers: Iterable[Member] = (), **fields) -> Meeting:
    """A 专题研讨 (a meeting of the seminar kind) inviting `invitees`, `speakers` among them."""
    kind = make_kind("seminar", name="专题研讨", frequency=Frequency.NONE, is_seminar=True)
    speakers = list(speakers)
    everyone = list(invitees) + [s for s in speakers if s not in invitees]
    meeting = make_meeting(unit, invitees=everyone, kind=kind, theme=theme,
                           title=fields.pop("title", "专题研讨"), **fields)
    speaker_ids = {s.id for s in speakers}
    for invitation in db.session.scalars(select(Invitation).where(
            Invitation.meeting_id == meeting.id)):
        invitation.speaker = invitation.member_id in speaker_ids
    db.session.flush()
    return meeting
