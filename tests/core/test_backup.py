"""`learnhub backup -o FILE` and `learnhub restore FILE` (learnhub.operator.backup): a consistent
copy taken while the app writes, restored without losing what was committed before it."""

from __future__ import annotations

import shutil
import sqlite3
import stat
import subprocess
import threading
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select

from config import TestConfig
from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.records.models import LedgerEntry
from learnhub.records.services import credit
from tests.committing import committing_sessions
from tests.factories import make_member

ON_POSTGRESQL = TestConfig.SQLALCHEMY_DATABASE_URI.startswith("postgresql")


def _sqlite_app(make_app, path: Path) -> Flask:
    """An app on its own SQLite file, with the schema made by the migrations."""
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        upgrade()
    return app


def _cli(app: Flask, *args: object, **kwargs):
    with app.app_context():  # else the command runs in the test's app context
        return app.test_cli_runner().invoke(args=[str(arg) for arg in args], **kwargs)


def _rows(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_a_backup_under_write_load_restores_every_entry_committed_before_it(
        make_app, tmp_path):
    live = _sqlite_app(make_app, tmp_path / "live.db")
    with live.app_context():
        engine = db.engine
    committed: list[str] = []
    stop = threading.Event()
    failures: list[BaseException] = []

    def keep_crediting(member_id: int) -> None:
        with live.app_context():
            member = db.session.get(Member, member_id)
            try:
                for number in range(1_000_000):
                    if stop.is_set():
                        return
                    credit(member, kind="manual", source_type="load", source_id=number,
                           credit_hours=Decimal("0.5"), occurred_on=date(2026, 3, 1))
                    db.session.commit()
                    committed.append(str(number))
            except BaseException as error:  # reported by the test, not lost in the thread
                failures.append(error)

    with committing_sessions(engine):
        with live.app_context():
            member_id = make_member().id
            db.session.commit()
        writer = threading.Thread(target=keep_crediting, args=(member_id,))
        writer.start()
        try:
            deadline = time.monotonic() + 60  # a guard against hanging, not a timing check
            while len(committed) < 50 and writer.is_alive():
                assert time.monotonic() < deadline, "the writer made no progress"
                time.sleep(0.005)
            before_backup = set(committed)
            result = _cli(live, "backup", "-o", tmp_path / "copy.db")
            during_backup = len(committed) - len(before_backup)
        finally:
            stop.set()
            writer.join(timeout=60)
    assert not failures and not writer.is_alive()
    assert result.exit_code == 0, result.output
    assert "Backup written:" in result.stdout and "sqlite" in result.stdout
    assert during_backup >= 0 and len(committed) > len(before_backup)  # writes went on

    copy = tmp_path / "copy.db"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600  # password hashes, personal data
    assert _rows(copy, "PRAGMA integrity_check") == [("ok",)]
    fresh = _sqlite_app(make_app, tmp_path / "fresh.db")
    restored = _cli(fresh, "restore", copy, "--yes")
    assert restored.exit_code == 0, restored.output
    fresh_path = tmp_path / "fresh.db"
    assert _rows(fresh_path, "PRAGMA integrity_check") == [("ok",)]
    entries = {source_id for (source_id,) in _rows(
        fresh_path, "SELECT source_id FROM ledger_entry WHERE source_type = 'load'")}
    assert before_backup <= entries
    assert entries <= set(committed)  # nothing half-written or invented
    assert _rows(fresh_path, "SELECT version_num FROM alembic_version") == _rows(
        tmp_path / "live.db", "SELECT version_num FROM alembic_version")


def test_restore_keeps_the_database_it_replaces(make_app, tmp_path):
    app = _sqlite_app(make_app, tmp_path / "learnhub.db")
    assert _cli(app, "backup", "-o", tmp_path / "empty.db").exit_code == 0
    with app.app_context():
        engine = db.engine
    with committing_sessions(engine), app.app_context():
        make_member(employee_no="AFTER")
        db.session.commit()
    result = _cli(app, "restore", tmp_path / "empty.db", "--yes")
    assert result.exit_code == 0, result.output
    [kept] = tmp_path.glob("learnhub.db.before-restore-*")
    assert f"kept as {kept}" in result.stdout
    assert _rows(tmp_path / "learnhub.db", "SELECT count(*) FROM member") == [(0,)]
    assert _rows(kept, "SELECT employee_no FROM member") == [("AFTER",)]


def test_restore_asks_first_and_stops_on_no(make_app, tmp_path):
    app = _sqlite_app(make_app, tmp_path / "learnhub.db")
    assert _cli(app, "backup", "-o", tmp_path / "copy.db").exit_code == 0
    result = _cli(app, "restore", tmp_path / "copy.db", input="n\n")
    assert result.exit_code == 1 and "Replace " in result.output
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_restore_refuses_a_file_that_is_not_a_learnhub_database(make_app, tmp_path):
    app = _sqlite_app(make_app, tmp_path / "learnhub.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (n INTEGER)").connection.close()
    for path, message in ((junk, "not a sound SQLite database"),
                          (other, "not a LearnHub database")):
        result = _cli(app, "restore", path, "--yes")
        assert result.exit_code == 1 and message in result.stderr
    assert _rows(tmp_path / "learnhub.db", "PRAGMA integrity_check") == [("ok",)]


def test_backup_never_overwrites_a_file(make_app, tmp_path):
    app = _sqlite_app(make_app, tmp_path / "learnhub.db")
    existing = tmp_path / "copy.db"
    existing.write_text("keep me")
    result = _cli(app, "backup", "-o", existing)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{existing}: already exists; choose a new file name"
    assert existing.read_text() == "keep me"
    assert not list(tmp_path.glob(".*.partial"))


@pytest.mark.skipif(ON_POSTGRESQL, reason="the suite's database is in memory only on SQLite")
def test_an_in_memory_database_has_nothing_to_back_up(app, tmp_path):
    result = _cli(app, "backup", "-o", tmp_path / "copy.db")
    assert result.exit_code == 1 and "in memory" in result.stderr


@pytest.mark.skipif(not ON_POSTGRESQL or shutil.which("pg_restore") is None,
                    reason="PostgreSQL with its client tools only")
def test_postgresql_backup_is_a_pg_dump_that_pg_restore_reads(app, tmp_path):
    out = tmp_path / "learnhub.dump"
    result = _cli(app, "backup", "-o", out)
    assert result.exit_code == 0, result.output
    assert "pg_dump" in result.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    listing = subprocess.run(["pg_restore", "--list", str(out)], capture_output=True,
                             text=True, check=True).stdout
    assert "TABLE public ledger_entry" in listing and "TABLE public member" in listing
    assert "TRIGGER public ledger_entry" in listing  # the append-only guard comes back too


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL only")
def test_postgresql_restore_points_to_pg_restore(app, tmp_path):
    dump = tmp_path / "learnhub.dump"
    dump.write_bytes(b"PGDMP")
    result = _cli(app, "restore", dump, "--yes")
    assert result.exit_code == 1
    assert "pg_restore --clean --if-exists --no-owner" in result.stderr


def test_ledger_entries_are_read_through_the_orm_in_the_restored_copy(make_app, tmp_path):
    """The restored file is a working LearnHub database, not just readable by sqlite3."""
    app = _sqlite_app(make_app, tmp_path / "learnhub.db")
    with app.app_context():
        engine = db.engine
    with committing_sessions(engine), app.app_context():
        member = make_member()
        credit(member, kind="manual", source_type="test", source_id="1",
               credit_hours=Decimal("2"), occurred_on=date(2026, 3, 1))
        db.session.commit()
    assert _cli(app, "backup", "-o", tmp_path / "copy.db").exit_code == 0
    fresh = _sqlite_app(make_app, tmp_path / "fresh.db")
    assert _cli(fresh, "restore", tmp_path / "copy.db", "--yes").exit_code == 0
    with fresh.app_context():
        fresh_engine = db.engine
    with committing_sessions(fresh_engine), fresh.app_context():
        hours = db.session.scalars(select(LedgerEntry.credit_hours)).all()
    assert hours == [Decimal("2.00")]
