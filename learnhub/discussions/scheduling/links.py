"""Where a meeting's page leads: the discussion, sign-in, attendance, minutes, the seminar
and the .ics file, each offered only to whoever the page behind it lets in, so the meeting
page is the one place a person finds every step of a meeting and never a dead link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from learnhub.discussions.attendance.models import MeetingSignin
from learnhub.discussions.attendance.services import OPENS_BEFORE
from learnhub.discussions.minutes.models import MeetingMinutes, MinutesStatus
from learnhub.discussions.models import Meeting, MeetingStatus
from learnhub.extensions import db


@dataclass(frozen=True)
class MeetingLinks:
    """What the viewer may reach from the meeting page (flags the partial renders)."""

    meeting_id: int
    signin: bool          # an invitee, while sign-in takes members
    open_signin: bool     # the host, inside the sign-in window, sign-in not open
    screen: bool          # the host, while sign-in is open (签到大屏 and 关闭签到)
    attendance: bool      # recorder or host
    minutes: bool         # recorder or host
    print_minutes: bool   # anyone who sees the meeting, once the minutes are approved
    seminar: bool         # the meeting's kind is a 专题研讨


def meeting_links(meeting: Meeting, *, is_seminar: bool, invited: bool, may_run: bool,
                  may_record: bool, now: datetime) -> MeetingLinks:
    """One query: the sign-in state and the minutes' status side by side."""
    row = db.session.execute(
        select(MeetingSignin.closed_at, MeetingSignin.meeting_id, MeetingMinutes.status)
        .select_from(Meeting)
        .outerjoin(MeetingSignin, MeetingSignin.meeting_id == Meeting.id)
        .outerjoin(MeetingMinutes, MeetingMinutes.meeting_id == Meeting.id)
        .where(Meeting.id == meeting.id)).one()
    closed_at, signin_id, minutes_status = row
    on = meeting.status is MeetingStatus.SCHEDULED
    in_window = meeting.starts_at - OPENS_BEFORE <= now < meeting.ends_at
    accepting = on and in_window and signin_id is not None and closed_at is None
    return MeetingLinks(
        meeting_id=meeting.id, signin=invited and accepting,
        open_signin=may_run and on and in_window and not accepting,
        screen=may_run and accepting, attendance=may_record, minutes=may_record,
        print_minutes=minutes_status == MinutesStatus.APPROVED, seminar=is_seminar)
