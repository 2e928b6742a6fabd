"""Preparation documents: the host uploads PDF, Word and Excel files; everyone who may see
the seminar downloads them.

Bytes go into the shared asset store (`authoring.asset_store`, one blob per sha256). Only
these three types are taken, checked by extension *and* by the file's first bytes, so a
renamed file of another kind is refused; every download is an attachment with `nosniff`,
so a browser never renders one in the LearnHub origin.
"""

from __future__ import annotations

from datetime import datetime

from flask import Response
from sqlalchemy import select

from learnhub.authoring.asset_store import AssetSource, blob_download, store_blob
from learnhub.core.errors import NotFound, ValidationFailed
from learnhub.core.files import UploadProblem, UploadRejected, check_upload
from learnhub.core.messages import N_
from learnhub.discussions.models import Meeting
from learnhub.discussions.seminars.models import SeminarDocument
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_DOCUMENTS = 20
DOCUMENT_TYPES = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              b"PK\x03\x04"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              b"PK\x03\x04"),
}


DOCUMENT_PROBLEMS = {
    UploadProblem.TYPE: N_("只能上传 PDF、Word（.docx）或 Excel（.xlsx）文件。"),
    UploadProblem.CONTENT: N_("文件内容与扩展名不符（例如改了扩展名的其他文件），请上传原始的 PDF、Word 或 Excel 文件。"),
    UploadProblem.SIZE: N_("文件超过 %(mb)s MB。"),
}


class DocumentRefused(ValidationFailed):
    code = "document_refused"
    message = "只能上传 PDF、Word（.docx）或 Excel（.xlsx）文件。"

    def __init__(self, message: str | None = None, **params) -> None:
        super().__init__(message, fields={"file": "invalid"}, **params)


def documents_of(meeting_id: int) -> list[SeminarDocument]:
    return list(db.session.scalars(select(SeminarDocument)
                                   .where(SeminarDocument.meeting_id == meeting_id)
                                   .order_by(SeminarDocument.id)))


def add_document(meeting: Meeting, actor: Member, *, filename: str, data: bytes,
                 now: datetime) -> SeminarDocument:
    try:
        name, media_type = check_upload(filename, data, types=DOCUMENT_TYPES,
                                        max_bytes=MAX_DOCUMENT_BYTES)
    except UploadRejected as rejected:
        raise DocumentRefused(DOCUMENT_PROBLEMS[rejected.problem],
                              mb=MAX_DOCUMENT_BYTES // 2**20) from rejected
    if len(documents_of(meeting.id)) >= MAX_DOCUMENTS:
        raise DocumentRefused("每次研讨最多 %(max)s 个文件。", max=MAX_DOCUMENTS)
    blob = store_blob(AssetSource.from_bytes(name, data, media_type))
    document = SeminarDocument(meeting_id=meeting.id, blob_id=blob.id, filename=name,
                               media_type=media_type, size=len(data), uploaded_by_id=actor.id,
                               uploaded_at=now)
    db.session.add(document)
    db.session.flush()
    record_audit(actor, "seminar.document_added", "meeting", meeting.id,
                 summary=f"上传研讨材料：{name}",
                 details={"document_id": document.id, "sha256": blob.sha256, "size": len(data)})
    return document


def document_of(meeting: Meeting, document_id: int) -> SeminarDocument:
    document = db.session.get(SeminarDocument, document_id)
    if document is None or document.meeting_id != meeting.id:
        raise NotFound()
    return document


def remove_document(meeting: Meeting, actor: Member, document_id: int) -> SeminarDocument:
    """The row goes; the blob stays (it may be shared, and the audit names its sha256)."""
    document = document_of(meeting, document_id)
    db.session.delete(document)
    record_audit(actor, "seminar.document_removed", "meeting", meeting.id,
                 summary=f"移除研讨材料：{document.filename}",
                 details={"document_id": document.id, "filename": document.filename})
    db.session.flush()
    return document


def document_response(document: SeminarDocument) -> Response:
    return blob_download(document.blob, document.filename, document.media_type)
