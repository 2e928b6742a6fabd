"""The meeting page leads everywhere a viewer may go (and only there): every link on it
answers 200 for the host, the recorder and an invitee, in each state of the meeting."""

from datetime import UTC, datetime, timedelta

import pytest

from learnhub.discussions.attendance import services as attendance
from learnhub.discussions.minutes.models import MeetingMinutes, MinutesStatus
from learnhub.extensions import db
from learnhub.org.models import PartyPost
from tests.discussions.builders import make_meeting, make_seminar
from tests.factories import make_member, make_unit
from tests.html import find, find_all, parse


@pytest.fixture
def people():
    branch = make_unit()
    return (branch, make_member(branch, party_post=PartyPost.SECRETARY.value),
            make_member(branch, name="记录员"), make_member(branch, name="党员甲"))


def follow_every_link(client, meeting_id: int) -> set[str]:
    """GET each same-site link on the meeting page; the names of the meeting's steps."""
    page = client.get(f"/meetings/{meeting_id}")
    assert page.status_code == 200
    document = parse(page.get_data(as_text=True))
    for link in find_all(document, "a"):
        href = link.get("href") or ""
        if href.startswith("/") and not href.startswith("/static/"):
            assert client.get(href, follow_redirects=True).status_code == 200, (href, link.text)
    steps = find(document, "nav", **{"class": "actions meeting-links"})
    assert steps is not None
    return {a.text for a in find_all(steps, "a")} | {b.text for b in find_all(steps, "button")}


def test_links_while_sign_in_is_open_at_a_seminar(people, client, login_as):
    branch, host, recorder, member = people
    now = datetime.now(UTC).replace(microsecond=0)
    meeting = make_seminar(branch, invitees=[member], host=host, recorder=recorder,
                           starts_at=now + timedelta(minutes=10))
    login_as(host)
    assert follow_every_link(client, meeting.id) == {"讨论", "出勤", "会议记录", "专题研讨",
                                                     "下载日历", "打开签到"}
    attendance.open_signin(host, meeting, now)
    db.session.commit()
    assert follow_every_link(client, meeting.id) == {"讨论", "签到大屏", "出勤", "会议记录",
                                                     "专题研讨", "下载日历", "关闭签到"}
    login_as(recorder)
    assert follow_every_link(client, meeting.id) == {"讨论", "出勤", "会议记录", "专题研讨",
                                                     "下载日历"}
    login_as(member)
    assert follow_every_link(client, meeting.id) == {"讨论", "签到", "专题研讨", "下载日历"}


def test_links_once_the_minutes_are_approved(people, client, login_as):
    branch, host, recorder, member = people
    now = datetime.now(UTC).replace(microsecond=0)
    meeting = make_meeting(branch, invitees=[member], host=host, recorder=recorder,
                           starts_at=now - timedelta(days=2))
    db.session.add(MeetingMinutes(meeting_id=meeting.id, status=MinutesStatus.APPROVED,
                                  saved_at=now, approved_at=now, approved_by_id=host.id))
    db.session.commit()
    for who, steps in ((host, {"讨论", "出勤", "会议记录", "打印会议记录", "下载日历"}),
                       (recorder, {"讨论", "出勤", "会议记录", "打印会议记录", "下载日历"}),
                       (member, {"讨论", "打印会议记录", "下载日历"})):
        login_as(who)
        assert follow_every_link(client, meeting.id) == steps


def test_the_host_opens_and_closes_sign_in_from_the_meeting_page(people, client, login_as,
                                                                 post):
    branch, host, _recorder, member = people
    meeting = make_meeting(branch, invitees=[member], host=host,
                           starts_at=datetime.now(UTC) + timedelta(minutes=5))
    db.session.commit()
    login_as(host)
    opened = post(f"/meetings/{meeting.id}/signin/open", {})
    assert opened.status_code == 302 and opened.location.endswith(f"/{meeting.id}/signin/screen")
    assert attendance.get_signin(meeting) is not None
    closed = post(f"/meetings/{meeting.id}/signin/close", {})
    assert closed.status_code == 302 and closed.location.endswith(f"/{meeting.id}/attendance")


def test_the_other_pages_lead_back(people, client, login_as):
    branch, host, recorder, member = people
    meeting = make_meeting(branch, invitees=[member], host=host, recorder=recorder)
    db.session.commit()
    login_as(member)
    upcoming = parse(client.get("/meetings/").get_data(as_text=True))
    assert find(upcoming, "a", href="/meetings/calendar-feed") is not None
    login_as(recorder)
    minutes = parse(client.get(f"/meetings/{meeting.id}/minutes").get_data(as_text=True))
    assert find(minutes, "a", href=f"/meetings/{meeting.id}/attendance") is not None
    login_as(host)
    report = client.get(f"/meetings/compliance/units/{branch.id}?period={meeting.starts_at:%Y}")
    assert report.status_code == 200
    assert find(parse(report.get_data(as_text=True)), "a",
                href=f"/meetings/{meeting.id}") is not None
