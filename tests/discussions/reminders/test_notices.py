"""Meeting notices derived from the meetings' state: one of each, at the right time, in
the invitee's language and zone, never twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from learnhub.discussions.models import Invitation, MeetingStatus, Reply
from learnhub.discussions.reminders.notices import (
    CANCELLATION,
    CHANGE,
    INVITATION,
    REMINDER,
    meeting_notices,
)
from learnhub.extensions import db
from learnhub.notifications.models import Notification
from tests.discussions.builders import make_meeting
from tests.factories import make_member, make_unit

NOW = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
DAY = timedelta(days=1)


def notices(*members) -> list[tuple[int, str]]:
    ids = [m.id for m in members]
    return [(n.member_id, n.kind) for n in db.session.scalars(
        select(Notification).where(Notification.member_id.in_(ids))
        .order_by(Notification.id))]


def test_each_invitee_gets_one_invitation_however_often_it_runs():
    unit = make_unit(name="第一党支部")
    a, b = make_member(unit), make_member(unit)
    meeting = make_meeting(unit, invitees=[a, b], starts_at=NOW + 3 * DAY, place="三楼会议室")
    first = meeting_notices(NOW)
    second = meeting_notices(NOW + timedelta(minutes=5))
    assert (first.invitations, second.invitations) == (2, 0)
    assert notices(a, b) == [(a.id, INVITATION), (b.id, INVITATION)]
    note = db.session.scalar(select(Notification).where(Notification.member_id == a.id))
    assert note.title == "组织生活邀请：支部党员大会"
    assert "第一党支部邀请你参加“支部党员大会”。" in note.body
    assert "时间：2027年3月4日 星期四 10:00" in note.body and "地点：三楼会议室" in note.body
    assert note.link == f"/meetings/{meeting.id}"


def test_a_change_invitees_should_see_makes_one_change_notice():
    unit = make_unit()
    a = make_member(unit)
    meeting = make_meeting(unit, invitees=[a], starts_at=NOW + 3 * DAY)
    meeting_notices(NOW)
    meeting.starts_at += timedelta(hours=2)
    meeting.ends_at += timedelta(hours=2)
    meeting.sequence += 1
    db.session.flush()
    assert meeting_notices(NOW).changes == 1
    assert meeting_notices(NOW).changes == 0
    assert notices(a) == [(a.id, INVITATION), (a.id, CHANGE)]
    change = db.session.scalars(select(Notification).where(Notification.kind == CHANGE,
                                                           Notification.member_id == a.id)).one()
    assert "时间：2027年3月4日 星期四 12:00" in change.body


def test_a_cancellation_says_so_with_the_reason():
    unit = make_unit()
    a = make_member(unit)
    meeting = make_meeting(unit, invitees=[a], starts_at=NOW + 3 * DAY)
    meeting_notices(NOW)
    meeting.status, meeting.cancel_reason = MeetingStatus.CANCELLED, "与上级党委会议冲突"
    meeting.sequence += 1
    db.session.flush()
    counts = meeting_notices(NOW)
    assert (counts.cancellations, counts.changes) == (1, 0)
    cancelled = db.session.scalars(select(Notification).where(
        Notification.kind == CANCELLATION, Notification.member_id == a.id)).one()
    assert cancelled.title == "组织生活取消：支部党员大会"
    assert "原定于 2027年3月4日 星期四 10:00 的“支部党员大会”已取消。" in cancelled.body
    assert "原因：与上级党委会议冲突" in cancelled.body
    assert meeting_notices(NOW + 2 * DAY).reminders == 0  # no reminder of a cancelled one


def test_a_meeting_cancelled_before_anyone_heard_of_it_sends_nothing():
    unit = make_unit()
    a = make_member(unit)
    make_meeting(unit, invitees=[a], starts_at=NOW + 3 * DAY, status=MeetingStatus.CANCELLED,
                 sequence=1, cancel_reason="改期")
    assert meeting_notices(NOW).line() == "0 invitation(s), 0 change(s), 0 cancellation(s), 0 reminder(s)"
    assert notices(a) == []


def test_the_reminder_comes_once_when_the_start_is_within_the_window():
    unit = make_unit()
    a = make_member(unit)
    make_meeting(unit, invitees=[a], starts_at=NOW + 3 * DAY)
    meeting_notices(NOW)  # the invitation, three days ahead
    assert meeting_notices(NOW + DAY + timedelta(hours=23)).reminders == 0  # 25 hours before
    later = NOW + 2 * DAY + timedelta(minutes=5)  # 23h55 before: inside the day's window
    assert meeting_notices(later).reminders == 1
    assert meeting_notices(later + timedelta(hours=1)).reminders == 0
    assert notices(a) == [(a.id, INVITATION), (a.id, REMINDER)]
    reminder = db.session.scalars(select(Notification).where(Notification.kind == REMINDER,
                                                             Notification.member_id == a.id)).one()
    assert reminder.body.startswith("“支部党员大会”将于 2027年3月4日 星期四 10:00 开始。")


def test_the_window_is_a_setting(app, monkeypatch):
    monkeypatch.setitem(app.config, "MEETING_REMINDER_MINUTES", 60)
    unit = make_unit()
    a = make_member(unit)
    make_meeting(unit, invitees=[a], starts_at=NOW + 3 * DAY)
    meeting_notices(NOW)
    assert meeting_notices(NOW + 3 * DAY - timedelta(minutes=61)).reminders == 0
    assert meeting_notices(NOW + 3 * DAY - timedelta(minutes=59)).reminders == 1


def test_an_invitation_inside_the_window_is_the_reminder():
    unit = make_unit()
    a = make_member(unit)
    make_meeting(unit, invitees=[a], starts_at=NOW + timedelta(hours=5))
    counts = meeting_notices(NOW)
    assert (counts.invitations, counts.reminders) == (1, 0)
    assert meeting_notices(NOW + timedelta(hours=1)).reminders == 0
    assert notices(a) == [(a.id, INVITATION)]


def test_a_meeting_moved_later_is_reminded_again_before_its_new_start():
    unit = make_unit()
    a = make_member(unit)
    meeting = make_meeting(unit, invitees=[a], starts_at=NOW + timedelta(hours=5))
    meeting_notices(NOW)
    meeting.starts_at += 7 * DAY
    meeting.ends_at += 7 * DAY
    meeting.sequence += 1
    db.session.flush()
    assert meeting_notices(NOW).changes == 1
    assert meeting_notices(NOW + 7 * DAY).reminders == 1


def test_approved_leave_is_not_reminded():
    unit = make_unit()
    a, b = make_member(unit), make_member(unit)
    meeting = make_meeting(unit, invitees=[a, b], starts_at=NOW + 3 * DAY)
    meeting_notices(NOW)
    db.session.scalars(select(Invitation).where(Invitation.meeting_id == meeting.id,
                                                Invitation.member_id == a.id)).one().reply = \
        Reply.LEAVE_APPROVED
    db.session.flush()
    assert meeting_notices(NOW + 2 * DAY + timedelta(hours=1)).reminders == 1
    assert notices(a, b)[-1] == (b.id, REMINDER)


def test_meetings_already_started_are_left_alone():
    unit = make_unit()
    a = make_member(unit)
    make_meeting(unit, invitees=[a], starts_at=NOW - timedelta(minutes=1))
    assert meeting_notices(NOW).invitations == 0
    assert notices(a) == []


def test_notices_are_written_in_each_invitees_language_and_time_zone():
    unit = make_unit()
    berlin = make_member(unit, locale="en", timezone="Europe/Berlin")
    make_meeting(unit, invitees=[berlin], starts_at=NOW + 3 * DAY, title="Branch meeting",
                 online_url="https://meet.example.cn/abc")
    meeting_notices(NOW)
    note = db.session.scalars(select(Notification).where(
        Notification.member_id == berlin.id)).one()
    assert note.title == "Meeting invitation: Branch meeting"
    assert "Time: Thu 4 Mar 2027 03:00" in note.body  # 10:00 in Shanghai, 03:00 in Berlin
    assert "Join online: https://meet.example.cn/abc" in note.body
