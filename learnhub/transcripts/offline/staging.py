"""The uploaded import file between its preview and the confirm.

The bytes go into the asset store (by sha256) at the preview; the browser carries only a
token signed with the app's secret that names the blob, the file name and the manager, and
expires after an hour. The confirm re-reads exactly the previewed bytes and checks them
again (never rows sent back by the client)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from learnhub.authoring.asset_store import AssetSource, blob_by_sha256, blob_bytes, store_blob
from learnhub.core.errors import NotFound
from learnhub.core.messages import N_
from learnhub.org.models import Member

MAX_AGE_SECONDS = 3600
_SALT = "offline-training-import"


class StagedFileGone(NotFound):
    code = "offline_import_gone"
    message = N_("这次导入已过期或无效，请重新上传文件。")


@dataclass(frozen=True)
class StagedFile:
    filename: str
    data: bytes


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def stage(actor: Member, filename: str, data: bytes) -> str:
    blob = store_blob(AssetSource.from_bytes(filename, data, "application/octet-stream"))
    return _serializer().dumps({"sha256": blob.sha256, "name": filename, "actor": actor.id})


def staged_file(actor: Member, token: str) -> StagedFile:
    try:
        payload = _serializer().loads(token, max_age=MAX_AGE_SECONDS)
    except BadSignature:
        raise StagedFileGone() from None
    if not isinstance(payload, dict) or payload.get("actor") != actor.id:
        raise StagedFileGone()
    blob = blob_by_sha256(str(payload.get("sha256")))
    if blob is None:
        raise StagedFileGone()
    return StagedFile(str(payload.get("name") or "upload"), blob_bytes(blob))
