"""Documents: transcript and certificate downloads, the public /verify pages, and the
admin's list of issued documents with revocation.

/verify answers without login (whoever holds a printed copy checks it), shows only the
summary frozen at issue, and is rate-limited per address like the login form.
"""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user, login_required

from learnhub.core.errors import DomainError
from learnhub.core.files import content_disposition
from learnhub.core.forms import attach_errors
from learnhub.core.timeutil import local_today, now_utc
from learnhub.core.transactions import reads_without_transaction
from learnhub.extensions import db, limiter
from learnhub.org.access import admin_required
from learnhub.org.models import Member
from learnhub.transcripts.blueprint import bp
from learnhub.transcripts.documents import codes, services
from learnhub.transcripts.documents.certificate_pdf import certificate_pdf
from learnhub.transcripts.documents.forms import RevokeForm, VerifyForm
from learnhub.transcripts.documents.models import IssuedDocument
from learnhub.transcripts.documents.transcript_pdf import transcript_pdf
from learnhub.transcripts.transcript.pages import chosen_year, visible_member
from learnhub.transcripts.transcript.services import build_transcript


def _pdf_response(data: bytes, filename: str) -> Response:
    return Response(data, content_type="application/pdf", headers={
        "Content-Disposition": content_disposition(filename),
        "Cache-Control": "private, no-store"})


def _transcript_download(member: Member) -> Response:
    year = chosen_year(request.args.get("year"), today=local_today())  # as the page
    transcript = build_transcript(member, year)
    document = services.issue_transcript(transcript, actor=current_user, now=now_utc())
    data = transcript_pdf(transcript, document)
    filename = f"transcript-{member.employee_no}-{year or 'all'}.pdf"  # before the commit
    db.session.commit()  # expires the member: reading it after would cost a query
    return _pdf_response(data, filename)


@bp.get("/me/transcript.pdf")
@login_required
def my_transcript_pdf():
    return _transcript_download(current_user)


@bp.get("/members/<int:member_id>/transcript.pdf")
@login_required
def member_transcript_pdf(member_id: int):
    """A manager's download for a member of their subtree; 404 for anyone else, so the
    answer does not tell which members exist."""
    return _transcript_download(visible_member(current_user, member_id))


@bp.get("/me/certificates/<int:course_id>.pdf")
@login_required
def my_certificate_pdf(course_id: int):
    completion = services.completion_of(current_user, course_id)  # 404 unless completed
    document = services.issue_certificate(completion, actor=current_user, now=now_utc())
    data = certificate_pdf(completion, document)
    filename = f"certificate-{current_user.employee_no}-{course_id}.pdf"
    db.session.commit()
    return _pdf_response(data, filename)


@bp.get("/verify")
@limiter.limit(lambda: current_app.config["VERIFY_LIMIT_PER_IP"])
def verify_form():
    form = VerifyForm(formdata=request.args if request.args else None)
    if request.args and form.validate():
        return redirect(url_for(".verify", code=codes.normalise(form.code.data)))
    return _no_store(render_template("transcripts/documents/verify.html", form=form,
                                     result=None))


@bp.get("/verify/<code>")
@limiter.limit(lambda: current_app.config["VERIFY_LIMIT_PER_IP"])
@reads_without_transaction
def verify(code: str):
    result = services.verify(code[:64])
    status = 200 if result.document is not None else 404
    html = render_template("transcripts/documents/verify.html", form=VerifyForm(formdata=None),
                           result=result, code=codes.normalise(code[:64]))
    return _no_store(html), status


def _no_store(html: str) -> Response:
    response = Response(html)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/admin/documents")
@admin_required
def documents():
    g.section = "documents"
    query = request.args.get("q", "")[:64]
    return render_template("transcripts/documents/documents.html", query=query,
                           documents=services.search_documents(
                               query, limit=current_app.config["PAGE_SIZE"]))


@bp.route("/admin/documents/<int:document_id>/revoke", methods=["GET", "POST"])
@admin_required
def revoke_document(document_id: int):
    document = db.session.get(IssuedDocument, document_id)
    if document is None:
        abort(404)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            services.revoke(document, actor=current_user, reason=form.reason.data,
                            now=now_utc())
        except DomainError as error:
            db.session.rollback()
            attach_errors(form, error)
        else:
            db.session.commit()
            flash(gettext("验证码 %(code)s 已撤销。", code=codes.grouped(document.code)),
                  "success")
            return redirect(url_for(".documents", q=document.code))
    status = 422 if form.errors else 200
    return render_template("transcripts/documents/revoke.html", document=document,
                           form=form), status
