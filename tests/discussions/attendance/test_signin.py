"""A member signs in from their phone: the QR link, login and back, one POST, and every
refusal with its own message."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from sqlalchemy import func, select

from learnhub.discussions.attendance import services
from learnhub.discussions.attendance.models import SigninFailure
from learnhub.discussions.models import Attendance, Invitation, MeetingStatus
from learnhub.extensions import db
from tests.conftest import csrf_token
from tests.discussions.attendance.support import NOW, START, at, code_at, make_room, signin_url
from tests.factories import PASSWORD, make_member
from tests.html import find, one


def _opened(room, with_code: bool = True):
    return services.open_signin(room.host, room.meeting, NOW - timedelta(minutes=1),
                                with_code=with_code)


def _invitation(room, member) -> Invitation:
    return db.session.scalar(select(Invitation).where(
        Invitation.meeting_id == room.meeting.id, Invitation.member_id == member.id))


def _sign(client, room, code, token=None):
    return client.post(signin_url(room.meeting), data={
        "csrf_token": token or csrf_token(client), "code": code})


def test_the_qr_link_fills_in_the_code(client, login_as, monkeypatch):
    room = make_room()
    signin = _opened(room)
    at(monkeypatch, NOW)
    login_as(room.members[0])
    page = client.get(signin_url(room.meeting, code=code_at(signin.secret, NOW)))
    assert page.status_code == 200
    assert one(page.get_data(as_text=True), "input", name="code")["value"] == \
        code_at(signin.secret, NOW)


def test_a_member_not_logged_in_logs_in_and_lands_back_on_the_sign_in(client, monkeypatch):
    room = make_room()
    signin = _opened(room)
    at(monkeypatch, NOW)
    code = code_at(signin.secret, NOW)
    target = signin_url(room.meeting, code=code)
    answer = client.get(target)
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/login?next={quote(target, safe='')}"
    login_page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert one(login_page, "input", id="next")["value"] == target
    logged_in = client.post("/login", data={
        "employee_no": room.members[0].employee_no, "password": PASSWORD, "next": target,
        "csrf_token": one(login_page, "input", id="csrf_token")["value"]})
    assert logged_in.headers["Location"] == target
    page = client.get(target).get_data(as_text=True)
    assert one(page, "input", name="code")["value"] == code


def test_login_does_not_follow_a_next_to_another_site(client):
    member = make_member()
    page = client.get("/login?next=//evil.example/meetings").get_data(as_text=True)
    answer = client.post("/login", data={
        "employee_no": member.employee_no, "password": PASSWORD,
        "next": "//evil.example/meetings", "csrf_token": one(page, "input", id="csrf_token")["value"]})
    assert answer.headers["Location"] == "/"


def test_signing_in_records_present_with_the_time(client, login_as, monkeypatch):
    room = make_room()
    signin = _opened(room)
    at(monkeypatch, NOW)
    member = room.members[0]
    login_as(member)
    answer = _sign(client, room, code_at(signin.secret, NOW))
    assert answer.status_code == 302 and answer.headers["Location"] == signin_url(room.meeting)
    invitation = _invitation(room, member)
    assert invitation.attendance == Attendance.PRESENT and invitation.signed_in_at == NOW
    page = client.get(signin_url(room.meeting)).get_data(as_text=True)
    assert "签到成功。" in page and "已签到 14:00" in page and "出席" in page
    assert find(page, "input", name="code") is None


def test_signing_in_twice_is_one_sign_in(client, login_as, monkeypatch):
    room = make_room()
    signin = _opened(room)
    member = room.members[0]
    login_as(member)
    at(monkeypatch, NOW)
    _sign(client, room, code_at(signin.secret, NOW))
    later = NOW + timedelta(minutes=20)
    at(monkeypatch, later)
    again = _sign(client, room, "000000")  # even a wrong code: already signed in
    assert again.status_code == 302
    page = client.get(signin_url(room.meeting)).get_data(as_text=True)
    assert "你已签到，无需重复签到。" in page and "已签到 14:00" in page
    invitation = _invitation(room, member)
    assert invitation.signed_in_at == NOW and invitation.attendance == Attendance.PRESENT
    assert db.session.scalar(select(func.count()).select_from(SigninFailure)) == 0


def test_signing_in_after_the_grace_is_late():
    room = make_room()
    signin = _opened(room)
    member = room.members[0]
    just_in = START + services.LATE_GRACE
    done = services.sign_in(member, room.meeting, code_at(signin.secret, just_in), just_in)
    assert done.attendance == Attendance.PRESENT
    late = START + services.LATE_GRACE + timedelta(seconds=1)
    other = room.members[1]
    done = services.sign_in(other, room.meeting, code_at(signin.secret, late), late)
    assert done.attendance == Attendance.LATE and not done.already
    assert _invitation(room, other).attendance == Attendance.LATE


def test_a_member_not_invited_is_told_so(client, login_as, monkeypatch):
    room = make_room()
    signin = _opened(room)
    at(monkeypatch, NOW)
    stranger = make_member()
    login_as(stranger)
    assert "你不在本次会议的参会名单中" in client.get(signin_url(room.meeting)).get_data(
        as_text=True)
    answer = _sign(client, room, code_at(signin.secret, NOW))
    assert answer.status_code == 403
    assert "你不在本次会议的参会名单中" in answer.get_data(as_text=True)


def test_before_the_host_opens_it_sign_in_has_not_started(client, login_as, monkeypatch):
    room = make_room()
    at(monkeypatch, NOW)
    login_as(room.members[0])
    page = client.get(signin_url(room.meeting)).get_data(as_text=True)
    assert "签到尚未开始" in page and find(page, "input", name="code") is None
    answer = _sign(client, room, "123456")
    assert answer.status_code == 409 and "签到尚未开始" in answer.get_data(as_text=True)


def test_the_window_opens_thirty_minutes_before_and_ends_with_the_meeting(client, login_as,
                                                                         monkeypatch):
    room = make_room()
    too_early = START - services.OPENS_BEFORE - timedelta(seconds=1)
    at(monkeypatch, too_early)
    login_as(room.host)
    refused = client.post(f"/meetings/{room.meeting.id}/signin/open",
                          data={"csrf_token": csrf_token(client)}, follow_redirects=True)
    assert "现在不能开启签到" in refused.get_data(as_text=True)
    assert services.get_signin(room.meeting) is None
    signin = _opened(room)
    end = room.meeting.ends_at
    member = room.members[0]
    login_as(member)
    at(monkeypatch, end)
    answer = _sign(client, room, code_at(signin.secret, end))
    assert answer.status_code == 409 and "签到已结束" in answer.get_data(as_text=True)
    assert _invitation(room, member).signed_in_at is None


def test_after_the_host_closes_it_sign_in_has_ended(client, login_as, monkeypatch):
    room = make_room()
    signin = _opened(room)
    services.close_signin(room.host, room.meeting, NOW)
    at(monkeypatch, NOW)
    login_as(room.members[0])
    assert "签到已结束" in client.get(signin_url(room.meeting)).get_data(as_text=True)
    answer = _sign(client, room, code_at(signin.secret, NOW))
    assert answer.status_code == 409


def test_a_wrong_code_and_an_expired_code_say_which(client, login_as, monkeypatch):
    room = make_room()
    signin = _opened(room)
    at(monkeypatch, NOW)
    member = room.members[0]
    login_as(member)
    right = code_at(signin.secret, NOW)
    wrong = "000000" if right != "000000" else "111111"
    answer = _sign(client, room, wrong)
    assert answer.status_code == 422 and "签到码不正确" in answer.get_data(as_text=True)
    assert one(answer.get_data(as_text=True), "input", name="code")["value"] == wrong
    expired = code_at(signin.secret, NOW - timedelta(seconds=90))
    answer = _sign(client, room, expired)
    assert answer.status_code == 422 and "签到码已过期" in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(SigninFailure).where(
        SigninFailure.member_id == member.id)) == 2  # both counted
    assert _invitation(room, member).signed_in_at is None


def test_ten_wrong_codes_in_five_minutes_lock_code_entry(client, login_as, monkeypatch):
    room = make_room()
    signin = _opened(room)
    member, other = room.members
    login_as(member)
    token = csrf_token(client)
    for n in range(services.MAX_WRONG_CODES):
        at(monkeypatch, NOW + timedelta(seconds=n))
        assert _sign(client, room, "99999" + str(n % 10)[-1], token).status_code in (422, 302)
    when = NOW + timedelta(seconds=20)
    at(monkeypatch, when)
    locked = _sign(client, room, code_at(signin.secret, when), token)
    assert locked.status_code == 429 and "错误次数过多" in locked.get_data(as_text=True)
    assert _invitation(room, member).signed_in_at is None
    page = client.get(signin_url(room.meeting)).get_data(as_text=True)
    assert "错误次数过多" in page and find(page, "input", name="code") is None
    # another member of the same meeting is not locked
    assert services.sign_in(other, room.meeting, code_at(signin.secret, when), when).attendance \
        == Attendance.PRESENT
    # five minutes after the first wrong code, the member may try again
    later = NOW + services.WRONG_CODE_WINDOW + timedelta(seconds=1)
    at(monkeypatch, later)
    assert _sign(client, room, code_at(signin.secret, later), token).status_code == 302
    assert _invitation(room, member).signed_in_at == later


def test_online_sign_in_needs_no_code(client, login_as, monkeypatch):
    room = make_room(online_url="https://meet.example/abc")
    _opened(room, with_code=False)
    at(monkeypatch, NOW)
    login_as(room.members[0])
    page = client.get(signin_url(room.meeting)).get_data(as_text=True)
    assert find(page, "input", name="code") is None
    assert one(page, "button", type="submit", class_="signin-phone__button").text == "签到"
    assert _sign(client, room, "").status_code == 302
    assert _invitation(room, room.members[0]).attendance == Attendance.PRESENT


def test_a_cancelled_meeting_takes_no_sign_in():
    room = make_room()
    signin = _opened(room)
    room.meeting.status = MeetingStatus.CANCELLED
    db.session.flush()
    import pytest

    from learnhub.discussions.attendance.failures import MeetingNotOn

    with pytest.raises(MeetingNotOn):
        services.sign_in(room.members[0], room.meeting, code_at(signin.secret, NOW), NOW)


def test_the_sign_in_post_needs_a_csrf_token(client, login_as, monkeypatch):
    room = make_room()
    signin = _opened(room)
    at(monkeypatch, NOW)
    login_as(room.members[0])
    answer = client.post(signin_url(room.meeting), data={"code": code_at(signin.secret, NOW)})
    assert answer.status_code == 400
    assert _invitation(room, room.members[0]).signed_in_at is None


def test_the_sign_in_post_takes_few_queries(client, login_as, monkeypatch, count_queries):
    room = make_room()
    signin = _opened(room)
    at(monkeypatch, NOW)
    login_as(room.members[0])
    token, code, url = csrf_token(client), code_at(signin.secret, NOW), signin_url(room.meeting)
    with count_queries() as queries:
        answer = client.post(url, data={"csrf_token": token, "code": code})
    assert answer.status_code == 302
    # member, meeting, the meeting's attendance turn and its status read after it,
    # invitation with sign-in state and recent wrong codes, the UPDATE
    assert len(queries) == 6, "\n".join(s[:70] for s in queries.statements)
    assert [w for w in queries.writes if w.startswith("UPDATE")] == [
        w for w in queries.writes if w.startswith("UPDATE meeting_invitation")]


def test_flask_limiter_caps_a_members_sign_in_posts(make_app):
    from learnhub.discussions.attendance.views import SIGNIN_POSTS_PER_MEMBER
    from learnhub.extensions import limiter

    app = make_app(RATELIMIT_ENABLED=True)
    limiter.reset()
    room = make_room()
    member, other = room.members
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = member.get_id(), True
    token = csrf_token(client)
    allowed = int(SIGNIN_POSTS_PER_MEMBER.split()[0])
    url = signin_url(room.meeting)
    statuses = [client.post(url, data={"csrf_token": token, "code": "1"}).status_code
                for _ in range(allowed + 1)]
    assert statuses[:allowed] == [409] * allowed  # not open yet: refused, but answered
    assert statuses[-1] == 429
    neighbour = app.test_client()
    with neighbour.session_transaction() as session:
        session["_user_id"], session["_fresh"] = other.get_id(), True
    assert neighbour.post(url, data={"csrf_token": csrf_token(neighbour), "code": "1"}
                          ).status_code == 409
