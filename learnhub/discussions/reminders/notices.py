"""Meeting notices, derived from the meetings' state rather than called by scheduling.

Scheduling creates invitations, bumps `Meeting.sequence` on every change invitees should
see, and cancels with a reason. Each `learnhub jobs run` then compares, for every
invitation of an upcoming meeting, what the invitee was told (`notified_sequence`,
`reminded_at`) with the meeting:
- never told → 邀请 (invitation); a cancelled meeting they never heard of → nothing;
- told an older sequence → 变更 (change), or 取消 (cancellation, with the reason);
- starting within LEARNHUB_MEETING_REMINDER_MINUTES and not reminded → 提醒 (reminder),
  unless their leave was approved. An invitation or change sent inside that window
  counts as the reminder; a change outside it makes the reminder due again.

Each step is one conditional UPDATE ... RETURNING, the first statement of its kind in the
transaction, that moves the markers and returns the rows it moved; the notifications are
written in the same transaction. Two runs at once cannot both move a row: on PostgreSQL
the second waits for the first's row locks and then finds the condition false; on SQLite
the UPDATE takes the one write lock. So nothing is sent twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Update, select, update
from sqlalchemy.orm import selectinload

from learnhub.discussions.models import Invitation, Meeting, MeetingStatus, Reply
from learnhub.discussions.reminders import texts
from learnhub.extensions import db
from learnhub.notifications.services import notify

INVITATION = "meeting.invitation"
CHANGE = "meeting.change"
CANCELLATION = "meeting.cancellation"
REMINDER = "meeting.reminder"


@dataclass
class NoticeCounts:
    invitations: int = 0
    changes: int = 0
    cancellations: int = 0
    reminders: int = 0

    def line(self) -> str:
        return (f"{self.invitations} invitation(s), {self.changes} change(s), "
                f"{self.cancellations} cancellation(s), {self.reminders} reminder(s)")


def meeting_path(meeting_id: int) -> str:
    """Where a notice points: the meeting's page."""
    return f"/meetings/{meeting_id}"


def reminder_window() -> timedelta:
    return timedelta(minutes=current_app.config["MEETING_REMINDER_MINUTES"])


def meeting_notices(now: datetime, window: timedelta | None = None) -> NoticeCounts:
    """Notify what is due by `now` (flushes; the caller commits)."""
    window = reminder_window() if window is None else window
    sequence = (select(Meeting.sequence).where(Meeting.id == Invitation.meeting_id)
                .scalar_subquery())
    upcoming = select(Meeting.id).where(Meeting.starts_at > now)
    scheduled = upcoming.where(Meeting.status == MeetingStatus.SCHEDULED)
    invited = _claim(update(Invitation)
                     .where(Invitation.notified_sequence.is_(None),
                            Invitation.meeting_id.in_(scheduled))
                     .values(notified_sequence=sequence))
    changed = _claim(update(Invitation)
                     .where(Invitation.notified_sequence < sequence,
                            Invitation.meeting_id.in_(upcoming.where(Meeting.status.in_(
                                (MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED)))))
                     .values(notified_sequence=sequence))
    reminded = _claim(update(Invitation)
                      .where(Invitation.reminded_at.is_(None),
                             Invitation.notified_sequence.is_not(None),
                             Invitation.reply != Reply.LEAVE_APPROVED,
                             Invitation.id.not_in([row[0] for row in invited + changed]),
                             Invitation.meeting_id.in_(scheduled.where(
                                 Meeting.starts_at <= now + window)))
                      .values(reminded_at=now))
    meetings = _meetings({row[1] for row in invited + changed + reminded})
    _reset_reminders(invited + changed, meetings, now, window)

    counts = NoticeCounts()
    cancelled = [row for row in changed
                 if meetings[row[1]].status == MeetingStatus.CANCELLED]
    changed = [row for row in changed if meetings[row[1]].status != MeetingStatus.CANCELLED]
    counts.invitations = _send(invited, meetings, INVITATION, texts.invitation, now)
    counts.changes = _send(changed, meetings, CHANGE, texts.change, now)
    counts.cancellations = _send(cancelled, meetings, CANCELLATION, texts.cancellation, now)
    counts.reminders = _send(reminded, meetings, REMINDER, texts.reminder, now)
    return counts


Row = tuple[int, int, int]  # invitation id, meeting id, member id


def _claim(statement: Update) -> list[Row]:
    returned = db.session.execute(
        statement.returning(Invitation.id, Invitation.meeting_id, Invitation.member_id)
        .execution_options(synchronize_session=False))
    return [(row[0], row[1], row[2]) for row in returned]


def _meetings(ids: set[int]) -> dict[int, Meeting]:
    if not ids:
        return {}
    return {m.id: m for m in db.session.scalars(
        select(Meeting).where(Meeting.id.in_(ids)).options(selectinload(Meeting.unit)))}


def _reset_reminders(told: Sequence[Row], meetings: dict[int, Meeting], now: datetime,
                     window: timedelta) -> None:
    """A notice inside the reminder window is the reminder; outside it (a meeting moved
    later), the reminder is due again."""
    soon = [row[0] for row in told if meetings[row[1]].starts_at <= now + window]
    later = [row[0] for row in told if meetings[row[1]].starts_at > now + window]
    for ids, value in ((soon, now), (later, None)):
        if ids:
            db.session.execute(update(Invitation).where(Invitation.id.in_(ids))
                               .values(reminded_at=value)
                               .execution_options(synchronize_session=False))


def _send(rows: Sequence[Row], meetings: dict[int, Meeting], kind: str,
          words: Callable[[Meeting], tuple[texts.Render, texts.Render]],
          now: datetime) -> int:
    by_meeting: dict[int, list[int]] = defaultdict(list)
    for _, meeting_id, member_id in rows:
        by_meeting[meeting_id].append(member_id)
    for meeting_id, member_ids in sorted(by_meeting.items()):
        title, body = words(meetings[meeting_id])
        notify(member_ids, kind, title, body, meeting_path(meeting_id), now)
    return len(rows)


def meeting_notices_job(now: datetime) -> str:
    """`learnhub jobs run`'s line for meeting notices."""
    return meeting_notices(now).line()
