from datetime import timedelta

import pytest

from learnhub.auth.services import end_sessions
from learnhub.core.timeutil import now_utc
from learnhub.extensions import db
from tests.conftest import csrf_token
from tests.factories import PASSWORD, make_member
from tests.html import one


def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_member_logs_in_with_employee_no_and_sees_home_in_chinese(client, post):
    member = make_member(name="张三")
    response = post("/login", {"employee_no": member.employee_no, "password": PASSWORD},
                    follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "你好，张三" in page
    assert member.unit.name in page
    assert one(page, "html")["lang"] == "zh-CN"


def test_login_without_csrf_token_is_refused(client):
    member = make_member()
    response = client.post("/login", data={"employee_no": member.employee_no,
                                           "password": PASSWORD})
    assert response.status_code == 400
    with client.session_transaction() as session:
        assert "_user_id" not in session


@pytest.mark.parametrize("employee_no,password", [
    ("nobody", PASSWORD), ("RIGHT", "wrong-password-123"),
])
def test_failed_login_says_the_same_thing_whatever_was_wrong(client, post, employee_no, password):
    member = make_member()
    employee_no = member.employee_no if employee_no == "RIGHT" else employee_no
    response = post("/login", {"employee_no": employee_no, "password": password})
    assert response.status_code == 401
    assert "工号或密码不正确，或账号暂时被锁定。" in response.get_data(as_text=True)


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, post, app):
    member = make_member()
    for _ in range(app.config["LOCKOUT_THRESHOLD"]):
        post("/login", {"employee_no": member.employee_no, "password": "wrong-password-1"})
    assert member.locked_until is not None and member.locked_until > now_utc()
    response = post("/login", {"employee_no": member.employee_no, "password": PASSWORD})
    assert response.status_code == 401


def test_lock_expires(client, post):
    member = make_member(locked_until=now_utc() - timedelta(minutes=1))
    response = post("/login", {"employee_no": member.employee_no, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("target", [
    "//evil.example", "/\\evil.example", "/%09/evil.example", "https://evil.example",
    "javascript:alert(1)", "/\t/evil.example", "\\\\evil.example",
])
def test_next_only_goes_to_a_local_path(client, post, target):
    member = make_member()
    response = post(f"/login?next={target}", {"employee_no": member.employee_no,
                                              "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_goes_to_a_local_path(client, post):
    member = make_member()
    response = post("/login", {"employee_no": member.employee_no, "password": PASSWORD,
                               "next": "/me/credits?year=2025"})
    assert response.headers["Location"] == "/me/credits?year=2025"


def test_logout_makes_old_session_cookie_useless(client, post, app):
    member = make_member()
    post("/login", {"employee_no": member.employee_no, "password": PASSWORD})
    with client.session_transaction() as session:
        stolen = dict(session)
    post("/logout")
    with client.session_transaction() as session:
        session.clear()
        session.update(stolen)
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logging_out_a_session_ended_elsewhere_lands_on_the_login_page(client, post):
    member = make_member()
    post("/login", {"employee_no": member.employee_no, "password": PASSWORD})
    token = csrf_token(client)  # the stale tab's form
    end_sessions(member)  # logged out on another device
    db.session.flush()
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert client.get("/").status_code == 302


def test_first_login_must_set_a_new_password(client, post):
    member = make_member(must_change_password=True)
    post("/login", {"employee_no": member.employee_no, "password": PASSWORD})
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/password")


def test_csrf_token_is_on_the_login_page(client):
    assert csrf_token(client)
