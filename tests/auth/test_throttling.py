"""Login throttling: per account whatever the IP, per IP whatever the account (Flask-Limiter)."""

from __future__ import annotations

import logging
import uuid

import pytest
import redis

from learnhub.extensions import limiter
from tests.conftest import csrf_token
from tests.factories import PASSWORD, make_member

TOO_MANY = "尝试次数过多，请稍后再试。"
REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def limited(make_app):
    """A client of an app with small login limits; each test starts with fresh counters."""
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_ACCOUNT="3 per minute",
                   LOGIN_LIMIT_PER_IP="5 per minute")
    limiter.reset()
    return app.test_client()


def attempt(client, employee_no: str, password: str = "wrong-password-1", *,
            ip: str = "192.0.2.1", forwarded_for: str | None = None):
    environ = {"REMOTE_ADDR": ip}
    if forwarded_for:
        environ["HTTP_X_FORWARDED_FOR"] = forwarded_for
    token = csrf_token(client)
    return client.post("/login", data={"employee_no": employee_no, "password": password,
                                       "csrf_token": token}, environ_base=environ)


def test_per_account_limit_applies_whatever_the_ip(limited):
    member = make_member()
    for n in range(3):
        assert attempt(limited, member.employee_no, ip=f"192.0.2.{n + 1}").status_code == 401
    response = attempt(limited, member.employee_no, PASSWORD, ip="198.51.100.7")
    assert response.status_code == 429
    assert TOO_MANY in response.get_data(as_text=True)


def test_per_account_limit_does_not_touch_other_accounts(limited):
    member, other = make_member(), make_member()
    for n in range(3):
        attempt(limited, member.employee_no, ip=f"192.0.2.{n + 1}")
    assert attempt(limited, other.employee_no, PASSWORD, ip="192.0.2.9").status_code == 302


def test_per_ip_limit_applies_across_accounts(limited):
    for n in range(5):
        assert attempt(limited, f"nobody{n}").status_code == 401
    fresh = make_member()
    response = attempt(limited, fresh.employee_no, PASSWORD)
    assert response.status_code == 429
    assert TOO_MANY in response.get_data(as_text=True)


def test_per_ip_limit_does_not_touch_other_addresses(limited):
    for n in range(5):
        attempt(limited, f"nobody{n}")
    member = make_member()
    assert attempt(limited, member.employee_no, PASSWORD, ip="192.0.2.99").status_code == 302


def test_behind_a_trusted_proxy_the_per_ip_limit_uses_the_forwarded_address(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_IP="5 per minute", PROXY_COUNT=1)
    client = app.test_client()
    limiter.reset()
    for n in range(5):
        attempt(client, f"nobody{n}", ip="127.0.0.1", forwarded_for="192.0.2.10")
    member = make_member()
    assert attempt(client, member.employee_no, PASSWORD, ip="127.0.0.1",
                   forwarded_for="192.0.2.11").status_code == 302
    assert attempt(client, "nobody9", ip="127.0.0.1",
                   forwarded_for="192.0.2.10").status_code == 429


def test_without_a_trusted_proxy_a_forged_forwarded_address_does_not_escape_the_limit(limited):
    for n in range(5):
        attempt(limited, f"nobody{n}", forwarded_for=f"198.51.100.{n}")
    member = make_member()
    assert attempt(limited, member.employee_no, PASSWORD,
                   forwarded_for="198.51.100.200").status_code == 429


def _over_the_ip_limit(client, accept: str):
    for n in range(5):
        attempt(client, f"nobody{n}")
    token = csrf_token(client)
    return client.post("/login", data={"employee_no": "nobody9", "password": "x",
                                       "csrf_token": token},
                       headers={"Accept": accept}, environ_base={"REMOTE_ADDR": "192.0.2.1"})


def test_a_client_without_a_preference_like_curl_gets_the_chinese_429_page(limited):
    response = _over_the_ip_limit(limited, "*/*")
    assert response.status_code == 429
    assert response.mimetype == "text/html"
    assert TOO_MANY in response.get_data(as_text=True)


def test_a_json_client_gets_the_429_reason_in_chinese_too(limited):
    response = _over_the_ip_limit(limited, "application/json")
    assert response.status_code == 429
    assert response.get_json()["error"]["message"] == TOO_MANY


def test_showing_the_login_page_is_not_counted(limited):
    for _ in range(8):
        assert limited.get("/login").status_code == 200


def test_limits_are_off_in_the_test_config(client, post):
    member = make_member()
    for _ in range(12):
        post("/login", {"employee_no": member.employee_no, "password": "wrong-password-1"})
    assert post("/login", {"employee_no": "nobody", "password": "x"}).status_code == 401


def test_storage_is_memory_without_redis(make_app):
    app = make_app(RATELIMIT_ENABLED=True, REDIS_URL=None)
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_storage_is_redis_when_a_redis_url_is_set(make_app):
    app = make_app(RATELIMIT_ENABLED=True, REDIS_URL=REDIS_URL)
    assert app.config["RATELIMIT_STORAGE_URI"] == REDIS_URL


def test_explicit_storage_uri_wins_over_redis_url(make_app):
    app = make_app(RATELIMIT_ENABLED=True, REDIS_URL=REDIS_URL,
                   RATELIMIT_STORAGE_URI="memory://")
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


@pytest.fixture
def redis_client():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        client.close()
        pytest.skip("Redis is not answering on 127.0.0.1:6379")
    yield client
    client.close()


def test_login_attempts_are_counted_in_redis(make_app, redis_client):
    tag = uuid.uuid4().hex[:12]  # the Redis server may be shared: touch only our own keys
    app = make_app(RATELIMIT_ENABLED=True, REDIS_URL=REDIS_URL,
                   LOGIN_LIMIT_PER_ACCOUNT="2 per minute")
    client = app.test_client()
    try:
        member = make_member(employee_no=f"redis-{tag}")
        for _ in range(2):
            assert attempt(client, member.employee_no, ip="192.0.2.50").status_code == 401
        assert attempt(client, member.employee_no, PASSWORD, ip="192.0.2.51").status_code == 429
        assert list(redis_client.scan_iter(match=f"*{tag}*"))
    finally:
        for key in redis_client.scan_iter(match=f"*{tag}*"):
            redis_client.delete(key)
        for key in redis_client.scan_iter(match="*192.0.2.5[01]*"):
            redis_client.delete(key)
        limiter.storage.storage.close()


def test_memory_storage_is_announced_once_at_start(make_app, caplog):
    """Outside production, memory storage starts, but says that each process counts alone."""
    with caplog.at_level(logging.WARNING, logger="learnhub"):
        make_app(RATELIMIT_ENABLED=True, REDIS_URL=None)
    announced = [r.getMessage() for r in caplog.records if "LEARNHUB_REDIS_URL" in r.getMessage()]
    assert announced == [
        "Login rate limits are counted in this process's memory (LEARNHUB_REDIS_URL is "
        "unset): with several worker processes each counts on its own, so the limits "
        "multiply. Set LEARNHUB_REDIS_URL to share them."]


def test_shared_storage_is_not_announced(make_app, caplog):
    with caplog.at_level(logging.WARNING, logger="learnhub"):
        make_app(RATELIMIT_ENABLED=True, REDIS_URL=REDIS_URL)
    assert not [r for r in caplog.records if "LEARNHUB_REDIS_URL" in r.getMessage()]
