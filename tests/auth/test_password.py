"""Changing the password: the rules, the message under the field, and the sessions it ends."""

from __future__ import annotations

import pytest

from learnhub.auth.passwords import verify_password
from tests.conftest import RequestIsolatingClient, csrf_token
from tests.factories import PASSWORD, make_member
from tests.html import find

NEW_PASSWORD = "a-much-better-passphrase"


def log_in(client, member, password: str = PASSWORD):
    response = client.post("/login", data={"employee_no": member.employee_no,
                                           "password": password,
                                           "csrf_token": csrf_token(client)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def change(client, current: str, new: str, confirm: str | None = None):
    return client.post("/account/password", data={
        "current_password": current, "new_password": new,
        "confirm": new if confirm is None else confirm, "csrf_token": csrf_token(client),
    })


def error_under(page: str, field_id: str) -> str:
    """The error text shown under one field (the macro gives it the id '<field>-error')."""
    error = find(page, "p", class_="error", id=f"{field_id}-error")
    assert error, f"no error under {field_id}"
    return error.text


def test_password_page_requires_login(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_member_changes_password_and_logs_in_with_the_new_one(client):
    member = make_member()
    log_in(client, member)
    response = change(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert verify_password(member.password_hash, NEW_PASSWORD)
    assert "密码已修改" in client.get("/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    log_in(client, member, NEW_PASSWORD)


def test_wrong_current_password_is_shown_under_its_field_and_changes_nothing(client):
    member = make_member()
    log_in(client, member)
    before = (member.password_hash, member.session_version)
    response = change(client, "not-my-password", NEW_PASSWORD)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert error_under(page, "current_password") == "当前密码不正确。"
    assert (member.password_hash, member.session_version) == before


@pytest.mark.parametrize("new_password,message", [
    ("short-pw1", "密码至少需要 10 个字符。"),
    ("EMP0012345", "密码不能与工号相同。"),
    ("emp0012345", "密码不能与工号相同。"),
    ("0123456789", "这个密码太常见，容易被猜到，请换一个。"),
    ("Qwertyuiop", "这个密码太常见，容易被猜到，请换一个。"),
    (PASSWORD, "新密码不能与当前密码相同。"),
])
def test_each_password_rule_is_shown_under_the_field_and_changes_nothing(
        client, new_password, message):
    member = make_member(employee_no="EMP0012345")
    log_in(client, member)
    before = (member.password_hash, member.session_version, member.must_change_password)
    response = change(client, PASSWORD, new_password)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert error_under(page, "new_password") == message
    assert find(page, class_="error-summary")
    assert (member.password_hash, member.session_version, member.must_change_password) == before


def test_mismatched_confirmation_is_shown_under_its_field(client):
    member = make_member()
    log_in(client, member)
    before = member.password_hash
    page = change(client, PASSWORD, NEW_PASSWORD, confirm="something-else-1").get_data(as_text=True)
    assert error_under(page, "confirm") == "两次输入的新密码不一致。"
    assert member.password_hash == before


def test_changing_password_ends_other_sessions_but_keeps_this_one(app, client):
    member = make_member()
    log_in(client, member)
    other_device = app.test_client()
    log_in(other_device, member)
    with client.session_transaction() as session:
        stolen = dict(session)
    assert other_device.get("/").status_code == 200

    assert change(client, PASSWORD, NEW_PASSWORD).status_code == 302

    assert client.get("/").status_code == 200
    assert other_device.get("/").status_code == 302
    copy = app.test_client()
    assert isinstance(copy, RequestIsolatingClient)
    with copy.session_transaction() as session:
        session.update(stolen)
    response = copy.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_first_login_cannot_reach_other_pages_until_the_password_is_changed(client):
    member = make_member(must_change_password=True)
    log_in(client, member)
    for url in ("/", "/me/credits", "/no-such-page"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].endswith("/account/password")
    page = client.get("/account/password").get_data(as_text=True)
    assert page.count("首次登录或密码已被重置，请先设置新密码。") == 1


def test_first_login_may_still_log_out_and_switch_language(client):
    member = make_member(must_change_password=True)
    log_in(client, member)
    response = client.post("/language", data={"lang": "en", "next": "/account/password",
                                              "csrf_token": csrf_token(client)})
    assert response.headers["Location"].endswith("/account/password")
    assert member.locale == "en"
    response = client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert response.headers["Location"].endswith("/login")


def test_after_the_first_password_change_every_page_opens(client):
    member = make_member(must_change_password=True)
    log_in(client, member)
    assert change(client, PASSWORD, NEW_PASSWORD).status_code == 302
    assert member.must_change_password is False
    assert client.get("/").status_code == 200
    assert client.get("/me/credits").status_code == 200
