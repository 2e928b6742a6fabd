"""Error pages speak the user's language; a failed CSRF check says the page expired."""

from __future__ import annotations

import pytest
from flask import abort
from flask_babel import force_locale, gettext
from sqlalchemy import text

from learnhub.core.errors import Forbidden
from learnhub.extensions import db
from learnhub.org.models import Role
from tests.factories import make_member
from tests.html import one


def english(app, msgid: str) -> str:
    """What the English catalogue says for msgid (the msgid itself until it is translated)."""
    with app.test_request_context(), force_locale("en"):
        return gettext(msgid)


@pytest.fixture
def app_with_forbidden_pages(make_app):
    app = make_app()

    @app.get("/test/abort-403")
    def abort_403():
        abort(403)

    @app.get("/test/domain-403")
    def domain_403():
        raise Forbidden()

    return app


def test_404_page_is_in_chinese_by_default(client):
    response = client.get("/no-such-page")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert one(page, "html")["lang"] == "zh-CN"
    assert "页面不存在。" in page


def test_404_page_is_in_the_members_language(app, login_as):
    client = login_as(make_member(locale="en"))
    response = client.get("/no-such-page")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert one(page, "html")["lang"] == "en"
    assert english(app, "页面不存在。") in page


def test_404_page_follows_accept_language_before_login(app, client):
    response = client.get("/no-such-page", headers={"Accept-Language": "en-GB,en;q=0.9"})
    page = response.get_data(as_text=True)
    assert one(page, "html")["lang"] == "en"
    assert english(app, "页面不存在。") in page


def test_403_page_is_in_chinese_by_default(app_with_forbidden_pages):
    client = app_with_forbidden_pages.test_client()
    for url in ("/test/abort-403", "/test/domain-403"):
        response = client.get(url)
        assert response.status_code == 403
        assert one(response.get_data(as_text=True), "html")["lang"] == "zh-CN"
    assert "你没有权限访问此页面。" in client.get("/test/abort-403").get_data(as_text=True)
    assert "你没有权限执行此操作。" in client.get("/test/domain-403").get_data(as_text=True)


def test_403_page_is_in_the_members_language(app_with_forbidden_pages):
    member = make_member(locale="en")
    client = app_with_forbidden_pages.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = member.get_id()
    response = client.get("/test/domain-403")
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert one(page, "html")["lang"] == "en"
    assert english(app_with_forbidden_pages, "你没有权限执行此操作。") in page


def test_403_answers_json_to_api_clients(app_with_forbidden_pages):
    client = app_with_forbidden_pages.test_client()
    response = client.get("/test/domain-403", headers={"Accept": "application/json"})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_a_client_accepting_anything_gets_the_html_page(client):
    response = client.get("/no-such-page", headers={"Accept": "*/*"})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "页面不存在。" in response.get_data(as_text=True)


def test_json_errors_carry_the_same_translated_message(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"] == {"code": "not_found", "message": "页面不存在。",
                                            "fields": {}}


@pytest.mark.parametrize("url", ["/admin/members/2147483648", "/admin/members/99999999999999999999",
                                 "/admin/units/99999999999999999999/rename"])
def test_an_id_beyond_the_database_columns_is_a_404_not_a_500(login_as, url):
    admin = make_member(roles=(Role.ADMIN,))
    response = login_as(admin).get(url)
    assert response.status_code == 404
    assert "页面不存在。" in response.get_data(as_text=True)


def test_csrf_failure_says_the_page_expired(client):
    member = make_member()
    response = client.post("/login", data={"employee_no": member.employee_no,
                                           "password": "whatever-it-is", "csrf_token": "stale"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "页面已过期或请求无效，请刷新页面后重试。" in page
    assert one(page, "html")["lang"] == "zh-CN"


def test_csrf_failure_on_logout_keeps_the_member_logged_in(login_as):
    client = login_as(make_member())
    response = client.post("/logout", data={})
    assert response.status_code == 400
    assert "页面已过期" in response.get_data(as_text=True)
    assert client.get("/").status_code == 200


def test_server_error_page_renders_after_a_failed_database_statement(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/test/broken")
    def broken():
        db.session.execute(text("SELECT * FROM no_such_table"))

    member = make_member()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = member.get_id()
    response = client.get("/test/broken")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "服务器出错了，请稍后再试。" in page
    assert member.name in page  # the full layout, with the member's menu
