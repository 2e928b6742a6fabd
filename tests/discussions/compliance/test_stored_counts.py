"""The report sums the attendance counts stored on held meetings (what approval wrote), and
the migration's backfill writes the same counts for meetings held before it: every held
meeting has them, so the report reads no invitation."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sqlalchemy import text

from learnhub.discussions.compliance.report import build_report
from learnhub.discussions.minutes.attendance import clear_counts
from learnhub.discussions.models import Attendance, Frequency, MeetingStatus
from learnhub.extensions import db
from tests.discussions.builders import make_kind, make_meeting, mark_attendance
from tests.discussions.compliance.test_report import APRIL, Q1, SHANGHAI, _cell, at
from tests.factories import make_member, make_unit

MIGRATION = (Path(__file__).resolve().parents[3] / "migrations" / "versions"
             / "2026-12-07_0625_meeting_attendance_counts.py")
MARKS = [Attendance.PRESENT, Attendance.PRESENT, Attendance.LATE, Attendance.EXCUSED,
         Attendance.ABSENT]


def _held_with_marks(branch, kind, month):
    meeting = make_meeting(branch, kind=kind, starts_at=at(month), status=MeetingStatus.HELD,
                           invitees=[make_member(branch) for _ in MARKS])
    return meeting, mark_attendance(meeting, MARKS)


def test_the_report_sums_the_counts_stored_on_held_meetings():
    root = make_unit()
    branch = make_unit(root)
    kind = make_kind("branch_meeting", frequency=Frequency.MONTHLY)
    _held_with_marks(branch, kind, 1)
    _stored, invitations = _held_with_marks(branch, kind, 2)
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
    for meeting in (held, empty):  # as before the migration: held, no counts
        clear_counts(meeting)
    db.session.flush()
    db.session.execute(text(migration.BACKFILL))
    db.session.expire_all()
    assert (held.invited_count, held.present_count, held.late_count, held.excused_count,
            held.absent_count) == (5, 2, 1, 1, 1)
    assert (empty.invited_count, empty.absent_count) == (0, 0)
    assert open_one.invited_count is None and open_one.present_count is None
