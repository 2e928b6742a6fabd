"""我的学时 (the learning transcript, 学习档案): the member's own, and any member's for a
manager in scope. /me/credits is the address 我的学时 always had."""

from __future__ import annotations

from flask import Response, g, render_template, request
from flask_login import current_user, login_required

from learnhub.core.files import content_disposition
from learnhub.core.timeutil import local_today
from learnhub.org.models import Member
from learnhub.transcripts.blueprint import bp
from learnhub.transcripts.transcript import pages
from learnhub.transcripts.transcript.exports import transcript_csv, transcript_json
from learnhub.transcripts.transcript.services import build_transcript

FILE_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@bp.get("/me/credits")
@login_required
def my_transcript():
    g.section = "records"
    today = local_today()
    year = pages.chosen_year(request.args.get("year"), today=today)
    page = pages.transcript_page(current_user, current_user, year, today=today)
    return render_template("transcripts/transcript/page.html", page=page)


@bp.get("/members/<int:member_id>/transcript")
@login_required
def member_transcript(member_id: int):
    g.section = "org"
    member = pages.visible_member(current_user, member_id)
    today = local_today()
    year = pages.chosen_year(request.args.get("year"), today=today)
    page = pages.transcript_page(current_user, member, year, today=today)
    return render_template("transcripts/transcript/page.html", page=page)


@bp.get("/me/transcript.<any(csv, json):file_format>")
@login_required
def my_transcript_file(file_format: str):
    return _transcript_file(current_user, file_format)


@bp.get("/members/<int:member_id>/transcript.<any(csv, json):file_format>")
@login_required
def member_transcript_file(member_id: int, file_format: str):
    return _transcript_file(pages.visible_member(current_user, member_id), file_format)


def _transcript_file(member: Member, file_format: str) -> Response:
    """The page's transcript (?year= as on the page, `all` for every year) as a file."""
    year = pages.chosen_year(request.args.get("year"), today=local_today())
    transcript = build_transcript(member, year)
    data = (transcript_csv if file_format == "csv" else transcript_json)(transcript)
    name = f"transcript-{member.employee_no}-{year or 'all'}.{file_format}"
    return Response(data, content_type=FILE_TYPES[file_format], headers={
        "Content-Disposition": content_disposition(name), "Cache-Control": "private, no-store"})
