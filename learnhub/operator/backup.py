"""Backups an operator takes while the app runs, and restoring them (docs/operations.md,
备份与恢复).

SQLite: SQLite's online backup API copies the whole database in one step, inside one read
transaction, so the copy is a single consistent snapshot; in WAL mode writers carry on
meanwhile. (Copied in several steps, a backup starts over whenever another connection
writes, and under steady writes might never finish.)
PostgreSQL: `pg_dump --format=custom`, itself one consistent snapshot; restored with
`pg_restore`, by hand, because it replaces a server's database.
Backups hold password hashes and personal data: they are written owner-only (0600), to a
temporary name first, so a failed backup never leaves a file that looks complete.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import URL


class BackupError(Exception):
    """The backup or restore was not made; the message tells the operator why."""


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int
    kind: str  # "sqlite" (a database file) or "pg_dump" (custom format)


PG_RESTORE_HINT = ("PostgreSQL: restore with pg_restore --clean --if-exists --no-owner "
                   "--dbname DATABASE FILE (see docs/operations.md)")


def backup(url: URL, out: Path) -> Backup:
    """Write a consistent copy of the database at `url` to the new file `out`."""
    if out.exists():
        raise BackupError(f"{out}: already exists; choose a new file name")
    backend = url.get_backend_name()
    if backend == "sqlite":
        copy_sqlite(sqlite_path(url), out)
        return Backup(out, out.stat().st_size, "sqlite")
    if backend == "postgresql":
        _pg_dump(url, out)
        return Backup(out, out.stat().st_size, "pg_dump")
    raise BackupError(f"no backup for {backend} databases")


def sqlite_path(url: URL) -> Path:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError("the database is in memory; there is nothing to back up or restore")
    return Path(database)


def copy_sqlite(source: Path, out: Path) -> None:
    """Copy the SQLite database `source` to `out` through the backup API, then check it."""
    if not source.is_file():
        raise BackupError(f"{source}: no database file")
    temp = _private_temp(out)
    try:
        with closing(sqlite3.connect(source, timeout=30)) as src, \
                closing(sqlite3.connect(temp)) as dst:
            src.backup(dst)  # pages=-1: one step, one snapshot
            _check_integrity(dst, out)
        _fsync(temp)
        os.replace(temp, out)
    finally:
        temp.unlink(missing_ok=True)


def restore_sqlite(url: URL, backup_file: Path, *, now: datetime) -> Path | None:
    """Replace the SQLite database at `url` with `backup_file` (the app should be stopped).

    The database being replaced is first copied next to it as
    `<name>.before-restore-<UTC time>`; that path is returned (None if there was none)."""
    if url.get_backend_name() != "sqlite":
        raise BackupError(PG_RESTORE_HINT)
    target = sqlite_path(url)
    with closing(sqlite3.connect(backup_file)) as src:
        _check_integrity(src, backup_file)
        if not src.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                           "AND name = 'alembic_version'").fetchone():
            raise BackupError(f"{backup_file}: not a LearnHub database")
    kept = None
    if target.exists():
        kept = target.with_name(f"{target.name}.before-restore-{now:%Y%m%dT%H%M%SZ}")
        copy_sqlite(target, kept)
    # Through the backup API rather than copying the file: SQLite writes the pages through
    # its own journal, so a -wal file left next to the database cannot be replayed over them.
    with closing(sqlite3.connect(backup_file)) as src, \
            closing(sqlite3.connect(target, timeout=30)) as dst:
        src.backup(dst)
        _check_integrity(dst, target)
    return kept


def _pg_dump(url: URL, out: Path) -> None:
    executable = shutil.which("pg_dump")
    if executable is None:
        raise BackupError("pg_dump is not on PATH: install the PostgreSQL client tools (the "
                          "server's major version or newer), or run pg_dump --format=custom "
                          "--file FILE DATABASE yourself")
    env = dict(os.environ)
    if url.password:  # not on the command line, where every local user could read it
        env["PGPASSWORD"] = str(url.password)
    dsn = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    temp = _private_temp(out)
    try:
        done = subprocess.run([executable, "--format=custom", "--file", str(temp),
                               "--dbname", dsn], env=env, capture_output=True, text=True,
                              check=False)
        if done.returncode != 0:
            raise BackupError("pg_dump failed: " + " ".join(done.stderr.split()))
        _fsync(temp)
        os.replace(temp, out)
    finally:
        temp.unlink(missing_ok=True)


def _private_temp(out: Path) -> Path:
    """A new empty owner-only file next to `out` (same file system, so the rename is atomic)."""
    temp = out.with_name(f".{out.name}.{secrets.token_hex(4)}.partial")
    try:
        os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError as error:
        raise BackupError(f"{out}: {error.strerror}") from None
    return temp


def _check_integrity(connection: sqlite3.Connection, shown: Path) -> None:
    try:
        result = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{shown}: not a sound SQLite database ({error})") from None
    if result != [("ok",)]:
        raise BackupError(f"{shown}: integrity check failed: {result[:3]}")


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
