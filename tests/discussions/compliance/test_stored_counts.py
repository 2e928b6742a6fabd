"""The report sums the attendance counts stored on held meetings (what approval wrote), and
the migration's backfill writes the same counts for meetings held before it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sqlalchemy import select, text

from learnhub.discussions.compliance.report import build_report
from learnhub.discussions.minutes.attendance import store_counts
from learnhub.discussions.models import Attendance, Frequency, Invitation, MeetingStatus
from learnhub.extensions import db
from tests.discussions.builders import make_kind, make_meeting
from tests.discussions.compliance.test_report import APRIL, Q1, SHANGHAI, _cell, at
from tests.factories import make_member, make_unit

MIGRATION = (Path(__file__).resolve().parents[3] / "migrations" / "versions"
             / "2026-12-07_0625_meeting_attendance_counts.py")
MARKS = [Attendance.PRESENT, Attendance.PRESENT, Attendance.LATE, Attendance.EXCUSED,
         Attendance.ABSENT]


def _held_with_marks(branch, kind, month):
    meeting = make_meeting(branch, kind=kind, starts_at=at(month), status=MeetingStatus.HELD,
                           invitees=[make_member(branch) for _ in MARKS])
    invitations = db.session.scalars(select(Invitation).where(
        Invitation.meeting_id == meeting.id).order_by(Invitation.id)).all()
    for invitation, mark in zip(invitations, MARKS, strict=True):
        invitation.attendance = mark
    db.session.flush()
    return meeting, invitations


def test_the_report_sums_stored_counts_and_counts_live_only_meetings_without_them():
    root = make_unit()
    branch = make_unit(root)
    kind = make_kind("branch_meeting", frequency=Frequency.MONTHLY)
    stored, invitations = _held_with_marks(branch, kind, 1)
    store_counts(stored, [i.attendance for i in invitations])
    _held_with_marks(branch, kind, 2)  # written directly: no counts, read live
    # The stored counts are what is summed: a change behind the held lock does not show.
    invitations[0].attendance = Attendance.ABSENT
    db.session.flush()
    cell = _cell(build_report(root, Q1, APRIL, SHANGHAI), branch, kind)
    assert (cell.invited, cell.present, cell.late, cell.excused) == (10, 4, 2, 2)
    assert cell.held == 2 and cell.meetings == 2


def test_the_backfill_writes_what_approval_writes_for_held_meetings_only():
    spec = importlib.util.spec_from_file_location("attendance_counts", MIGRATION)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    branch = make_unit(make_unit())
    kind = make_kind("branch_meeting", frequency=Frequency.MONTHLY)
    held, _ = _held_with_marks(branch, kind, 1)
    empty = make_meeting(branch, kind=kind, starts_at=at(2), status=MeetingStatus.HELD)
    open_one = make_meeting(branch, kind=kind, starts_at=at(3),
                            invitees=[make_member(branch)])
    db.session.execute(text(migration.BACKFILL))
    db.session.expire_all()
    assert (held.invited_count, held.present_count, held.late_count, held.excused_count,
            held.absent_count) == (5, 2, 1, 1, 1)
    assert (empty.invited_count, empty.absent_count) == (0, 0)
    assert open_one.invited_count is None and open_one.present_count is None
