"""The host's side: opening and closing sign-in, the room's screen, and the attendance
list where the host or recorder sets statuses by hand, audited, locked once held."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from learnhub.discussions.attendance import services
from learnhub.discussions.models import Attendance, Invitation, MeetingStatus
from learnhub.extensions import db
from learnhub.org.models import AuditEvent, Role
from tests.conftest import csrf_token
from tests.discussions.attendance.support import NOW, at, code_at, make_room
from tests.factories import make_member
from tests.html import find, find_all, one


def _url(room, tail: str = "") -> str:
    return f"/meetings/{room.meeting.id}{tail}"


def _invitation(room, member) -> Invitation:
    return db.session.scalar(select(Invitation).where(
        Invitation.meeting_id == room.meeting.id, Invitation.member_id == member.id))


def _set(client, room, member, status: str, reason: str = ""):
    invitation = _invitation(room, member)
    return client.post(_url(room, f"/attendance/{invitation.id}"), data={
        "csrf_token": csrf_token(client), "status": status, "reason": reason})


def test_the_host_opens_sign_in_and_the_screen_shows_code_qr_and_count(client, login_as,
                                                                       monkeypatch):
    room = make_room()
    at(monkeypatch, NOW)
    login_as(room.host)
    closed = client.get(_url(room, "/signin/screen")).get_data(as_text=True)
    assert "签到未开启" in closed
    opened = client.post(_url(room, "/signin/open"), data={"csrf_token": csrf_token(client)})
    assert opened.headers["Location"] == _url(room, "/signin/screen")
    signin = services.get_signin(room.meeting)
    assert signin.with_code and signin.is_open
    page = client.get(_url(room, "/signin/screen")).get_data(as_text=True)
    code = code_at(signin.secret, NOW)
    assert one(page, "p", id="signin-code").text == f"{code[:3]} {code[3:]}"
    assert f"http://localhost/meetings/{room.meeting.id}/signin?code={code}" in page
    assert find(page, "svg", class_="signin-qr__image") is not None
    assert one(page, "strong", id="signin-count").text == "0"
    assert one(page, "span", id="signin-seconds").text == "25"  # NOW is 5 s into its step
    assert one(page, "meta", http_equiv="refresh")["content"] == "25"
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "meeting.signin.open"))
    assert audit.actor_id == room.host.id


def test_the_screen_state_refreshes_the_code_for_the_script(client, login_as, monkeypatch):
    room = make_room()
    signin = services.open_signin(room.host, room.meeting, NOW)
    services.sign_in(room.members[0], room.meeting, code_at(signin.secret, NOW), NOW)
    login_as(room.host)
    later = NOW + timedelta(seconds=30)
    at(monkeypatch, later)
    state = client.get(_url(room, "/signin/screen/state")).get_json()
    assert state["open"] and state["code"] == code_at(signin.secret, later)
    assert state["code"] != code_at(signin.secret, NOW) and state["seconds_left"] == 25
    assert state["signed_in"] == 1 and state["invited"] == 2
    assert state["qr_svg"].startswith("<svg") and state["url"].endswith(f"code={state['code']}")


def test_an_online_meeting_opens_without_a_code(client, login_as, monkeypatch):
    room = make_room(online_url="https://meet.example/abc")
    at(monkeypatch, NOW)
    login_as(room.host)
    page = client.get(_url(room, "/signin/screen")).get_data(as_text=True)
    assert one(page, "input", name="without_code").get("checked") is not None
    client.post(_url(room, "/signin/open"), data={"csrf_token": csrf_token(client),
                                                 "without_code": "y"})
    assert services.get_signin(room.meeting).with_code is False
    page = client.get(_url(room, "/signin/screen")).get_data(as_text=True)
    assert "线上签到" in page and find(page, "p", id="signin-code") is None


def test_only_those_who_run_the_meeting_see_the_screen_or_open_it(client, login_as,
                                                                 monkeypatch):
    room = make_room()
    at(monkeypatch, NOW)
    member = room.members[0]
    login_as(member)
    assert client.get(_url(room, "/signin/screen")).status_code == 403
    assert client.get(_url(room, "/signin/screen/state")).status_code == 403
    answer = client.post(_url(room, "/signin/open"), data={"csrf_token": csrf_token(client)})
    assert answer.status_code == 403 and services.get_signin(room.meeting) is None
    assert client.get(_url(room, "/attendance")).status_code == 403
    assert _set(client, room, member, "present").status_code == 403
    assert _invitation(room, member).attendance == Attendance.UNKNOWN
    assert client.get("/meetings/999999/attendance").status_code == 404


def test_the_host_closes_sign_in(client, login_as, monkeypatch):
    room = make_room()
    services.open_signin(room.host, room.meeting, NOW)
    at(monkeypatch, NOW)
    login_as(room.host)
    client.post(_url(room, "/signin/close"), data={"csrf_token": csrf_token(client)})
    assert services.get_signin(room.meeting).closed_at == NOW
    assert "签到未开启" in client.get(_url(room, "/signin/screen")).get_data(as_text=True)


def test_the_recorder_sets_a_status_with_a_reason_and_it_is_audited(client, login_as,
                                                                   monkeypatch):
    recorder = make_member()
    room = make_room(recorder=recorder)
    at(monkeypatch, NOW)
    member = room.members[0]
    login_as(recorder)
    answer = _set(client, room, member, "excused", "出差（已批准）")
    assert answer.status_code == 302
    invitation = _invitation(room, member)
    assert invitation.attendance == Attendance.EXCUSED
    assert invitation.attendance_reason == "出差（已批准）"
    assert invitation.attendance_set_by_id == recorder.id
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "meeting.attendance.set"))
    assert event.actor_id == recorder.id and event.object_id == str(invitation.id)
    assert event.details["before"] == {"attendance": "unknown", "reason": ""}
    assert event.details["after"] == {"attendance": "excused", "reason": "出差（已批准）"}
    page = client.get(_url(room, "/attendance")).get_data(as_text=True)
    row = one(page, "tr", id=f"invitee-{invitation.id}")
    assert "请假" in row.text and "出差（已批准）" in row.text and recorder.name in row.text
    _set(client, room, member, "excused", "出差（已批准）")  # no change: no second event
    assert len(db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "meeting.attendance.set")).all()) == 1


def test_a_hand_set_status_may_overrule_a_sign_in(client, login_as, monkeypatch):
    room = make_room()
    signin = services.open_signin(room.host, room.meeting, NOW)
    member = room.members[0]
    services.sign_in(member, room.meeting, code_at(signin.secret, NOW), NOW)
    at(monkeypatch, NOW)
    login_as(room.host)
    _set(client, room, member, "absent", "签到后离开")
    invitation = _invitation(room, member)
    assert invitation.attendance == Attendance.ABSENT and invitation.signed_in_at == NOW


def test_an_unknown_status_is_refused(client, login_as, monkeypatch):
    room = make_room()
    at(monkeypatch, NOW)
    login_as(room.host)
    for status in ("unknown", "vip"):
        page = _set(client, room, room.members[0], status)
        assert "请选择有效的出勤状态" in client.get(page.headers["Location"]).get_data(
            as_text=True)
    assert _invitation(room, room.members[0]).attendance == Attendance.UNKNOWN


def test_attendance_is_locked_once_the_minutes_are_approved(client, login_as, monkeypatch):
    room = make_room()
    room.meeting.status = MeetingStatus.HELD
    db.session.flush()
    at(monkeypatch, NOW)
    login_as(room.host)
    answer = _set(client, room, room.members[0], "present")
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "会议记录已审批，出勤情况已锁定" in page
    assert find(page, "select", name="status") is None
    assert _invitation(room, room.members[0]).attendance == Attendance.UNKNOWN


def test_a_manager_of_the_unit_may_record(client, login_as, monkeypatch):
    room = make_room()
    manager = make_member(room.meeting.unit, roles=(Role.MANAGER,))
    at(monkeypatch, NOW)
    login_as(manager)
    assert client.get(_url(room, "/attendance")).status_code == 200


def test_the_attendance_page_lists_every_invitee_in_constant_queries(client, login_as,
                                                                    monkeypatch, count_queries):
    counts = []
    for invitees in (2, 12):
        room = make_room(invitees)
        signin = services.open_signin(room.host, room.meeting, NOW)
        services.sign_in(room.members[0], room.meeting, code_at(signin.secret, NOW), NOW)
        services.set_attendance(room.host, _invitation(room, room.members[1]), "late", "堵车", NOW)
        at(monkeypatch, NOW)
        login_as(room.host)
        url = _url(room, "/attendance")
        with count_queries() as queries:
            page = client.get(url).get_data(as_text=True)
        rows = find_all(page, "tr", id=re.compile("^invitee-"))
        assert len(rows) == invitees
        assert "14:00" in rows[0].text or "14:00" in page
        counts.append(len(queries))
    # member with grants, meeting, the sign-in state, the roster with who set each
    assert counts[0] == counts[1] == 4, counts
