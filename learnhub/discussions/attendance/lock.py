"""THE HELD LOCK: once a meeting's minutes are approved its status is `held`, and its
attendance (each invitation's `attendance`, `attendance_reason`, `signed_in_at`) must not
change: credit was written from it. Everything that changes attendance (sign-in, the
attendance page, the minutes form) and approving or reopening the minutes first takes the
meeting's turn (`attendance_turn`), then checks `ensure_attendance_open`, so a sign-in
cannot slip in beside an approval. Reopening the minutes (an audited correction) opens it
again.
"""

from __future__ import annotations

from learnhub.core.transactions import take_turns
from learnhub.discussions.attendance.failures import AttendanceLocked
from learnhub.discussions.models import Meeting, MeetingStatus
from learnhub.extensions import db

# Turns are per meeting: this base plus the meeting's id (a PostgreSQL advisory lock key).
ATTENDANCE_TURN_BASE = 0x4C48_0201_0000_0000


def attendance_turn(meeting: Meeting) -> None:
    """Wait for, then hold until commit, the meeting's attendance turn; what is read after
    this includes the previous holder's commit (refresh the meeting if it was loaded)."""
    take_turns(db.session, ATTENDANCE_TURN_BASE + meeting.id)


def ensure_attendance_open(meeting: Meeting) -> None:
    """Refuse any attendance change of a held meeting (its minutes were approved)."""
    if meeting.status == MeetingStatus.HELD:
        raise AttendanceLocked()
