"""GET /healthz: 200 when the database answers, 503 when it does not."""

from __future__ import annotations

import pytest

from config import TestConfig
from learnhub import create_app
from learnhub.extensions import db as _db

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

