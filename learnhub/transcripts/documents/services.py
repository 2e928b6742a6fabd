"""Issuing, verifying and revoking documents (transcript PDFs, course certificates).

A document is issued when its PDF is made: the row keeps a code and the `summary` that
/verify shows, frozen then, so later ledger changes never alter what a printed copy
claimed. Downloading the same thing again reuses the live document whose summary still
matches, so one transcript does not collect a new code per click.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from flask import current_app, has_request_context, url_for
from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager

from learnhub.core.errors import DomainError, NotFound, ValidationFailed
from learnhub.core.timeutil import to_local
from learnhub.courses.models import Course, CourseVersion
from learnhub.courses.study.models import CourseCompletion
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member, Unit
from learnhub.records.models import LedgerEntry
from learnhub.transcripts.documents import codes
from learnhub.transcripts.documents.models import DocumentKind, IssuedDocument
from learnhub.transcripts.transcript.services import Transcript, hours_text


class AlreadyRevoked(DomainError):
    code = "already_revoked"
    status = 409
    message = "该文件已被撤销。"


def organisation_name(member: Member) -> str:
    """The root unit's name: the organisation a document is issued by."""
    root_id = int(member.unit.path.strip("/").split("/")[0])
    root = db.session.get(Unit, root_id)
    return root.name if root is not None else member.unit.name


def transcript_summary(transcript: Transcript) -> dict:
    """What /verify shows for a transcript: identity, year and totals (as strings)."""
    member = transcript.member
    summary = {"name": member.name, "unit": member.unit.name, "year": transcript.year,
               "earned": hours_text(transcript.total), "online": hours_text(transcript.online_total)}
    standing = transcript.standing
    if standing is not None and standing.requirement.applies:
        summary |= {"required": hours_text(standing.requirement.total_hours),
                    "required_online": hours_text(standing.requirement.online_hours),
                    "met": standing.met}
    return summary


@dataclass(frozen=True)
class Completion:
    """A completed course as a certificate states it."""

    member: Member
    course_id: int
    course_title: str
    completed_on: str  # ISO date, local
    credit_hours: Decimal


def completion_of(member: Member, course_id: int) -> Completion:
    """The member's completion of the course (NotFound when they have not completed it);
    the hours are those the ledger credited, else the studied version's."""
    row = db.session.execute(
        select(CourseCompletion, Course.title, LedgerEntry.credit_hours)
        .join(Course, Course.id == CourseCompletion.course_id)
        .outerjoin(LedgerEntry, LedgerEntry.id == CourseCompletion.ledger_entry_id)
        .where(CourseCompletion.member_id == member.id, CourseCompletion.course_id == course_id)
    ).first()
    if row is None:
        raise NotFound()
    completion, title, hours = row
    if hours is None:
        hours = db.session.get(CourseVersion, completion.version_id).credit_hours
    return Completion(member=member, course_id=course_id, course_title=title,
                      completed_on=to_local(completion.completed_at).date().isoformat(),
                      credit_hours=hours)


def certificate_summary(completion: Completion) -> dict:
    member = completion.member
    return {"name": member.name, "unit": member.unit.name, "course": completion.course_title,
            "completed_on": completion.completed_on,
            "credit_hours": hours_text(completion.credit_hours)}


def issue(member: Member, kind: DocumentKind, summary: dict, *, year: int | None = None,
          course_id: int | None = None, actor: Member | None, now: datetime) -> IssuedDocument:
    """The live document with this exact summary, or a new one with a fresh code."""
    existing = db.session.scalars(
        select(IssuedDocument).where(
            IssuedDocument.member_id == member.id, IssuedDocument.kind == kind,
            IssuedDocument.year.is_(None) if year is None else IssuedDocument.year == year,
            IssuedDocument.course_id.is_(None) if course_id is None
            else IssuedDocument.course_id == course_id,
            IssuedDocument.revoked_at.is_(None))
        .order_by(IssuedDocument.id.desc())).all()
    for document in existing:
        if document.summary == summary:
            return document
    document = IssuedDocument(
        code=codes.new_code(current_app.config["SECRET_KEY"]), kind=kind, member_id=member.id,
        year=year, course_id=course_id, summary=summary, issued_at=now,
        issued_by_id=actor.id if actor is not None else None)
    db.session.add(document)
    db.session.flush()
    return document


def issue_transcript(transcript: Transcript, *, actor: Member | None,
                     now: datetime) -> IssuedDocument:
    return issue(transcript.member, DocumentKind.TRANSCRIPT, transcript_summary(transcript),
                 year=transcript.year, actor=actor, now=now)


def issue_certificate(completion: Completion, *, actor: Member | None,
                      now: datetime) -> IssuedDocument:
    return issue(completion.member, DocumentKind.CERTIFICATE, certificate_summary(completion),
                 course_id=completion.course_id, actor=actor, now=now)


def verify_url(code: str) -> str:
    """The absolute /verify address the QR code holds: from the request's host, or from
    LEARNHUB_BASE_URL outside a request (the CLI); the bare path when neither is known."""
    if has_request_context():
        return url_for("transcripts.verify", code=code, _external=True)
    base = (current_app.config.get("BASE_URL") or "").rstrip("/")
    return f"{base}/verify/{code}"


@dataclass(frozen=True)
class Verification:
    state: str  # valid | revoked | unknown | invalid
    document: IssuedDocument | None = None


def verify(text: str) -> Verification:
    """What a code says: a stored code first (so a changed secret key keeps old codes
    valid), then the keyed check tells an altered code from one never issued."""
    code = codes.normalise(text)
    document = db.session.scalar(select(IssuedDocument).where(IssuedDocument.code == code)) \
        if len(code) == codes.CODE_LENGTH else None
    if document is not None:
        return Verification("revoked" if document.revoked_at else "valid", document)
    if codes.is_well_formed(code, current_app.config["SECRET_KEY"]):
        return Verification("unknown")
    return Verification("invalid")


def revoke(document: IssuedDocument, *, actor: Member, reason: str, now: datetime) -> None:
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("请填写撤销原因。")
    if document.revoked_at is not None:
        raise AlreadyRevoked()
    document.revoked_at = now
    document.revoked_by_id = actor.id
    document.revoke_reason = reason[:500]
    record_audit(actor, "document.revoke", "issued_document", document.id,
                 summary=reason[:500], details={"code": document.code,
                                                "kind": document.kind.value,
                                                "member_id": document.member_id})


def search_documents(query: str, *, limit: int) -> list[IssuedDocument]:
    """Newest first; `query` is a 工号 or a code (dashes and case ignored)."""
    statement = select(IssuedDocument).join(Member, Member.id == IssuedDocument.member_id)
    query = query.strip()
    if query:
        statement = statement.where(or_(Member.employee_no == query,
                                        IssuedDocument.code == codes.normalise(query)))
    return list(db.session.scalars(
        statement.options(contains_eager(IssuedDocument.member))
        .order_by(IssuedDocument.issued_at.desc(), IssuedDocument.id.desc()).limit(limit)))
