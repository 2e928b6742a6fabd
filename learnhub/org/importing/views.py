"""Member import pages (admin only): upload → preview → confirm → one-time password file.

Nothing is written before the confirm; the confirm re-reads the staged file and applies
only if the plan is exactly the one previewed (same file, same database state).
"""

from __future__ import annotations

from flask import Response, flash, g, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from learnhub.core.exports import csv_bytes, xlsx_bytes
from learnhub.core.files import content_disposition
from learnhub.core.timeutil import local_today, now_utc, to_local
from learnhub.extensions import db
from learnhub.org.access import admin_required
from learnhub.org.blueprint import bp
from learnhub.org.importing import services, staging
from learnhub.org.importing.forms import ImportConfirmForm, ImportUploadForm
from learnhub.org.importing.parse import COLUMNS
from learnhub.org.importing.passwords import estimated_seconds
from learnhub.org.importing.plan import FIELD_LABELS, ImportInvalid
from learnhub.org.units.queries import example_unit_code


@bp.get("/members/import")
@admin_required
def import_start():
    g.section = "org"
    return render_template("org/import_upload.html", form=ImportUploadForm(), columns=COLUMNS)


@bp.post("/members/import")
@admin_required
def import_preview():
    g.section = "org"
    form = ImportUploadForm()
    if not form.validate_on_submit():
        return _upload_page(form, status=422)
    upload = form.file.data
    # Only the base name, for messages and the audit log (old IE sent C:\fakepath\…).
    filename = (upload.filename or "upload").replace("\\", "/").rsplit("/", 1)[-1][:200]
    try:
        preview = services.preview_upload(
            current_user, filename, upload.read(), deactivate_missing=form.deactivate_missing.data,
            issue_passwords=form.issue_passwords.data, now=now_utc(), today=local_today())
    except ImportInvalid as invalid:
        return _upload_page(form, problems=invalid.problems, status=422)
    page = _preview_page(preview)  # before the commit expires the plan's rows
    db.session.commit()
    return page


@bp.post("/members/import/confirm")
@admin_required
def import_confirm():
    g.section = "org"
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        raise staging.StagedImportGone()
    token, now = form.token.data, now_utc()
    try:
        staged = staging.claim_upload(token, current_user.id, now)
    except staging.StagedImportGone:
        if staging.status(token, current_user.id, now) is not None:  # a second click
            return redirect(url_for(".import_done", token=token))
        raise
    db.session.commit()  # the claim: a second click meanwhile finds the import under way
    try:
        outcome = services.confirm_staged(staged, actor=current_user,
                                          previewed_digest=form.digest.data, now=now,
                                          today=local_today())
        response = _confirm_answer(outcome, staged.token)  # before the commit expires rows
        db.session.commit()
    except Exception:
        db.session.rollback()
        staging.discard(staged.token)
        db.session.commit()
        raise
    return response


def _confirm_answer(outcome: services.StagedConfirm, token: str):
    if outcome.problems:
        return _upload_page(ImportUploadForm(formdata=None), problems=outcome.problems,
                            status=409)
    if outcome.changed is not None:
        flash(gettext("预览之后成员数据有了变化，没有写入任何数据。请核对下面新的预览后再确认。"),
              "warning")
        return _preview_page(outcome.changed, status=409)
    return redirect(url_for(".import_done", token=token))


@bp.get("/members/import/done/<token>")
@admin_required
def import_done(token: str):
    g.section = "org"
    status = staging.status(token, current_user.id, now_utc())
    if status is None:
        raise staging.StagedImportGone()
    if status.result is None:
        return render_template("org/import_done.html", result=None, token=token), 202
    return render_template("org/import_done.html", result=status.result, token=token,
                           passwords_waiting=status.passwords_waiting)


@bp.post("/members/import/done/<token>/passwords")
@admin_required
def import_passwords(token: str):
    """A POST (CSRF-checked like every POST), so no prefetch can spend the one download."""
    now = now_utc()
    data = staging.take_passwords(token, current_user.id, now)
    db.session.commit()
    stamp = to_local(now).strftime("%Y%m%d-%H%M")
    return Response(data, mimetype="text/csv", headers={
        "Content-Disposition": content_disposition(f"initial-passwords-{stamp}.csv")})


@bp.get("/members/import/template.<any(xlsx, csv):kind>")
@admin_required
def import_template(kind: str):
    header = [column.header for column in COLUMNS]
    values = {"employee_no": "10001", "name": "张三", "unit_code": example_unit_code(),
              "political_status": "中共党员", "position": "技术员", "cadre_level": "",
              "party_post": "委员", "joined_party_on": "2015-07-01",
              "email": "zhangsan@example.com", "phone": "13800138000"}
    example = [values[column.field] for column in COLUMNS]
    fields = [column.field for column in COLUMNS]
    if kind == "csv":
        data, mimetype = csv_bytes(header, [example]), "text/csv"
    else:
        data = xlsx_bytes(header, [example], sheet_title="成员",
                          text_columns=[fields.index("employee_no"), fields.index("phone")])
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": content_disposition(f"member-import-template.{kind}")})


def _upload_page(form: ImportUploadForm, *, problems=None, status: int = 200):
    return render_template("org/import_upload.html", form=form, columns=COLUMNS,
                           problems=problems or []), status


def _preview_page(preview: services.Preview, *, status: int = 200):
    plan, staged = preview.plan, preview.staged
    confirm = ImportConfirmForm(formdata=None, token=staged.token if staged else "",
                                digest=plan.digest())
    issue_passwords = staged is not None and staged.issue_passwords
    hashing = estimated_seconds(len(plan.new)) if issue_passwords else 0.0
    return render_template(
        "org/import_preview.html", plan=plan, form=confirm, labels=FIELD_LABELS,
        units={unit.code: unit for unit in plan.scope}, issue_passwords=issue_passwords,
        hashing_seconds=hashing), status
