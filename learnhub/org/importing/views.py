"""Member import pages (admin only): upload → preview → confirm → one-time password file.

Nothing is written before the confirm; the confirm re-reads the staged file and applies
only if the plan is exactly the one previewed (same file, same database state).
"""

from __future__ import annotations

from flask import Response, flash, g, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from learnhub.core.exports import csv_bytes, xlsx_bytes
from learnhub.core.timeutil import local_today, now_utc, to_local
from learnhub.extensions import db
from learnhub.org.access import admin_required
from learnhub.org.blueprint import bp
from learnhub.org.importing import staging
from learnhub.org.importing.forms import ImportConfirmForm, ImportUploadForm
from learnhub.org.importing.parse import COLUMNS
from learnhub.org.importing.passwords import estimated_seconds, passwords_csv
from learnhub.org.importing.plan import (
    FIELD_LABELS,
    ImportInvalid,
    ImportPlan,
    apply_plan,
    plan_import,
)
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
    data = upload.read()
    # Only the base name, for messages and the audit log (old IE sent C:\fakepath\…).
    filename = (upload.filename or "upload").replace("\\", "/").rsplit("/", 1)[-1][:200]
    try:
        plan = plan_import(filename, data, deactivate_missing=form.deactivate_missing.data,
                           actor=current_user, today=local_today())
    except ImportInvalid as invalid:
        return _upload_page(form, problems=invalid.problems, status=422)
    staged = staging.stage_upload(current_user.id, filename, data,
                                  deactivate_missing=form.deactivate_missing.data,
                                  issue_passwords=form.issue_passwords.data, now=now_utc())
    return _preview_page(plan, staged)


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
        if staging.read_result(token, current_user.id) or staging.being_applied(
                token, current_user.id):
            return redirect(url_for(".import_done", token=token))  # a second click
        raise
    try:
        return _apply_staged(staged, form.digest.data, now)
    finally:
        staging.discard_upload(staged.token)


def _apply_staged(staged: staging.StagedUpload, previewed_digest: str, now):
    try:
        plan = plan_import(staged.filename, staged.data,
                           deactivate_missing=staged.deactivate_missing, actor=current_user,
                           today=local_today())
    except ImportInvalid as invalid:  # e.g. a unit was deactivated since the preview
        return _upload_page(ImportUploadForm(formdata=None), problems=invalid.problems,
                            status=409)
    if plan.digest() != previewed_digest:
        fresh = staging.stage_upload(current_user.id, staged.filename, staged.data,
                                     deactivate_missing=staged.deactivate_missing,
                                     issue_passwords=staged.issue_passwords, now=now)
        flash(gettext("预览之后成员数据有了变化，没有写入任何数据。请核对下面新的预览后再确认。"),
              "warning")
        return _preview_page(plan, fresh, status=409)

    result = apply_plan(plan, current_user, now=now, source="web",
                        issue_passwords=staged.issue_passwords)
    password_token = None
    if result.passwords:
        password_token = staging.stage_passwords(current_user.id,
                                                 passwords_csv(result.passwords), now)
    try:
        db.session.commit()
    except Exception:
        if password_token:
            staging.discard_passwords(password_token)
        raise
    staging.save_result(staged.token, current_user.id, {
        "filename": plan.filename, "counts": result.counts,
        "passwords": len(result.passwords), "passwords_token": password_token})
    return redirect(url_for(".import_done", token=staged.token))


@bp.get("/members/import/done/<token>")
@admin_required
def import_done(token: str):
    g.section = "org"
    result = staging.read_result(token, current_user.id)
    if result is None:
        if staging.being_applied(token, current_user.id):
            return render_template("org/import_done.html", result=None, token=token), 202
        raise staging.StagedImportGone()
    waiting = staging.passwords_waiting(result.get("passwords_token"), current_user.id)
    return render_template("org/import_done.html", result=result, token=token,
                           passwords_waiting=waiting)


@bp.post("/members/import/done/<token>/passwords")
@admin_required
def import_passwords(token: str):
    """A POST (CSRF-checked like every POST), so no prefetch can spend the one download."""
    result = staging.read_result(token, current_user.id) or {}
    data = staging.take_passwords(result.get("passwords_token"), current_user.id, now_utc())
    stamp = to_local(now_utc()).strftime("%Y%m%d-%H%M")
    return Response(data, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="initial-passwords-{stamp}.csv"'})


@bp.get("/members/import/template.<any(xlsx, csv):kind>")
@admin_required
def import_template(kind: str):
    header = [column.header for column in COLUMNS]
    example = ["10001", "张三", example_unit_code(), "中共党员", "技术员", "",
               "2015-07-01", "zhangsan@example.com", "13800138000"]
    if kind == "csv":
        data, mimetype = csv_bytes(header, [example]), "text/csv"
    else:
        data = xlsx_bytes(header, [example], sheet_title="成员", text_columns=[0, 8])
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="member-import-template.{kind}"'})


def _upload_page(form: ImportUploadForm, *, problems=None, status: int = 200):
    return render_template("org/import_upload.html", form=form, columns=COLUMNS,
                           problems=problems or []), status


def _preview_page(plan: ImportPlan, staged: staging.StagedUpload, *, status: int = 200):
    confirm = ImportConfirmForm(formdata=None, token=staged.token, digest=plan.digest())
    hashing = estimated_seconds(len(plan.new)) if staged.issue_passwords else 0.0
    return render_template(
        "org/import_preview.html", plan=plan, form=confirm, labels=FIELD_LABELS,
        units={unit.code: unit for unit in plan.scope}, issue_passwords=staged.issue_passwords,
        hashing_seconds=hashing), status
