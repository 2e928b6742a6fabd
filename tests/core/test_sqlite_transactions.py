"""SQLite: requests that write take the write lock at BEGIN, read-only pages do not."""

import sqlite3
import threading

import pytest

from learnhub.core.transactions import sqlite_begin_statement


@pytest.mark.parametrize("method,path,expected", [
    ("GET", "/", "BEGIN"),
    ("GET", "/me/credits", "BEGIN"),
    ("POST", "/login", "BEGIN IMMEDIATE"),
    ("POST", "/study/heartbeat", "BEGIN IMMEDIATE"),
    ("GET", "/courses/some-course/lessons/intro", "BEGIN"),  # read-only: beats start study
    ("GET", "/courses/some-course", "BEGIN IMMEDIATE"),  # may record a completion
])
def test_begin_statement_follows_whether_the_request_writes(app, method, path, expected):
    with app.test_request_context(path, method=method):
        assert sqlite_begin_statement() == expected


def test_cli_and_background_work_use_a_plain_begin(app):
    with app.app_context():
        assert sqlite_begin_statement() == "BEGIN"


def test_immediate_writers_queue_instead_of_failing(tmp_path):
    """Why: a deferred read-then-write transaction fails at once if another writer
    committed in between; BEGIN IMMEDIATE waits on the busy timeout instead."""
    path = tmp_path / "wal.db"
    setup = sqlite3.connect(path, isolation_level=None)
    setup.executescript("PRAGMA journal_mode=WAL; CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (0);")
    setup.close()

    def connect():
        conn = sqlite3.connect(path, isolation_level=None, timeout=5, check_same_thread=False)
        return conn

    # Deferred: A reads, B writes and commits, A's write fails without waiting.
    a, b = connect(), connect()
    a.execute("BEGIN")
    a.execute("SELECT n FROM t").fetchone()
    b.execute("BEGIN")
    b.execute("UPDATE t SET n = n + 1")
    b.execute("COMMIT")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        a.execute("UPDATE t SET n = n + 1")
    a.execute("ROLLBACK")

    # Immediate: the second writer waits for the first and then succeeds.
    first, second = connect(), connect()
    first.execute("BEGIN IMMEDIATE")
    first.execute("SELECT n FROM t").fetchone()
    done = []

    def second_writer():
        second.execute("BEGIN IMMEDIATE")
        second.execute("UPDATE t SET n = n + 1")
        second.execute("COMMIT")
        done.append(True)

    thread = threading.Thread(target=second_writer)
    thread.start()
    first.execute("UPDATE t SET n = n + 1")
    first.execute("COMMIT")
    thread.join(timeout=10)
    assert done == [True]
    assert connect().execute("SELECT n FROM t").fetchone()[0] == 3
