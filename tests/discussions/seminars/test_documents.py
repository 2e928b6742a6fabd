"""Preparation documents: PDF, Word, Excel only (by extension and content), a size limit,
downloads as attachments for those who may see the seminar, host-only uploads."""

from __future__ import annotations

import io

from sqlalchemy import select

from learnhub.core.files import clean_filename
from learnhub.discussions.seminars import documents
from learnhub.discussions.seminars.models import SeminarDocument
from learnhub.extensions import db
from learnhub.org.models import AuditEvent
from tests.courses.learning_support import PDF

DOCX = b"PK\x03\x04" + b"\x00" * 64


def upload(post, meeting, name: str, data: bytes):
    return post(f"/meetings/{meeting.id}/seminar/documents",
                {"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def docs(meeting) -> list[SeminarDocument]:
    return list(db.session.scalars(select(SeminarDocument)
                                   .where(SeminarDocument.meeting_id == meeting.id)))


def test_host_uploads_a_pdf_that_invitees_download_as_an_attachment(branch, login_as, post):
    login_as(branch.host)
    assert upload(post, branch.seminar, "学习材料.pdf", PDF).status_code == 302
    (doc,) = docs(branch.seminar)
    assert doc.media_type == "application/pdf" and doc.filename == "学习材料.pdf"
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "seminar.document_added")) is not None
    response = login_as(branch.invitee).get(
        f"/meetings/{branch.seminar.id}/seminar/documents/{doc.id}/x.pdf")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%E5%AD%A6" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    page = login_as(branch.invitee).get(f"/meetings/{branch.seminar.id}/seminar").get_data(
        as_text=True)
    assert "学习材料.pdf" in page


def test_strangers_get_404_for_documents(branch, login_as, post):
    login_as(branch.host)
    upload(post, branch.seminar, "a.docx", DOCX)
    (doc,) = docs(branch.seminar)
    response = login_as(branch.stranger).get(
        f"/meetings/{branch.seminar.id}/seminar/documents/{doc.id}/a.docx")
    assert response.status_code == 404


def test_a_document_of_another_seminar_is_not_served_under_this_one(branch, login_as, post):
    from tests.discussions.builders import make_seminar

    other = make_seminar(branch.unit, invitees=[branch.invitee], host=branch.host)
    login_as(branch.host)
    upload(post, other, "a.pdf", PDF)
    (doc,) = docs(other)
    assert login_as(branch.stranger).get(
        f"/meetings/{other.id}/seminar/documents/{doc.id}/a.pdf").status_code == 404
    assert login_as(branch.invitee).get(
        f"/meetings/{other.id}/seminar/documents/{doc.id}/a.pdf").status_code == 200
    # The speaker sees branch.seminar, not `other`: its document is not theirs to fetch.
    assert login_as(branch.speaker).get(
        f"/meetings/{branch.seminar.id}/seminar/documents/{doc.id}/a.pdf").status_code == 404


def test_other_types_and_renamed_files_are_refused(branch, login_as, post):
    login_as(branch.host)
    for name, data in (("page.html", b"<html>"), ("notes.txt", b"hi"),
                       ("fake.pdf", b"<script>alert(1)</script>"), ("fake.docx", PDF)):
        response = upload(post, branch.seminar, name, data)
        assert response.status_code == 422, name
    assert docs(branch.seminar) == []


def test_files_over_the_limit_are_refused(branch, login_as, post, monkeypatch):
    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 100)
    login_as(branch.host)
    response = upload(post, branch.seminar, "big.pdf", PDF + b"0" * 200)
    assert response.status_code == 422 and "超过" in response.get_data(as_text=True)
    assert docs(branch.seminar) == []


def test_only_the_host_uploads_and_removes(branch, login_as, post):
    login_as(branch.invitee)
    assert upload(post, branch.seminar, "a.pdf", PDF).status_code == 403
    login_as(branch.host)
    upload(post, branch.seminar, "a.pdf", PDF)
    (doc,) = docs(branch.seminar)
    login_as(branch.invitee)
    remove = f"/meetings/{branch.seminar.id}/seminar/documents/{doc.id}/remove"
    assert post(remove).status_code == 403
    login_as(branch.host)
    assert post(remove).status_code == 302
    assert docs(branch.seminar) == []


def test_upload_without_csrf_is_refused(branch, login_as, client):
    login_as(branch.host)
    response = client.post(f"/meetings/{branch.seminar.id}/seminar/documents",
                           data={"file": (io.BytesIO(PDF), "a.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code in (400, 422)
    assert docs(branch.seminar) == []


def test_folder_parts_of_a_filename_are_dropped():
    assert clean_filename("..\\..\\etc/学习.pdf") == "学习.pdf"
