"""What a member import keeps between two requests, in the database (`StagedImport`):

- The uploaded roster, from preview to confirm: the browser only carries a random token,
  so confirm re-reads exactly the file that was previewed (never rows sent back by the
  client).
- What the confirm did, for the result page (a second click or a reload lands there too).
- The initial passwords of new members, until the admin downloads them once.

Every row is bound to the admin who uploaded the file and lives MAX_AGE: an upload for an
hour after its preview, a result and its passwords for an hour after the confirm. Expired
rows are never read, and are deleted by the next preview, confirm or download.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import undefer

from learnhub.core.errors import NotFound
from learnhub.extensions import db
from learnhub.org.importing.models import StagedImport

MAX_AGE = timedelta(hours=1)
MEMBERS = "members"  # StagedImport.purpose of a member import
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")


class StagedImportGone(NotFound):
    code = "import_gone"
    message = "这次导入已经确认过或已过期，请重新上传文件。"


class PasswordsGone(NotFound):
    code = "passwords_gone"
    message = "初始密码文件只能下载一次，它已被下载或已过期。"


@dataclass(frozen=True)
class StagedUpload:
    token: str
    filename: str
    deactivate_missing: bool
    issue_passwords: bool
    data: bytes


@dataclass(frozen=True)
class ImportStatus:
    """Where a confirmed (or confirming) import stands, for its result page."""

    result: dict | None  # None while the confirm is still running
    passwords_waiting: bool


def _is_token(token: str | None) -> bool:
    return bool(token) and _TOKEN.match(token or "") is not None


def sweep(now: datetime) -> None:
    """Delete what has expired: abandoned previews, results, passwords never fetched."""
    db.session.execute(delete(StagedImport).where(StagedImport.expires_at <= now)
                       .execution_options(synchronize_session=False))


def stage_upload(actor_id: int, filename: str, data: bytes, *, deactivate_missing: bool,
                 issue_passwords: bool, now: datetime,
                 purpose: str = MEMBERS) -> StagedUpload:
    sweep(now)
    staged = StagedUpload(secrets.token_urlsafe(32), filename, deactivate_missing,
                          issue_passwords, data)
    db.session.add(StagedImport(token=staged.token, actor_id=actor_id, purpose=purpose,
                                expires_at=now + MAX_AGE, filename=filename,
                                deactivate_missing=deactivate_missing,
                                issue_passwords=issue_passwords, upload=data))
    db.session.flush()
    return staged


def claim_upload(token: str | None, actor_id: int, now: datetime,
                 purpose: str = MEMBERS) -> StagedUpload:
    """Take the staged upload for confirming; only one request can ever claim it.

    The caller commits the claim before the long work of applying, so that a second click
    meanwhile finds the import under way instead of waiting for it."""
    if not _is_token(token):
        raise StagedImportGone()
    sweep(now)
    claimed = db.session.execute(
        update(StagedImport)
        .where(StagedImport.token == token, StagedImport.actor_id == actor_id,
               StagedImport.purpose == purpose, StagedImport.claimed_at.is_(None),
               StagedImport.expires_at > now)
        .values(claimed_at=now).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise StagedImportGone()
    row = db.session.scalars(select(StagedImport).options(undefer(StagedImport.upload))
                             .where(StagedImport.token == token)).one()
    if row.upload is None:
        raise StagedImportGone()
    return StagedUpload(row.token, row.filename, row.deactivate_missing, row.issue_passwords,
                        row.upload)


def discard(token: str) -> None:
    """Forget a staged import (a confirm that failed or was refused)."""
    db.session.execute(delete(StagedImport).where(StagedImport.token == token)
                       .execution_options(synchronize_session=False))


def save_result(token: str, result: dict, passwords: bytes | None, now: datetime) -> None:
    """What a confirmed import did, and its initial passwords; the upload is dropped."""
    db.session.execute(
        update(StagedImport).where(StagedImport.token == token)
        .values(upload=None, result=result, passwords=passwords, expires_at=now + MAX_AGE)
        .execution_options(synchronize_session=False))


def status(token: str | None, actor_id: int, now: datetime) -> ImportStatus | None:
    """The confirmed import's result, or None when no confirm of this admin has taken it
    (unknown, expired, another admin's, or still waiting for its confirm)."""
    if not _is_token(token):
        return None
    row = db.session.execute(
        select(StagedImport.result, StagedImport.passwords.is_not(None))
        .where(StagedImport.token == token, StagedImport.actor_id == actor_id,
               StagedImport.purpose == MEMBERS, StagedImport.claimed_at.is_not(None),
               StagedImport.expires_at > now)).first()
    if row is None:
        return None
    result, passwords_waiting = row
    return ImportStatus(result, bool(passwords_waiting))


def take_passwords(token: str | None, actor_id: int, now: datetime) -> bytes:
    """The initial passwords file, once: the stored copy is deleted as it is read."""
    if not _is_token(token):
        raise PasswordsGone()
    sweep(now)
    row = db.session.execute(
        select(StagedImport.id, StagedImport.passwords)
        .where(StagedImport.token == token, StagedImport.actor_id == actor_id,
               StagedImport.passwords.is_not(None), StagedImport.expires_at > now)).first()
    if row is None:
        raise PasswordsGone()
    taken = db.session.execute(
        update(StagedImport).where(StagedImport.id == row.id, StagedImport.passwords.is_not(None))
        .values(passwords=None).execution_options(synchronize_session=False))
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise PasswordsGone()  # another request took it meanwhile
    return row.passwords
