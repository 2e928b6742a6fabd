"""Races run for real: requests in threads of their own, committing to a database of their
own, held by a barrier at the point the race is about, so it happens every time.

`racing_app` is an app on a migrated database that lives for the session (a SQLite file,
or a schema of its own in the PostgreSQL test database); inside its app contexts
`db.session` commits for real, one session and connection per context, so every thread
and request has its own. Tests build their rows in `with racing_app.app_context():`,
commit, then `race()` the requests. Rows are not rolled back: build new ones each time.
`held_before_insert(Model)` holds each racer just before it inserts a `Model` row until all
of them are there: every racer has made its checks and none has inserted yet.
`gunicorn_server` serves the racing database from a real gunicorn with 4 worker processes;
`browser()`, `call()` and `form_token()` talk to it over HTTP, and `session_cookie()` makes
a logged-in session cookie for it without a login (each login hashes a password and counts
towards the login limits).
Loaded by tests/conftest.py (pytest_plugins).
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from flask.testing import FlaskClient
from sqlalchemy import event, make_url, text

from config import TestConfig
from learnhub import create_app
from learnhub.extensions import db
from tests.committing import committing_sessions

HOLD_SECONDS = 30  # only reached when a racer never arrives (a failing test)
SCHEMA = "racing"  # on PostgreSQL: dropped and made again each session
T = TypeVar("T")
GUNICORN = Path(sys.executable).with_name("gunicorn")
ROOT = Path(__file__).resolve().parents[1]
SERVER_SECRET_KEY = "x" * 48


def _racing_config(url: str) -> type[TestConfig]:
    return type("RacingConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url})


@pytest.fixture(scope="session")
def racing_database(app: Flask, tmp_path_factory) -> Iterator[str]:
    """The URL of a migrated database that commits, apart from the rolled-back one."""
    from flask_migrate import upgrade

    url = make_url(TestConfig.SQLALCHEMY_DATABASE_URI)
    if url.get_backend_name() == "sqlite":
        racing_url = f"sqlite:///{tmp_path_factory.mktemp('racing') / 'learnhub.db'}"
    else:
        with app.app_context(), db.engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
        racing_url = url.update_query_dict({"options": f"-c search_path={SCHEMA}"}).render_as_string(
            hide_password=False)
    migrating = create_app(_racing_config(racing_url))
    with migrating.app_context():
        upgrade()
        db.engine.dispose()
    yield racing_url
    if url.get_backend_name() != "sqlite":
        with app.app_context(), db.engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {SCHEMA} CASCADE"))


@pytest.fixture
def racing_app(racing_database: str) -> Iterator[Flask]:
    app = create_app(_racing_config(racing_database))
    app.test_client_class = FlaskClient
    with app.app_context():
        engine = db.engine
    try:
        with committing_sessions(engine):
            yield app
    finally:
        engine.dispose()


def logged_in(app: Flask, member_id: str) -> FlaskClient:
    """A client of `app` with the member's session, as after a login."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = member_id
        session["_fresh"] = True
    return client


@contextmanager
def held_before_insert(model: type, racers: int = 2) -> Iterator[threading.Barrier]:
    """Hold each racer thread once, just before it inserts a `model` row, until `racers` of
    them are there. A racer that never comes breaks the barrier: the others fail."""
    barrier = threading.Barrier(racers, timeout=HOLD_SECONDS)
    held: set[int] = set()

    def hold(mapper, connection, target) -> None:
        thread = threading.current_thread()
        if thread.name.startswith("racer") and thread.ident not in held:
            held.add(thread.ident)  # type: ignore[arg-type]
            barrier.wait()

    event.listen(model, "before_insert", hold)
    try:
        yield barrier
    finally:
        event.remove(model, "before_insert", hold)


def race(*racers: Callable[[], T]) -> list[T]:
    """Run each callable in a thread of its own at once; their results, in order. An
    exception in a racer is raised here."""
    with ThreadPoolExecutor(len(racers), thread_name_prefix="racer") as pool:
        futures = [pool.submit(racer) for racer in racers]
        return [future.result(timeout=2 * HOLD_SECONDS) for future in futures]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn_server(racing_database: str) -> Iterator[str]:
    """The base URL of the app under gunicorn with 4 workers on the racing database. The
    server's output must hold no traceback."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEARNHUB_")} | {
        "LEARNHUB_DATABASE_URL": racing_database, "LEARNHUB_SECRET_KEY": SERVER_SECRET_KEY}
    process = subprocess.Popen(
        [str(GUNICORN), "--workers", "4", "--bind", f"127.0.0.1:{port}", "--timeout", "60",
         "learnhub:create_app()"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("gunicorn did not start")
        yield base
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert "Traceback" not in output, output


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def browser(cookie_jar: http.cookiejar.CookieJar | None = None) -> urllib.request.OpenerDirector:
    """An HTTP client keeping its cookies and not following redirects."""
    jar = cookie_jar if cookie_jar is not None else http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())


def call(opener, url: str, data: bytes | None = None, headers: dict | None = None):
    """(status, body text, headers) of one request, errors included."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers


def form_token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


def session_cookie(base_url: str, member_id: str) -> http.cookiejar.CookieJar:
    """A cookie jar holding the server's session cookie for `member_id` (Member.get_id()),
    signed with the server's key, as after a login."""
    signer = Flask("racing-cookies")
    signer.secret_key = SERVER_SECRET_KEY
    serializer = SecureCookieSessionInterface().get_signing_serializer(signer)
    assert serializer is not None
    value = serializer.dumps({"_user_id": member_id, "_fresh": True})
    host = base_url.split("//", 1)[1].split(":", 1)[0]
    jar = http.cookiejar.CookieJar()
    jar.set_cookie(http.cookiejar.Cookie(
        0, "session", value, None, False, host, False, False, "/", True, False, None, True,
        None, None, {}))
    return jar
