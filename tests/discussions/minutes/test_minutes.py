"""Minutes: drafts with revisions, attendance from the invitations, approval that credits
present (and late, per kind) members exactly once, the held lock, reopening that reverses
and re-credits, and the printable page."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from learnhub.core.timeutil import now_utc
from learnhub.discussions.attendance.failures import AttendanceLocked
from learnhub.discussions.minutes.attendance import set_attendance, summary
from learnhub.discussions.minutes.models import ActionItem, MinutesStatus
from learnhub.discussions.minutes.services import (
    ActionItemInput,
    MeetingNotStarted,
    StaleMinutes,
    approve_minutes,
    reopen_minutes,
    save_draft,
)
from learnhub.discussions.models import Attendance, Invitation, MeetingStatus, Reply
from learnhub.extensions import db
from learnhub.org.models import AuditEvent
from learnhub.records.models import LedgerEntry
from tests.discussions.minutes.conftest import Held, held_meeting


def _invitation(held: Held, member) -> Invitation:
    found = db.session.scalar(select(Invitation).where(
        Invitation.meeting_id == held.meeting.id, Invitation.member_id == member.id))
    assert found is not None
    return found


def _signed(held: Held) -> None:
    """What sign-in and leave decisions left: one present, one late, one on approved leave."""
    _invitation(held, held.present).attendance = Attendance.PRESENT
    _invitation(held, held.late).attendance = Attendance.LATE
    _invitation(held, held.excused).reply = Reply.LEAVE_APPROVED
    db.session.flush()


def _draft(held: Held, **overrides):
    values = {"topics": "## 学习党章", "decisions": "按期完成", "items": [],
              "attendance": {}, "revision": None, "now": now_utc()}
    values.update(overrides)
    return save_draft(held.recorder, held.meeting, **values)


def _entries(held: Held) -> list[LedgerEntry]:
    return db.session.scalars(select(LedgerEntry).where(LedgerEntry.source_type == "meeting",
                                                        LedgerEntry.member_id.in_(
                                                            [m.id for m in held.invitees]))
                              .order_by(LedgerEntry.id)).all()


def _total(member) -> Decimal:
    return db.session.scalar(select(func.coalesce(func.sum(LedgerEntry.credit_hours), 0))
                             .where(LedgerEntry.member_id == member.id))


def test_attendance_counts_invitees_from_sign_in_and_leave(held):
    _signed(held)
    counted = summary(held.meeting)
    assert counted.expected == 4
    assert {s: [a.name for a in people] for s, people in counted.groups.items()} == {
        Attendance.PRESENT: ["甲出席"], Attendance.LATE: ["乙迟到"],
        Attendance.EXCUSED: ["丙请假"], Attendance.ABSENT: ["丁缺席"]}


def test_drafts_save_many_times_with_a_revision_and_refuse_a_stale_one(held):
    first = _draft(held, items=[ActionItemInput("整理学习笔记", held.present.id, date(2026, 3, 20))])
    assert first.revision == 1 and "<h2" in first.topics_html
    second = _draft(held, revision=1, decisions="改")
    assert second.revision == 2
    with pytest.raises(StaleMinutes):
        _draft(held, revision=1)
    items = db.session.scalars(select(ActionItem).where(ActionItem.minutes_id == first.id)).all()
    assert items == []  # the second save had no rows


def test_approval_credits_present_and_late_exactly_on_the_local_date(held):
    _signed(held)
    _draft(held)
    approval = approve_minutes(held.host, held.meeting, now=now_utc())
    entries = _entries(held)
    assert {e.member_id for e in entries} == {held.present.id, held.late.id}
    assert all(e.credit_hours == Decimal("1.25") and e.kind == "meeting"
               and e.source_id == str(held.meeting.id) for e in entries)
    assert all(e.occurred_on == date(2026, 3, 6) for e in entries)  # Shanghai, not UTC
    assert held.meeting.status == MeetingStatus.HELD
    assert approval.minutes.status == MinutesStatus.APPROVED
    assert _invitation(held, held.present).ledger_entry_id in approval.credited
    assert _invitation(held, held.excused).attendance == Attendance.EXCUSED
    assert _invitation(held, held.absent).attendance == Attendance.ABSENT


def test_late_members_are_not_credited_when_the_kind_says_so():
    held = held_meeting(credit_hours="2", late_counts=False, code="no_late")
    _signed(held)
    _draft(held)
    approve_minutes(held.host, held.meeting, now=now_utc())
    assert [e.member_id for e in _entries(held)] == [held.present.id]


def test_approving_twice_credits_once(held):
    _signed(held)
    _draft(held)
    approve_minutes(held.host, held.meeting, now=now_utc())
    again = approve_minutes(held.host, held.meeting, now=now_utc())
    assert again.already and again.credited == []
    assert len(_entries(held)) == 2


def test_the_recorder_cannot_approve_and_no_approval_before_the_start(held):
    from learnhub.core.errors import Forbidden

    _draft(held)
    with pytest.raises(Forbidden):
        approve_minutes(held.recorder, held.meeting, now=now_utc())
    with pytest.raises(MeetingNotStarted):
        approve_minutes(held.host, held.meeting, now=held.meeting.starts_at - timedelta(1))


def test_a_held_meeting_refuses_attendance_changes(held):
    _signed(held)
    _draft(held)
    approve_minutes(held.host, held.meeting, now=now_utc())
    absent = _invitation(held, held.absent)
    with pytest.raises(AttendanceLocked):
        set_attendance(held.host, held.meeting, {absent.id: Attendance.PRESENT}, now_utc())
    assert _invitation(held, held.absent).attendance == Attendance.ABSENT


def test_reopening_reverses_every_credit_and_approval_credits_those_present_then(held):
    _signed(held)
    _draft(held)
    approve_minutes(held.host, held.meeting, now=now_utc())
    first = {e.member_id: e.id for e in _entries(held)}
    reversed_ids = reopen_minutes(held.host, held.meeting, "迟到人员登记错误")
    assert sorted(reversed_ids) == sorted(first.values())
    assert _total(held.present) == _total(held.late) == Decimal(0)
    assert held.meeting.status == MeetingStatus.SCHEDULED
    reversals = [e for e in _entries(held) if e.reverses_id is not None]
    assert {e.note for e in reversals} == {"迟到人员登记错误"}
    assert all(e.occurred_on == date(2026, 3, 6) for e in reversals)
    audit = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "meeting_minutes.reopen"))
    assert audit is not None and audit.summary == "迟到人员登记错误"

    late = _invitation(held, held.late)
    _draft(held, revision=1, attendance={late.id: Attendance.ABSENT})
    approval = approve_minutes(held.host, held.meeting, now=now_utc())
    assert _total(held.present) == Decimal("1.25") and _total(held.late) == Decimal(0)
    (again,) = [db.session.get(LedgerEntry, i) for i in approval.credited]
    assert again.source_id == f"{held.meeting.id}:after:{first[held.present.id]}"

    reopen_minutes(held.host, held.meeting, "再次更正")
    approve_minutes(held.host, held.meeting, now=now_utc())
    assert _total(held.present) == Decimal("1.25")  # a third credit, two reversals


def test_reopening_needs_a_reason_and_the_host(held):
    from learnhub.core.errors import Forbidden, ValidationFailed

    _draft(held)
    approve_minutes(held.host, held.meeting, now=now_utc())
    with pytest.raises(ValidationFailed):
        reopen_minutes(held.host, held.meeting, "  ")
    with pytest.raises(Forbidden):
        reopen_minutes(held.recorder, held.meeting, "理由")
