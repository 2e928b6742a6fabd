"""GET /healthz: 200 when the database answers, 503 when it does not."""

from __future__ import annotations

import socket
import sqlite3
import threading
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from config import TestConfig
from learnhub import create_app
from learnhub.extensions import db as _db
from tests.conftest import RequestIsolatingClient
from tests.factories import make_member

# Nothing listens on port 1: connecting is refused at once, like a database that is down.
UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/none"


@pytest.fixture(autouse=True)
def db(app):
    """No test transaction here: each app must reach its own database through its engine."""
    with app.app_context():
        yield _db


def test_healthz_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_down(app):
    down = create_app(type("DatabaseDown", (TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": UNREACHABLE,
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
    }))
    try:
        response = down.test_client().get("/healthz")
        assert response.status_code == 503
        assert response.get_json() == {"status": "error", "database": "error"}
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    finally:
        with down.app_context():
            _db.engine.dispose()



# --- Timeouts: a database that does not answer fails fast (503), it does not hang -------

URL = TestConfig.SQLALCHEMY_DATABASE_URI
ON_POSTGRESQL = URL.startswith("postgresql")


def app_with(**overrides):
    variant = create_app(type("Variant", (TestConfig,), overrides))
    variant.test_client_class = RequestIsolatingClient
    return variant


def with_session_cookie(client):
    """A signed-in browser: the user loader queries `member` before any view runs."""
    with client.session_transaction() as session:
        session["_user_id"] = "1:1"
        session["_fresh"] = True
    return client


@pytest.fixture
def short_lock_app():
    """The test database with a one-second lock timeout (PostgreSQL lock_timeout)."""
    variant = app_with(DB_LOCK_TIMEOUT=1)
    yield variant
    with variant.app_context():
        _db.engine.dispose()


@contextmanager
def member_table_locked():
    """A second connection holds ACCESS EXCLUSIVE on `member`, as a migration rewriting
    the table would. The server ends it after 30 s should the app wait instead of failing,
    so a regression shows as a failure, not a hung suite."""
    blocker = create_engine(URL, poolclass=NullPool)
    connection = blocker.connect()
    connection.execute(text("SET lock_timeout = '10s'"))
    connection.execute(text("SET idle_in_transaction_session_timeout = '30s'"))
    connection.execute(text("LOCK TABLE member IN ACCESS EXCLUSIVE MODE"))
    try:
        yield
    finally:
        try:
            connection.rollback()
            connection.close()
        except OperationalError:  # the server ended it already
            pass
        blocker.dispose()


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL lock_timeout")
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "session-cookie"])
def test_healthz_answers_503_while_the_member_table_is_locked(short_lock_app, signed_in):
    client = short_lock_app.test_client()
    assert client.get("/healthz").status_code == 200
    if signed_in:
        with_session_cookie(client)
    with member_table_locked():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "error"}
    assert client.get("/healthz").status_code == 200  # the lock is gone: healthy again


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL lock_timeout")
def test_a_page_answers_503_while_the_table_it_reads_is_locked(short_lock_app):
    client = with_session_cookie(short_lock_app.test_client())
    with member_table_locked():
        response = client.get("/", headers={"Accept": "text/html"})
    assert response.status_code == 503
    assert "服务暂时不可用" in response.get_data(as_text=True)



class SilentServer:
    """A TCP listener on 127.0.0.1 that accepts and never answers: a hung database server.
    After 30 seconds it gives up and closes the connection itself, so that an app without
    a connect timeout shows as a failure (an answer only after that), not a hung suite."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.gave_up = threading.Event()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        with conn:
            if not self.done.wait(timeout=30):
                self.gave_up.set()

    def close(self) -> None:
        self.done.set()
        self.sock.close()
        self.thread.join(timeout=35)


def test_healthz_answers_503_when_the_database_server_never_answers():
    server = SilentServer()
    hung = app_with(
        SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://postgres@127.0.0.1:{server.port}/x"
                                "?sslmode=disable",
        DB_CONNECT_TIMEOUT=2)
    try:
        response = with_session_cookie(hung.test_client()).get("/healthz")
        answered_while_the_server_was_silent = not server.gave_up.is_set()
        assert response.status_code == 503
        assert response.get_json() == {"status": "error", "database": "error"}
        assert answered_while_the_server_was_silent
    finally:
        with hung.app_context():
            _db.engine.dispose()
        server.close()


@pytest.fixture
def sqlite_file_app(tmp_path):
    """An app on a SQLite file with the schema and a one-second busy timeout."""
    path = tmp_path / "learnhub.db"
    variant = app_with(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", DB_LOCK_TIMEOUT=1,
                       WTF_CSRF_ENABLED=False)
    with variant.app_context():
        _db.create_all()
    yield variant, path
    with variant.app_context():
        _db.engine.dispose()


@contextmanager
def sqlite_locked(app, path, *, readers_too: bool):
    """Another process holds the write lock (BEGIN IMMEDIATE), or with `readers_too` an
    exclusive lock that readers wait for as well. Either way the app's statements get
    SQLITE_BUSY once the busy timeout has passed."""
    with app.app_context():
        _db.engine.dispose()  # an exclusive lock needs every other connection closed
    holder = sqlite3.connect(path, isolation_level=None)
    if readers_too:
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("SELECT count(*) FROM member").fetchone()
    else:
        holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "session-cookie"])
def test_healthz_answers_503_while_the_sqlite_database_is_locked(sqlite_file_app, signed_in):
    app, path = sqlite_file_app
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    if signed_in:
        with_session_cookie(client)
    with sqlite_locked(app, path, readers_too=True):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "error"}
    assert client.get("/healthz").status_code == 200


def test_a_page_answers_503_while_the_sqlite_database_is_locked(sqlite_file_app):
    app, path = sqlite_file_app
    client = with_session_cookie(app.test_client())
    with sqlite_locked(app, path, readers_too=True):
        response = client.get("/", headers={"Accept": "application/json"})
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "service_unavailable"


def test_a_write_answers_503_while_another_process_holds_the_sqlite_write_lock(
        sqlite_file_app):
    app, path = sqlite_file_app
    client = app.test_client()
    with app.app_context():
        make_member(employee_no="E1")
        _db.session.commit()
    with sqlite_locked(app, path, readers_too=False):
        assert client.get("/healthz").status_code == 200  # readers go on (WAL)
        # A wrong password counts a failed attempt: the request must write.
        response = client.post("/login", data={"employee_no": "E1", "password": "x" * 12})
    assert response.status_code == 503
    assert "服务暂时不可用" in response.get_data(as_text=True)
