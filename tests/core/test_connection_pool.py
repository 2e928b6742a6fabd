"""Pooled PostgreSQL connections that the server closed are replaced at checkout without
a round trip (learnhub.core.transactions replaces pool_pre_ping); healthy ones are reused."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from config import TestConfig

URL = TestConfig.SQLALCHEMY_DATABASE_URI
pytestmark = pytest.mark.skipif(not URL.startswith("postgresql"),
                                reason="SQLite connections have no server to close them")


def backend_pid(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(text("SELECT pg_backend_pid()"))


@pytest.fixture
def engine():
    engine = create_engine(URL, pool_size=1, max_overflow=0)  # no pre-ping, as configured
    yield engine
    engine.dispose()


def terminate(pid: int) -> None:
    killer = create_engine(URL, poolclass=NullPool)
    with killer.connect() as connection:
        assert connection.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    deadline = time.monotonic() + 10
    while True:  # a new transaction each time: pg_stat_activity is a per-transaction snapshot
        with killer.connect() as connection:
            if not connection.scalar(text("SELECT count(*) FROM pg_stat_activity "
                                          "WHERE pid = :pid"), {"pid": pid}):
                break
        assert time.monotonic() < deadline, "the backend did not end"
        time.sleep(0.05)
    killer.dispose()


def test_a_healthy_pooled_connection_is_reused(engine):
    assert backend_pid(engine) == backend_pid(engine)


def test_a_connection_the_server_ended_is_replaced_at_checkout(engine):
    first = backend_pid(engine)
    terminate(first)  # as a server restart or an administrator would

    # Without the checkout check this statement fails: the pool would hand out the dead
    # connection and SQLAlchemy finds out only when the statement is sent.
    assert backend_pid(engine) != first
