"""Scheduling services: series materialised, edit one / following, cancel one / the rest,
sequence bumps, audience changes, extend_series."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from learnhub.core.errors import Forbidden
from learnhub.discussions.models import Invitation, Meeting, MeetingStatus, Reply
from learnhub.discussions.scheduling import services
from learnhub.discussions.scheduling.audience import Audience
from learnhub.discussions.scheduling.details import InvalidMeeting, MeetingDetails, When
from learnhub.discussions.scheduling.recurrence import Repeat, RuleChoice
from learnhub.discussions.scheduling.series import extend_series
from learnhub.extensions import db
from learnhub.org.models import PartyPost
from tests.discussions.builders import make_kind
from tests.factories import make_member, make_unit

NOW = datetime(2027, 1, 1, tzinfo=UTC)


@pytest.fixture
def branch():
    return make_unit()


@pytest.fixture
def secretary(branch):
    return make_member(branch, party_post=PartyPost.SECRETARY.value)


def details(branch, **kw):
    fields = dict(kind=make_kind(), title="支部党员大会", audience=Audience(branch.id),
                  place="三楼会议室", agenda_markdown="1. 学习\n<script>x</script>")
    fields.update(kw)
    return MeetingDetails(**fields)


def when(day=date(2027, 1, 12), hour=19, zone="Asia/Shanghai"):
    return When(datetime(day.year, day.month, day.day, hour), 90, zone)


def series_rows(meeting):
    return list(db.session.scalars(select(Meeting).where(Meeting.series_id == meeting.series_id)
                                   .order_by(Meeting.occurrence_start)))


def test_a_one_off_invites_the_units_active_members_and_sanitises_the_agenda(branch, secretary):
    member, gone = make_member(branch), make_member(branch, active=False)
    meeting = services.schedule(secretary, branch, details(branch), when(), None, NOW)
    invited = set(db.session.scalars(select(Invitation.member_id)
                                     .where(Invitation.meeting_id == meeting.id)))
    assert member.id in invited and secretary.id in invited and gone.id not in invited
    assert meeting.starts_at == datetime(2027, 1, 12, 11, tzinfo=UTC)
    assert "<script>" not in meeting.agenda_html and "<li>" in meeting.agenda_html
    assert meeting.series_id is None and meeting.sequence == 0


def test_a_monthly_second_tuesday_series_is_materialised_to_its_count(branch, secretary):
    rule = RuleChoice(Repeat.MONTHLY_WEEKDAY, weekday=1, nth=2, count=6)
    first = services.schedule(secretary, branch, details(branch), when(date(2027, 1, 1)), rule,
                              NOW)
    rows = series_rows(first)
    assert [r.starts_at.date() for r in rows][:3] == [date(2027, 1, 12), date(2027, 2, 9),
                                                      date(2027, 3, 9)]
    assert len(rows) == 6 and len({r.uid for r in rows}) == 6
    assert all(r.occurrence_start == r.starts_at for r in rows)


def test_an_open_series_stops_at_the_horizon_and_extend_series_moves_it(branch, secretary):
    rule = RuleChoice(Repeat.WEEKLY, weekday=1)
    first = services.schedule(secretary, branch, details(branch), when(), rule, NOW)
    before = len(series_rows(first))
    assert 50 <= before <= 53
    assert extend_series(NOW) == 0
    assert extend_series(NOW + timedelta(days=30)) in (4, 5)
    assert extend_series(NOW + timedelta(days=30)) == 0


def test_a_berlin_series_keeps_19_00_local(branch, secretary):
    rule = RuleChoice(Repeat.MONTHLY_DATE, monthday=15, count=12)
    first = services.schedule(secretary, branch, details(branch), when(date(2027, 1, 15),
                              zone="Europe/Berlin"), rule, NOW)
    from zoneinfo import ZoneInfo
    hours = {r.starts_at.astimezone(ZoneInfo("Europe/Berlin")).hour for r in series_rows(first)}
    assert hours == {19}


def test_only_schedulers_schedule(branch):
    with pytest.raises(Forbidden):
        services.schedule(make_member(branch), branch, details(branch), when(), None, NOW)


def test_the_place_or_a_link_is_required_and_the_start_is_in_the_future(branch, secretary):
    with pytest.raises(InvalidMeeting):
        services.schedule(secretary, branch, details(branch, place=""), when(), None, NOW)
    with pytest.raises(InvalidMeeting):
        services.schedule(secretary, branch, details(branch), when(date(2026, 12, 1)), None, NOW)


def test_editing_one_occurrence_bumps_only_its_sequence(branch, secretary):
    rule = RuleChoice(Repeat.WEEKLY, weekday=1, count=4)
    first = services.schedule(secretary, branch, details(branch), when(), rule, NOW)
    second = series_rows(first)[1]
    assert services.edit_one(secretary, second, details(branch, place="礼堂"),
                             when(date(2027, 1, 20), 15), NOW)
    rows = series_rows(first)
    assert rows[1].place == "礼堂" and rows[1].sequence == 1
    assert rows[1].starts_at == datetime(2027, 1, 20, 7, tzinfo=UTC)
    assert rows[1].occurrence_start == datetime(2027, 1, 19, 11, tzinfo=UTC)
    assert rows[0].sequence == 0 and rows[2].place == "三楼会议室"
    assert not services.edit_one(secretary, rows[2], details(branch), when(date(2027, 1, 26)),
                                 NOW)
    assert rows[2].sequence == 0


def test_editing_this_and_following_splits_the_series_and_keeps_replies(branch, secretary):
    member = make_member(branch)
    rule = RuleChoice(Repeat.WEEKLY, weekday=1, count=4)
    first = services.schedule(secretary, branch, details(branch), when(), rule, NOW)
    rows = series_rows(first)
    third = rows[2]
    reply = db.session.scalar(select(Invitation).where(Invitation.meeting_id == third.id,
                                                       Invitation.member_id == member.id))
    reply.reply = Reply.ATTENDING
    new = services.edit_following(secretary, third, details(branch, title="改为周三"),
                                  when(date(2027, 1, 27)),
                                  RuleChoice(Repeat.WEEKLY, weekday=2, count=2), NOW)
    assert "UNTIL=" in first.series.rrule and "COUNT" not in first.series.rrule
    assert [r.id for r in series_rows(first)] == [rows[0].id, rows[1].id]
    moved = series_rows(third)
    assert third.series_id == new.id and [m.id for m in moved] == [rows[2].id, rows[3].id]
    assert [m.starts_at.date() for m in moved] == [date(2027, 1, 27), date(2027, 2, 3)]
    assert all(m.sequence == 1 and m.title == "改为周三" for m in moved)
    assert db.session.get(Invitation, reply.id).reply is Reply.ATTENDING


def test_cancelling_one_needs_a_reason_and_bumps_the_sequence(branch, secretary):
    meeting = services.schedule(secretary, branch, details(branch), when(), None, NOW)
    with pytest.raises(services.ReasonRequired):
        services.cancel_one(secretary, meeting, "  ")
    services.cancel_one(secretary, meeting, "上级临时通知")
    assert meeting.status is MeetingStatus.CANCELLED and meeting.sequence == 1
    assert meeting.cancel_reason == "上级临时通知"
    with pytest.raises(services.MeetingNotOpen):
        services.cancel_one(secretary, meeting, "again")


def test_cancelling_the_rest_ends_the_rule(branch, secretary):
    rule = RuleChoice(Repeat.WEEKLY, weekday=1)
    first = services.schedule(secretary, branch, details(branch), when(), rule, NOW)
    rows = series_rows(first)
    assert services.cancel_following(secretary, rows[3], "支部合并") == len(rows) - 3
    rows = series_rows(first)
    assert [r.status for r in rows[:3]] == [MeetingStatus.SCHEDULED] * 3
    assert all(r.status is MeetingStatus.CANCELLED and r.sequence == 1 for r in rows[3:])
    assert extend_series(NOW + timedelta(days=90)) == 0


def test_audience_change_keeps_invitations_with_a_reply(branch, secretary):
    a, b = make_member(branch), make_member(branch)
    meeting = services.schedule(secretary, branch, details(branch), when(), None, NOW)
    replied = db.session.scalar(select(Invitation).where(Invitation.meeting_id == meeting.id,
                                                         Invitation.member_id == a.id))
    replied.reply = Reply.LEAVE_REQUESTED
    only = Audience(branch.id, whole_unit=False, member_ids=(secretary.id,))
    services.edit_one(secretary, meeting, details(branch, audience=only), when(), NOW)
    invited = set(db.session.scalars(select(Invitation.member_id)
                                     .where(Invitation.meeting_id == meeting.id)))
    assert invited == {secretary.id, a.id} and b.id not in invited
