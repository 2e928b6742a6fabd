"""One app and schema per session (built by the real migrations); each test runs in a
transaction that is rolled back at the end, so tests never see each other's rows."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from flask import Flask
from flask.globals import _cv_app
from flask.testing import FlaskClient
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy import event, text
from sqlalchemy.orm import scoped_session, sessionmaker

from config import TestConfig
from learnhub import create_app
from learnhub.extensions import db as _db
from learnhub.i18n import compile_catalogues
from tests.html import find

pytest_plugins = ("tests.racing",)  # racing_app: races between real connections


def _reset_database(app: Flask) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        if _db.engine.dialect.name == "postgresql":
            with _db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade()


@pytest.fixture(scope="session")
def app() -> Iterator[Flask]:
    compile_catalogues()
    application = create_app(TestConfig)
    _reset_database(application)
    yield application
    with application.app_context():
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def db(app: Flask) -> Iterator:
    """The test's database session; everything it writes is rolled back afterwards."""
    with app.app_context():
        connection = _db.engine.connect()
        outer = connection.begin()
        original = _db.session
        # A plain Session: Flask-SQLAlchemy's own would ignore `bind` and use the engine.
        _db.session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
            scopefunc=_app_ctx_id,
        )
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = original
            outer.rollback()
            connection.close()


class RequestIsolatingClient(FlaskClient):
    """Each request gets its own app context (own `g`, own session), as in production.

    The test keeps its own context for factories; after a request its objects are
    expired so the next read sees what the request committed.
    """

    def open(self, *args, **kwargs):
        token = _cv_app.set(None)  # type: ignore[arg-type]
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)
            _db.session.expire_all()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = RequestIsolatingClient
    return app.test_client()


@pytest.fixture
def login_as(client: FlaskClient):
    """Put a member's session in the test client, as a real login would."""

    def _login(member) -> FlaskClient:
        with client.session_transaction() as session:
            session["_user_id"] = member.get_id()
            session["_fresh"] = True
        return client

    return _login


@pytest.fixture
def make_app(app: Flask):
    """Build another app from TestConfig with overridden settings (rate limits on, secure
    cookies...). It shares the test's database session, so its writes are rolled back too."""
    from learnhub.extensions import limiter

    built: list[Flask] = []

    def _make(**overrides) -> Flask:
        variant = create_app(type("VariantConfig", (TestConfig,), overrides))
        variant.test_client_class = RequestIsolatingClient
        built.append(variant)
        return variant

    yield _make
    # The limiter is one object for every app: give the session app its setting back.
    limiter.enabled = app.config["RATELIMIT_ENABLED"]
    for variant in built:
        with variant.app_context():
            _db.engine.dispose()


# Transaction and savepoint statements: the test's own savepoints show up among them, so
# budgets count what the code asked for without them.
BOOKKEEPING = frozenset({"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"})


@dataclass(frozen=True)
class SentStatement:
    sql: str
    autocommit: bool  # the driver connection was in autocommit (read-only pages on PostgreSQL)

    @property
    def verb(self) -> str:
        return self.sql.split(None, 1)[0].upper()


@dataclass
class QueryLog:
    """What was sent to the database while a `count_queries` block ran, in order."""

    sent: list[SentStatement] = field(default_factory=list)

    @property
    def statements(self) -> list[str]:
        """Every statement but transaction and savepoint bookkeeping."""
        return [s.sql for s in self.sent if s.verb not in BOOKKEEPING]

    @property
    def verbs(self) -> list[str]:
        return [s.verb for s in self.sent if s.verb not in BOOKKEEPING]

    @property
    def selects(self) -> list[str]:
        return [s.sql for s in self.sent if s.verb == "SELECT"]

    @property
    def writes(self) -> list[str]:
        return [s.sql for s in self.sent if s.verb in ("INSERT", "UPDATE", "DELETE")]

    def __len__(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(db):
    """`with count_queries() as queries:` logs the statements sent on the test's connection
    (`on=` an engine: on every connection of it) while the block runs; `len(queries)`
    counts them without the transaction bookkeeping."""

    @contextmanager
    def _count(on=None) -> Iterator[QueryLog]:
        target = on if on is not None else db.session.connection()
        log = QueryLog()

        def record(conn, cursor, statement, parameters, context, executemany) -> None:
            driver = conn.connection.dbapi_connection
            log.sent.append(SentStatement(statement, getattr(driver, "autocommit", None) is True))

        event.listen(target, "before_cursor_execute", record)
        try:
            yield log
        finally:
            event.remove(target, "before_cursor_execute", record)

    return _count


@pytest.fixture
def csrf_app(app: Flask) -> Iterator[Flask]:
    """CSRF is on in TestConfig; this fixture exists for tests that read the token."""
    yield app


def pytest_report_header(config) -> str:
    url = os.environ.get("LEARNHUB_TEST_DATABASE_URL") or "sqlite:// (in memory)"
    return f"LearnHub test database: {url}"


def csrf_token(client: FlaskClient) -> str:
    """A valid CSRF token for the client's session, read from a rendered page."""
    page = client.get("/login", follow_redirects=True).get_data(as_text=True)
    field = find(page, "input", name="csrf_token")
    assert field and field["value"], "no CSRF token on the page"
    return field["value"]


@pytest.fixture
def post(client: FlaskClient):
    """POST a form with a real CSRF token, as a browser would."""

    def _post(url: str, data: dict | None = None, **kwargs):
        payload = dict(data or {})
        payload.setdefault("csrf_token", csrf_token(client))
        return client.post(url, data=payload, **kwargs)

    return _post
