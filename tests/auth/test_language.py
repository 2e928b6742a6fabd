"""Language: zh-CN by default, English by Accept-Language before login, per member after."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_token
from tests.factories import PASSWORD, make_member
from tests.html import find, one


def html_lang(response) -> str:
    return one(response.get_data(as_text=True), "html")["lang"]


def test_login_page_is_in_chinese_by_default(client):
    response = client.get("/login")
    assert html_lang(response) == "zh-CN"
    assert "使用工号和密码登录" in response.get_data(as_text=True)


@pytest.mark.parametrize("header,lang", [
    ("en", "en"), ("en-US,en;q=0.9", "en"), ("en-GB", "en"),
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"), ("zh-TW", "zh-CN"), ("fr-FR", "zh-CN"),
    ("fr-FR,en;q=0.5", "en"), ("", "zh-CN"),
])
def test_accept_language_chooses_the_language_before_login(client, header, lang):
    response = client.get("/login", headers={"Accept-Language": header})
    assert html_lang(response) == lang


def test_switching_language_before_login_lasts_for_the_visit(client):
    response = client.post("/language", data={"lang": "en", "next": "/login",
                                              "csrf_token": csrf_token(client)})
    assert response.headers["Location"] == "/login"
    assert html_lang(client.get("/login")) == "en"


def test_language_chosen_before_login_survives_logging_in(client):
    member = make_member()
    client.post("/language", data={"lang": "en", "csrf_token": csrf_token(client)})
    client.post("/login", data={"employee_no": member.employee_no, "password": PASSWORD,
                                "csrf_token": csrf_token(client)})
    assert html_lang(client.get("/")) == "en"


def test_member_switches_to_english_and_it_is_saved_on_the_member(login_as):
    member = make_member()
    client = login_as(member)
    assert html_lang(client.get("/")) == "zh-CN"
    response = client.post("/language", data={"lang": "en", "next": "/",
                                              "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert member.locale == "en"
    assert html_lang(client.get("/")) == "en"


def test_members_language_follows_them_to_a_new_device(app, login_as):
    member = make_member(locale="en")
    client = login_as(member)
    response = client.get("/", headers={"Accept-Language": "zh-CN"})
    assert html_lang(response) == "en"
    # the switch offers 中文 back
    assert find(response.get_data(as_text=True), "button", name="lang", value="zh_CN")


def test_member_switches_back_to_chinese(login_as):
    member = make_member(locale="en")
    client = login_as(member)
    client.post("/language", data={"lang": "zh_CN", "csrf_token": csrf_token(client)})
    assert member.locale == "zh_CN"
    assert html_lang(client.get("/")) == "zh-CN"


def test_unknown_language_changes_nothing(login_as):
    member = make_member()
    client = login_as(member)
    response = client.post("/language", data={"lang": "xx", "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert member.locale is None
    assert html_lang(client.get("/")) == "zh-CN"


def test_language_switch_goes_back_only_to_a_local_page(login_as):
    client = login_as(make_member())
    response = client.post("/language", data={"lang": "en", "next": "//evil.example/",
                                              "csrf_token": csrf_token(client)})
    assert response.headers["Location"] == "/"


def test_member_without_a_choice_reads_chinese_whatever_the_browser_says(client, login_as):
    login_as(make_member())
    response = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert html_lang(response) == "zh-CN"
