"""线下培训导入 (manager only): upload → dry-run preview → confirm; and the template file.
Nothing is written before the confirm, which re-reads and re-checks the previewed file."""

from __future__ import annotations

from flask import Response, render_template
from flask_login import current_user

from learnhub.core.exports import csv_bytes, xlsx_bytes
from learnhub.core.files import clean_filename, content_disposition
from learnhub.core.timeutil import local_today, now_utc
from learnhub.extensions import db
from learnhub.org.access import role_required
from learnhub.org.models import Role
from learnhub.transcripts.blueprint import bp
from learnhub.transcripts.offline import importing, services, staging
from learnhub.transcripts.offline.forms import ImportConfirmForm, ImportUploadForm

IMPORT = services.MY_TRAININGS_PATH + "/import"
manager_page = role_required(Role.MANAGER, section="offline_review")
PREVIEW_ROWS = 200


def _upload_page(form: ImportUploadForm, problems=(), status: int = 200):
    return render_template("transcripts/offline/import_upload.html", form=form,
                           columns=importing.COLUMNS, problems=list(problems)), status


@bp.get(IMPORT)
@manager_page
def import_start():
    return _upload_page(ImportUploadForm())


@bp.post(IMPORT)
@manager_page
def import_preview():
    form = ImportUploadForm()
    if not form.validate_on_submit():
        return _upload_page(form, status=422)
    upload = form.file.data
    filename = clean_filename(upload.filename or "") or "upload"
    data = upload.read()
    try:
        plan = importing.plan_import(current_user, filename, data, local_today())
    except importing.TrainingImportInvalid as invalid:
        return _upload_page(form, invalid.problems, 422)
    token = staging.stage(current_user, filename, data)
    page = render_template("transcripts/offline/import_preview.html", plan=plan,
                           shown=plan.new[:PREVIEW_ROWS],
                           form=ImportConfirmForm(formdata=None, token=token))
    db.session.commit()
    return page


@bp.post(IMPORT + "/confirm")
@manager_page
def import_confirm():
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        raise staging.StagedFileGone()
    staged = staging.take(current_user, form.token.data or "")
    try:
        plan = importing.plan_import(current_user, staged.filename, staged.data, local_today())
    except importing.TrainingImportInvalid as invalid:
        db.session.commit()  # the file is gone: a changed file is uploaded again
        return _upload_page(ImportUploadForm(formdata=None), invalid.problems, 409)
    result = importing.apply_plan(current_user, plan, now=now_utc(), today=local_today())
    db.session.commit()
    return render_template("transcripts/offline/import_done.html", result=result,
                           filename=staged.filename)


@bp.get(IMPORT + "/template.<any(xlsx, csv):kind>")
@manager_page
def import_template(kind: str):
    header = [column.header for column in importing.COLUMNS]
    if kind == "csv":
        data, mimetype = csv_bytes(header, [importing.EXAMPLE]), "text/csv"
    else:
        data = xlsx_bytes(header, [importing.EXAMPLE], sheet_title="线下培训", text_columns=[0])
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": content_disposition(f"offline-training-template.{kind}")})
