"""Declarative base with a naming convention, mixins and column types."""

from __future__ import annotations

import select
from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import Pool
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _now() -> datetime:
    return datetime.now(UTC)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now, onupdate=_now)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """WAL, a busy timeout and foreign keys for SQLite; leave other backends alone.

    pysqlite's own transaction handling breaks SAVEPOINT, so we take it over
    (isolation_level=None) and emit BEGIN ourselves in `_sqlite_begin`.
    """
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Pool, "checkout")
def _discard_closed_connection(dbapi_connection, connection_record, connection_proxy) -> None:
    """Replace a pooled server connection that the server has closed, without a round trip.

    An idle PostgreSQL connection has nothing to read; after a server restart, or when the
    server ended the session, its socket turns readable (the goodbye message, or EOF). A
    zero-timeout poll sees that, and DisconnectionError makes the pool open a new
    connection. This replaces `pool_pre_ping`, which sends `SELECT 1` on every checkout:
    one round trip on every request (docs/performance.md). A peer that vanished without
    closing (a cut network) is left to TCP keepalives, `pool_recycle` and the pool's
    invalidation on the first error. SQLite connections have no socket and are skipped.
    """
    fileno = getattr(dbapi_connection, "fileno", None)
    if fileno is None:
        return
    try:
        descriptor = fileno()
    except Exception as exc:  # the driver already knows the connection is closed
        raise DisconnectionError(str(exc)) from exc
    poller = select.poll()
    poller.register(descriptor, select.POLLIN | select.POLLPRI)
    if poller.poll(0):
        raise DisconnectionError("the database server closed this pooled connection")


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def writes_on_read(view):
    """Mark a GET view that writes (e.g. the course page may record a completion)."""
    view.writes_database = True
    return view


def sqlite_begin_statement() -> str:
    """BEGIN IMMEDIATE for requests that write, plain BEGIN otherwise.

    A deferred SQLite transaction that reads and then writes fails at once with
    SQLITE_BUSY_SNAPSHOT ("database is locked") when another writer committed in
    between; the busy timeout does not help. Taking the write lock at BEGIN makes
    writers queue on the busy timeout instead, while read-only pages stay concurrent.
    """
    from flask import current_app, has_request_context, request

    if not has_request_context():
        return "BEGIN"
    if request.method not in SAFE_METHODS:
        return "BEGIN IMMEDIATE"
    view = current_app.view_functions.get(request.endpoint or "")
    return "BEGIN IMMEDIATE" if getattr(view, "writes_database", False) else "BEGIN"


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(sqlite_begin_statement())
