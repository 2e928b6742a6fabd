"""/quizzes/import: a trainer uploads a question file (our Markdown, GIFT or Aiken) into a
question bank of their unit. All or nothing: on any problem the page lists every one
with its line and nothing is written; on success it lists each imported question."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext
from flask_login import current_user

from learnhub.core.messages import N_
from learnhub.extensions import db
from learnhub.org.access import trainer_required
from learnhub.quizzes.blueprint import bp
from learnhub.quizzes.importing import services
from learnhub.quizzes.importing.formats import FORMAT_LABELS, available_formats
from learnhub.quizzes.importing.forms import QuizImportForm
from learnhub.quizzes.questions.types import TYPES, QuestionType

STATUS_LABELS = {services.NEW: N_("新增"), services.CHANGED: N_("已修改"),
                 services.UNCHANGED: N_("未变")}  # msgids


def _form() -> QuizImportForm:
    form = QuizImportForm()
    form.file_format.choices = [(name, gettext(FORMAT_LABELS[name])) for name in available_formats()]
    return form


@bp.get("/import")
@trainer_required
def import_start():
    return _upload_page(_form())


@bp.post("/import")
@trainer_required
def import_upload():
    form = _form()
    if not form.validate_on_submit():
        return _upload_page(form, status=422)
    upload = form.file.data
    # Only the base name, for messages (old browsers sent C:\fakepath\…).
    filename = (upload.filename or "upload.txt").replace("\\", "/").rsplit("/", 1)[-1][:200]
    data = upload.read(services.MAX_BYTES + 1)
    try:
        result = services.import_file(
            filename, data, file_format=form.file_format.data, bank_slug=form.bank.data,
            actor=current_user, owner_unit=services.default_owner_unit(current_user))
    except services.ImportInvalid as invalid:
        db.session.rollback()
        return _upload_page(form, problems=invalid.problems, status=422)
    db.session.commit()
    return render_template("quizzes/import_result.html", result=result, filename=filename,
                           type_labels={t.value: TYPES[QuestionType(t)].label for t in TYPES},
                           status_labels=STATUS_LABELS)


def _upload_page(form: QuizImportForm, *, problems=None, status: int = 200):
    return render_template("quizzes/import_upload.html", form=form,
                           problems=problems or []), status
