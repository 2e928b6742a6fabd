"""Files held on the server between two requests of a member import.

- The uploaded roster, from preview to confirm: the browser only carries a random
  token; the bytes stay here with their SHA-256, so confirm re-reads exactly the file that
  was previewed (never rows sent back by the client).
- The initial passwords of new members, until the admin downloads them once.

Files live in `IMPORT_STAGING_DIR` (default `<instance>/imports`), readable by the owner
only, bound to the admin who made them, and swept after an hour. With several app
instances this directory must be shared (or sessions sticky).
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app

from learnhub.core.errors import NotFound
from learnhub.org.importing.plan import file_sha256

MAX_AGE = timedelta(hours=1)
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
    actor_id: int
    filename: str
    sha256: str
    deactivate_missing: bool
    issue_passwords: bool
    data: bytes


def staging_dir() -> Path:
    configured = current_app.config.get("IMPORT_STAGING_DIR")
    path = Path(configured) if configured else Path(current_app.instance_path) / "imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Create the file readable by its owner only; never overwrite."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _checked(token: str | None) -> str:
    if not token or not _TOKEN.match(token):
        raise StagedImportGone()
    return token


def sweep(now: datetime) -> None:
    """Delete whatever is older than MAX_AGE (abandoned previews, passwords never fetched)."""
    cutoff = (now - MAX_AGE).timestamp()
    for path in staging_dir().iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            pass


def stage_upload(actor_id: int, filename: str, data: bytes, *, deactivate_missing: bool,
                 issue_passwords: bool, now: datetime) -> StagedUpload:
    sweep(now)
    token = _new_token()
    staged = StagedUpload(token, actor_id, filename, file_sha256(data), deactivate_missing,
                          issue_passwords, data)
    directory = staging_dir()
    write_private(directory / f"{token}.upload", data)
    meta = {"actor_id": actor_id, "filename": filename, "sha256": staged.sha256,
            "deactivate_missing": deactivate_missing, "issue_passwords": issue_passwords,
            "created": now.isoformat()}
    write_private(directory / f"{token}.upload.json", json.dumps(meta).encode())
    return staged


def claim_upload(token: str | None, actor_id: int, now: datetime) -> StagedUpload:
    """Take the staged upload for confirming; only one request can ever claim it."""
    token = _checked(token)
    directory = staging_dir()
    claimed = directory / f"{token}.claimed.json"
    try:
        os.rename(directory / f"{token}.upload.json", claimed)  # atomic: one winner
        meta = json.loads(claimed.read_text())
        data = (directory / f"{token}.upload").read_bytes()
    except (FileNotFoundError, ValueError):
        raise StagedImportGone() from None
    too_old = now - datetime.fromisoformat(meta["created"]) > MAX_AGE
    if meta["actor_id"] != actor_id or too_old or file_sha256(data) != meta["sha256"]:
        discard_upload(token)
        raise StagedImportGone()
    return StagedUpload(token, actor_id, meta["filename"], meta["sha256"],
                        meta["deactivate_missing"], meta["issue_passwords"], data)


def discard_upload(token: str) -> None:
    directory = staging_dir()
    for suffix in (".upload", ".upload.json", ".claimed.json"):
        (directory / f"{token}{suffix}").unlink(missing_ok=True)


def _read_meta(path: Path, actor_id: int) -> dict | None:
    try:
        meta = json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return None
    return meta if meta.get("actor_id") == actor_id else None


def being_applied(token: str | None, actor_id: int) -> bool:
    """The upload was claimed by a confirm that has not finished (or failed) yet."""
    if not token or not _TOKEN.match(token):
        return False
    return _read_meta(staging_dir() / f"{token}.claimed.json", actor_id) is not None


def save_result(token: str, actor_id: int, result: dict) -> None:
    """What a confirmed import did, so a second click (or a reload) finds the outcome."""
    body = json.dumps({**result, "actor_id": actor_id}, ensure_ascii=False).encode()
    write_private(staging_dir() / f"{token}.result.json", body)


def read_result(token: str | None, actor_id: int) -> dict | None:
    if not token or not _TOKEN.match(token):
        return None
    return _read_meta(staging_dir() / f"{token}.result.json", actor_id)


def stage_passwords(actor_id: int, data: bytes, now: datetime) -> str:
    token = _new_token()
    directory = staging_dir()
    write_private(directory / f"{token}.passwords.csv", data)
    meta = {"actor_id": actor_id, "created": now.isoformat()}
    write_private(directory / f"{token}.passwords.json", json.dumps(meta).encode())
    return token


def discard_passwords(token: str) -> None:
    directory = staging_dir()
    for suffix in (".passwords.csv", ".passwords.json", ".passwords.taken"):
        (directory / f"{token}{suffix}").unlink(missing_ok=True)


def passwords_waiting(token: str | None, actor_id: int) -> bool:
    if not token or not _TOKEN.match(token):
        return False
    return _read_meta(staging_dir() / f"{token}.passwords.json", actor_id) is not None


def take_passwords(token: str | None, actor_id: int, now: datetime) -> bytes:
    """The password file's bytes, once: it is deleted as it is read."""
    if not token or not _TOKEN.match(token):
        raise PasswordsGone()
    directory = staging_dir()
    taken = directory / f"{token}.passwords.taken"
    try:
        os.rename(directory / f"{token}.passwords.json", taken)
        meta = json.loads(taken.read_text())
        data = (directory / f"{token}.passwords.csv").read_bytes()
    except (FileNotFoundError, ValueError):
        raise PasswordsGone() from None
    finally:
        if taken.exists():
            discard_passwords(token)
    if meta["actor_id"] != actor_id or now - datetime.fromisoformat(meta["created"]) > MAX_AGE:
        raise PasswordsGone()
    return data
