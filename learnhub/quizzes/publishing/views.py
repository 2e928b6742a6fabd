"""A question bank downloaded in our Markdown quiz format (what `learnhub quiz export`
writes), for trainers who manage it: the file imports back unchanged."""

from __future__ import annotations

from flask import Response, abort
from flask_login import current_user
from sqlalchemy import select

from learnhub.extensions import db
from learnhub.org.access import trainer_required
from learnhub.quizzes.banks.access import can_manage_bank
from learnhub.quizzes.blueprint import bp
from learnhub.quizzes.models import QuestionBank
from learnhub.quizzes.publishing.exporting import export_bank


@bp.get("/banks/<slug>/export.md")
@trainer_required
def export_bank_file(slug: str):
    bank = db.session.scalar(select(QuestionBank).where(QuestionBank.slug == slug))
    if bank is None or not can_manage_bank(current_user, bank):
        abort(404)
    return Response(export_bank(slug), mimetype="text/markdown; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{slug}.md"'})
