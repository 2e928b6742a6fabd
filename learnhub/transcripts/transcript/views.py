"""我的学时 (the learning transcript, 学习档案): the member's own, and any member's for a
manager in scope. /me/credits is the address 我的学时 always had."""

from __future__ import annotations

from flask import g, render_template, request
from flask_login import current_user, login_required

from learnhub.core.timeutil import local_today
from learnhub.transcripts.blueprint import bp
from learnhub.transcripts.transcript import pages


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
