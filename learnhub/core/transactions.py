"""How requests use database connections: SQLite's write lock, read-only pages without
transaction round trips, replacing connections the server closed, and how long a statement
may wait for a database that does not answer. Engine and pool listeners, registered by
`create_app` importing this module.

Views declare what they do; the default (no marker) is a transaction per request.
`@reads_without_transaction` marks a hot read-only page whose statements need not share one
snapshot. On PostgreSQL it runs in autocommit, which saves the BEGIN and ROLLBACK round
trips (two of the four the lesson page would make); on both databases an INSERT, UPDATE
or DELETE during such a request raises, so the marker cannot hide a write.

SQLite has one write lock for the whole database. A request's transaction starts as a read
(a deferred BEGIN) and takes the lock at its first write or SELECT ... FOR UPDATE: there the
read phase ends and a write phase begins with BEGIN IMMEDIATE in a fresh snapshot. A request
holds the lock from its first write to its commit, never while it hashes a password or
renders Markdown before writing (docs/architecture.md).
"""

from __future__ import annotations

import select
import sqlite3

from flask import current_app, has_request_context, request
from sqlalchemy import event, func, literal, make_url, text
from sqlalchemy import select as sql_select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session, scoped_session
from sqlalchemy.pool import Pool
from werkzeug.exceptions import ServiceUnavailable

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "MERGE")
AUTOCOMMIT_KEY = "learnhub_autocommit_reads"
# On a pooled SQLite connection, while a request's transaction is still reading: the
# savepoints it has open, which the write phase opens again.
READ_PHASE_KEY = "learnhub_sqlite_read_phase"
BUSY_RETRY_AFTER = 5  # seconds, in the 503's Retry-After


class WriteInReadOnlyRequest(RuntimeError):
    """A view marked @reads_without_transaction tried to write: a programming error."""


class DatabaseBusy(ServiceUnavailable):
    """SQLite's write lock stayed taken through the busy timeout, twice: answered 503."""

    def __init__(self) -> None:
        super().__init__(retry_after=BUSY_RETRY_AFTER)


def reads_without_transaction(view):
    """Mark a read-only page whose statements may each see their own snapshot."""
    view.reads_without_transaction = True
    return view


def _view():
    return current_app.view_functions.get(request.endpoint or "")


def relax_durability(session) -> None:
    """On PostgreSQL, let this transaction's commit return before its WAL reaches the disk
    (`SET LOCAL synchronous_commit TO OFF`). A database crash in the next fraction of a
    second may lose the transaction whole; it never leaves it half-written or corrupts
    anything. For frequent small writes worth less than the wait for the disk: a
    heartbeat's few seconds of reading time (docs/performance.md)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))


def request_reads_without_transaction() -> bool:
    return (has_request_context() and request.method in SAFE_METHODS
            and getattr(_view(), "reads_without_transaction", False))


def connect_args_with_timeouts(url: str, connect_args: dict, *, connect: int,
                               statement: float, lock: float) -> dict:
    """Driver arguments so that a database that does not answer fails the statement
    instead of holding the worker (seconds; 0 means no limit). What `connect_args` or the
    URL already say wins.

    PostgreSQL: libpq's connect_timeout (whole seconds; libpq waits at least 2), and
    statement_timeout and lock_timeout as session settings sent with the startup packet
    (`options`), so they cost no round trip. SQLite: the busy timeout (how long to wait
    for another connection's lock) is the lock timeout; it has no statement timeout.
    """
    parsed = make_url(url)
    args = dict(connect_args)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        args.setdefault("timeout", lock)
    elif backend == "postgresql":
        if "connect_timeout" not in parsed.query:
            args.setdefault("connect_timeout", int(connect))
        settings = [f"-c {name}={round(seconds * 1000)}"
                    for name, seconds in (("statement_timeout", statement),
                                          ("lock_timeout", lock)) if seconds > 0]
        given = args.get("options", parsed.query.get("options", ""))
        if settings:  # given last: an explicit setting there overrides ours
            args["options"] = " ".join([*settings, *([given] if given else [])])
    return args


SQLITE_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


def database_unavailable(error: BaseException) -> bool:
    """The database did not answer in time or could not be reached (a 503: try again),
    as opposed to a mistake in a statement (a 500).

    PostgreSQL's driver raises OperationalError for exactly that class (refused or lost
    connections, connect/statement/lock timeouts, shutdown, deadlocks); SQLite raises it
    for mistakes too, so only its busy and locked codes count. A pool with no connection
    free in time raises SQLAlchemy's TimeoutError.
    """
    if isinstance(error, PoolTimeoutError):
        return True
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True  # the connection was lost under the statement
    if not isinstance(error, OperationalError):
        return False
    original = error.orig
    if isinstance(original, sqlite3.Error):
        code = getattr(original, "sqlite_errorcode", None)
        return code is not None and code & 0xFF in SQLITE_BUSY_CODES
    return True


def take_turns(session: Session | scoped_session, key: int) -> None:
    """For a rule that reads, checks, then writes (no cycle in the org tree, one admin
    left): requests that take the same `key` run one at a time from here to their commit,
    and what they read after this call includes the previous one's commit.

    PostgreSQL: a transaction-scoped advisory lock on `key` (under READ COMMITTED the next
    statement sees the other's commit). SQLite: the database's one write lock, taken now
    with a fresh snapshot rather than at the first write, after the check had read an old
    one (SELECT ... FOR UPDATE counts as a write, see `_locks_rows`).
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(sql_select(func.pg_advisory_xact_lock(key)))
    elif dialect == "sqlite":
        session.execute(sql_select(literal(1)).with_for_update())


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """WAL and foreign keys for SQLite; leave other backends alone. The busy timeout is a
    connect argument (`connect_args_with_timeouts`), in force before these statements.

    pysqlite's own transaction handling breaks SAVEPOINT, so we take it over
    (isolation_level=None) and emit BEGIN ourselves in `_sqlite_begin`.
    """
    if not _is_sqlite(dbapi_connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:
    """A deferred BEGIN. In a request it is the read phase, until `_take_write_lock`; the
    CLI and the tests' outer transaction keep one deferred transaction throughout."""
    if conn.dialect.name != "sqlite":
        return
    if has_request_context():
        conn.info[READ_PHASE_KEY] = []
    else:
        conn.info.pop(READ_PHASE_KEY, None)
    conn.exec_driver_sql("BEGIN")


@event.listens_for(Engine, "before_cursor_execute")
def _before_statement(conn, cursor, statement, parameters, context, executemany) -> None:
    """Refuse writes in read-only pages; on SQLite, take the write lock before a request's
    first write."""
    writes = _writes(statement, context)
    if writes and request_reads_without_transaction():
        raise WriteInReadOnlyRequest(
            f"{request.endpoint} is marked @reads_without_transaction but wrote to the "
            "database; remove the marker")
    savepoints = conn.info.get(READ_PHASE_KEY)
    if savepoints is None:
        return
    if writes or _locks_rows(context):
        _take_write_lock(conn, savepoints)
    elif statement[:4] in ("SAVE", "RELE", "ROLL"):
        _follow_savepoints(statement, savepoints)


def _writes(statement: str, context) -> bool:
    return (statement.lstrip()[:6].upper().rstrip() in WRITE_STATEMENTS
            or (context is not None and (context.isinsert or context.isupdate
                                         or context.isdelete)))


def _locks_rows(context) -> bool:
    """SELECT ... FOR UPDATE (SQLite's compiler drops the clause; the statement keeps it)."""
    statement = getattr(getattr(context, "compiled", None), "statement", None)
    return getattr(statement, "_for_update_arg", None) is not None


def _follow_savepoints(statement: str, savepoints: list[str]) -> None:
    """Keep the list of open savepoints (SQLAlchemy names them only when it sends them).
    Once released or rolled back to, SQLAlchemy never uses a savepoint again."""
    words = statement.split()
    if words[0] == "SAVEPOINT":
        savepoints.append(words[1])
    elif words[-2:-1] == ["SAVEPOINT"] and words[-1] in savepoints:
        del savepoints[savepoints.index(words[-1]):]


def _take_write_lock(conn, savepoints: list[str]) -> None:
    """End the read phase and begin the write phase on the same connection.

    COMMIT ends the read transaction (it wrote nothing, so this only lets go of its
    snapshot); BEGIN IMMEDIATE then queues for the write lock on the busy timeout, and
    reads from here on see what other writers committed meanwhile, as on PostgreSQL (read
    committed). Upgrading the read transaction in place instead would fail at once with
    SQLITE_BUSY_SNAPSHOT whenever another request had committed since it began. The
    request's savepoints are opened again; SQLAlchemy still sees one transaction, and its
    commit or rollback ends the write phase.
    """
    del conn.info[READ_PHASE_KEY]
    raw = conn.connection.dbapi_connection
    raw.execute("COMMIT")
    try:
        _begin_immediate(raw)
    except DatabaseBusy:
        # Back in a read transaction with its savepoints, as SQLAlchemy believes.
        raw.execute("BEGIN")
        _open_savepoints(raw, savepoints)
        conn.info[READ_PHASE_KEY] = savepoints
        raise
    _open_savepoints(raw, savepoints)


def _begin_immediate(raw) -> None:
    """BEGIN IMMEDIATE, waiting on the busy timeout; once more if another writer still
    held the lock; then DatabaseBusy (a 503 that asks to try again)."""
    for attempt in (1, 2):
        try:
            raw.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:
                raise
            if attempt == 2:
                raise DatabaseBusy() from error


def _open_savepoints(raw, savepoints: list[str]) -> None:
    for name in savepoints:  # as SQLAlchemy sent them: `sa_savepoint_<n>`
        raw.execute(f"SAVEPOINT {name}")


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


@event.listens_for(Pool, "checkout")
def _autocommit_for_read_only_pages(dbapi_connection, connection_record,
                                    connection_proxy) -> None:
    """psycopg sends BEGIN before a transaction's first statement and SQLAlchemy a
    ROLLBACK when the request ends; in autocommit neither is sent (a rollback with no
    transaction open is a no-op in psycopg). Undone at checkin."""
    if (_is_sqlite(dbapi_connection) or not hasattr(dbapi_connection, "autocommit")
            or not request_reads_without_transaction()):
        return
    dbapi_connection.autocommit = True
    connection_record.info[AUTOCOMMIT_KEY] = True


@event.listens_for(Pool, "checkin")
def _end_autocommit(dbapi_connection, connection_record) -> None:
    if connection_record.info.pop(AUTOCOMMIT_KEY, False) and dbapi_connection is not None:
        dbapi_connection.autocommit = False
