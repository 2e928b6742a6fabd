"""The evidence of a training (证明材料: a certificate scan, a photo, a PDF notice).

Bytes go into the shared asset store (`authoring.asset_store`, one blob per sha256). Only
PDF, PNG and JPEG are taken, checked by extension *and* by the file's first bytes; every
download is an attachment with `nosniff`, so a browser never renders an uploaded file in
the LearnHub origin (a PDF or an SVG-in-disguise can carry script)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Response

from learnhub.authoring.asset_store import AssetSource, blob_by_sha256, blob_download, store_blob
from learnhub.core.errors import NotFound, ValidationFailed
from learnhub.core.files import UploadProblem, UploadRejected, check_upload
from learnhub.core.messages import N_
from learnhub.transcripts.offline.models import OfflineTraining

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}


EVIDENCE_PROBLEMS = {
    UploadProblem.TYPE: N_("证明材料只能是 PDF、PNG 或 JPEG 文件。"),
    UploadProblem.CONTENT: N_("文件内容与扩展名不符，请上传原始的 PDF 或图片文件。"),
    UploadProblem.SIZE: N_("证明材料不能超过 %(mb)s MB。"),
}


class EvidenceRefused(ValidationFailed):
    code = "evidence_refused"
    message = N_("证明材料只能是 PDF、PNG 或 JPEG 文件。")

    def __init__(self, message: str | None = None, **params) -> None:
        super().__init__(message, fields={"evidence": "invalid"}, **params)


@dataclass(frozen=True)
class Evidence:
    sha256: str
    name: str
    media_type: str


def store_evidence(filename: str, data: bytes) -> Evidence:
    """Check the file and store its bytes; refuse what is not a PDF or an image."""
    try:
        name, media_type = check_upload(filename, data, types=EVIDENCE_TYPES,
                                        max_bytes=MAX_EVIDENCE_BYTES)
    except UploadRejected as rejected:
        raise EvidenceRefused(EVIDENCE_PROBLEMS[rejected.problem],
                              mb=MAX_EVIDENCE_BYTES // 2**20) from rejected
    blob = store_blob(AssetSource.from_bytes(name, data, media_type))
    return Evidence(blob.sha256, name, media_type)


def stored_upload(file: Any) -> Evidence | None:
    """The evidence of a form's file field, stored; None when no file was chosen."""
    if not file or not getattr(file, "filename", ""):
        return None
    return store_evidence(file.filename or "", file.read())


def evidence_response(training: OfflineTraining) -> Response:
    """The evidence as a download: its own media type, attachment, nosniff, private."""
    blob = blob_by_sha256(training.evidence_hash) if training.evidence_hash else None
    if blob is None:
        raise NotFound()
    return blob_download(blob, training.evidence_name or "evidence", training.evidence_type)
