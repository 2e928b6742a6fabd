"""Security on every response: CSP without inline script, no framing, nosniff, referrer
policy; session cookies HttpOnly and SameSite=Lax, Secure when configured."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_token
from tests.factories import PASSWORD, make_member
from tests.html import find_all


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("url", ["/login", "/", "/healthz", "/static/css/app.css", "/no-such-page"])
def test_every_response_carries_the_security_headers(client, url):
    with client.get(url) as response:
        pass  # closed: a static file response holds the file open
    csp = csp_directives(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in {"same-origin", "strict-origin-when-cross-origin",
                                                   "no-referrer"}


def test_logged_in_pages_carry_the_security_headers_and_are_not_cached(login_as):
    client = login_as(make_member())
    response = client.get("/")
    assert response.status_code == 200
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "no-store" in response.headers["Cache-Control"]


def test_pages_have_no_inline_script_or_style(login_as):
    page = login_as(make_member()).get("/").get_data(as_text=True)
    assert find_all(page, "script") and not find_all(page, "script", src=False)
    assert not find_all(page, style=True) and not find_all(page, "style")


def login_cookie(client, member) -> str:
    token = csrf_token(client)
    response = client.post("/login", data={"employee_no": member.employee_no,
                                           "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    return next(c for c in cookies if c.startswith("session="))


def test_session_cookie_is_httponly_and_samesite_lax_and_not_secure_by_default(client):
    cookie = login_cookie(client, make_member())
    attributes = [part.strip().lower() for part in cookie.split(";")]
    assert "httponly" in attributes
    assert "samesite=lax" in attributes
    assert "secure" not in attributes


def test_session_cookie_is_secure_when_configured(make_app):
    app = make_app(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    client = app.test_client()
    cookie = login_cookie(client, make_member())
    attributes = [part.strip().lower() for part in cookie.split(";")]
    assert {"secure", "httponly", "samesite=lax"} <= set(attributes)
    assert "max-age=31536000" in client.get("/login").headers["Strict-Transport-Security"]
