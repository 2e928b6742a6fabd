"""A meeting's .ics: valid RFC 5545 read back by a second parser, with its times, zone,
changes and cancellation; only for those who may see the meeting."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from learnhub.discussions.models import MeetingStatus
from learnhub.extensions import db
from tests.discussions.builders import make_meeting
from tests.discussions.calendar_feed.conftest import events_by_uid, parse
from tests.factories import make_member, make_unit

SHANGHAI = ZoneInfo("Asia/Shanghai")
# 19:00 in Shanghai on a winter evening (no daylight saving in Berlin either).
WINTER_19H = datetime(2027, 1, 14, 19, 0, tzinfo=SHANGHAI).astimezone(UTC)
SUMMER_19H = datetime(2027, 7, 15, 19, 0, tzinfo=SHANGHAI).astimezone(UTC)


def invited_meeting(**fields):
    unit = make_unit()
    member = make_member(unit)
    meeting = make_meeting(unit, invitees=[member], **fields)
    return member, meeting


def download(login_as, member, meeting):
    return login_as(member).get(f"/meetings/{meeting.id}.ics")


def test_invitee_downloads_a_calendar_file(login_as):
    member, meeting = invited_meeting(starts_at=WINTER_19H)
    response = download(login_as, member, meeting)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="meeting-{meeting.id}.ics"'
    calendar = parse(response.data)
    assert calendar.version.value == "2.0"
    assert calendar.prodid.value == "-//LearnHub//Meetings//ZH"
    assert calendar.method.value == "PUBLISH"
    event = events_by_uid(calendar)[meeting.uid]
    assert event.summary.value == meeting.title
    assert event.url.value == f"http://localhost/meetings/{meeting.id}"
    assert event.status.value == "CONFIRMED"
    assert int(event.sequence.value) == 0
    assert event.dtstamp.value.tzinfo is not None


def test_shanghai_evening_meeting_is_19h_local_with_its_vtimezone(login_as):
    member, meeting = invited_meeting(starts_at=WINTER_19H, minutes=90)
    body = download(login_as, member, meeting).data
    assert b"DTSTART;TZID=Asia/Shanghai:20270114T190000\r\n" in body
    assert b"DTEND;TZID=Asia/Shanghai:20270114T203000\r\n" in body
    calendar = parse(body)
    assert [tz.tzid.value for tz in calendar.contents["vtimezone"]] == ["Asia/Shanghai"]
    event = events_by_uid(calendar)[meeting.uid]
    assert event.dtstart.value == WINTER_19H
    assert event.dtstart.value.utcoffset().total_seconds() == 8 * 3600
    assert event.dtend.value - event.dtstart.value == meeting.ends_at - meeting.starts_at


def test_member_in_berlin_sees_the_right_local_time_in_winter_and_summer(login_as):
    unit = make_unit()
    member = make_member(unit, timezone="Europe/Berlin")
    berlin = ZoneInfo("Europe/Berlin")
    for starts_at, expected in ((WINTER_19H, (12, 0)), (SUMMER_19H, (13, 0))):
        meeting = make_meeting(unit, invitees=[member], starts_at=starts_at)
        event = events_by_uid(parse(download(login_as, member, meeting).data))[meeting.uid]
        local = event.dtstart.value.astimezone(berlin)
        assert (local.hour, local.minute) == expected


def test_meeting_in_a_zone_with_daylight_saving_gets_its_transitions(login_as):
    member, meeting = invited_meeting(starts_at=datetime(2027, 3, 28, 0, 30, tzinfo=UTC))
    meeting.timezone = "Europe/Berlin"  # 01:30 CET, the night clocks go forward
    db.session.flush()
    calendar = parse(download(login_as, member, meeting).data)
    (zone,) = calendar.contents["vtimezone"]
    assert zone.tzid.value == "Europe/Berlin"
    event = events_by_uid(calendar)[meeting.uid]
    assert event.dtstart.value == meeting.starts_at
    assert event.dtend.value == meeting.ends_at  # 03:00 CEST: the transition applied
    assert event.dtend.value.utcoffset().total_seconds() == 2 * 3600


def test_changed_meeting_carries_its_sequence(login_as):
    member, meeting = invited_meeting(starts_at=WINTER_19H)
    first = events_by_uid(parse(download(login_as, member, meeting).data))[meeting.uid]
    meeting.starts_at = meeting.starts_at.replace(hour=meeting.starts_at.hour + 1)
    meeting.ends_at = meeting.ends_at.replace(hour=meeting.ends_at.hour + 1)
    meeting.sequence += 1  # as the scheduling services do on every change
    db.session.flush()
    second = events_by_uid(parse(download(login_as, member, meeting).data))[meeting.uid]
    assert int(first.sequence.value) == 0 and int(second.sequence.value) == 1
    assert second.dtstart.value == datetime(2027, 1, 14, 20, 0, tzinfo=SHANGHAI)
    assert second.uid.value == first.uid.value


def test_cancelled_meeting_says_so_with_its_reason(login_as):
    member, meeting = invited_meeting(starts_at=WINTER_19H)
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = "上级检查，改期另行通知"
    meeting.sequence = 3
    db.session.flush()
    event = events_by_uid(parse(download(login_as, member, meeting).data))[meeting.uid]
    assert event.status.value == "CANCELLED"
    assert int(event.sequence.value) == 3
    assert event.summary.value == f"[已取消] {meeting.title}"
    assert "上级检查，改期另行通知" in event.description.value


def test_text_with_commas_semicolons_and_line_breaks_round_trips(login_as):
    title = "学习会, 第一期; 讨论\\总结"
    agenda = "1. 传达文件, 学习讨论;\n2. 交流心得\n3. 布置任务，确定时间；"
    member, meeting = invited_meeting(title=title, agenda_markdown=agenda,
                                      place="三楼会议室, 东侧; 靠窗")
    body = download(login_as, member, meeting).data
    assert "SUMMARY:学习会\\, 第一期\\; 讨论\\\\总结\r\n".encode() in body
    assert b"\\n" in body  # a line break in text is the two characters \n
    event = events_by_uid(parse(body))[meeting.uid]
    assert event.summary.value == title
    assert event.location.value == "三楼会议室, 东侧; 靠窗"
    assert agenda in event.description.value


def test_long_chinese_agenda_is_folded_by_octets_and_reads_back_whole(login_as):
    agenda = "深入学习贯彻党的二十大精神，结合本支部实际开展讨论。" * 12
    member, meeting = invited_meeting(agenda_markdown=agenda, theme="专题研讨：" + "担当作为" * 20)
    body = download(login_as, member, meeting).data
    folded = [line for line in body.split(b"\r\n") if line.startswith(b" ")]
    assert len(folded) > 10
    # 75 octets hold at most 24 three-octet characters (plus the space or the name).
    assert max(len(line) for line in body.split(b"\r\n")) > 60
    event = events_by_uid(parse(body))[meeting.uid]  # parse checks each line's octets
    assert agenda in event.description.value
    assert "担当作为" * 20 in event.description.value


def test_host_with_email_is_the_organizer(login_as):
    unit = make_unit()
    member = make_member(unit)
    host = make_member(unit, email="shuji@example.com", name="王书记")
    meeting = make_meeting(unit, invitees=[member], host=host)
    event = events_by_uid(parse(download(login_as, member, meeting).data))[meeting.uid]
    assert event.organizer.value == "mailto:shuji@example.com"
    assert event.organizer.params["CN"] == ["王书记"]


def test_member_not_invited_gets_404(login_as):
    _, meeting = invited_meeting()
    outsider = make_member(make_unit())
    assert download(login_as, outsider, meeting).status_code == 404


def test_unknown_meeting_is_404(login_as):
    assert login_as(make_member()).get("/meetings/999999.ics").status_code == 404


def test_download_needs_login(client):
    _, meeting = invited_meeting()
    response = client.get(f"/meetings/{meeting.id}.ics")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
