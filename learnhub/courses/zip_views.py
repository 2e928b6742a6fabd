"""Export a course version as a zip of its files, and import such a zip into a draft."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import IO

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext
from flask_login import current_user

from learnhub.authoring.problems import Problem
from learnhub.core.errors import DomainError
from learnhub.core.timeutil import now_utc
from learnhub.courses import editor_services as editor
from learnhub.courses.blueprint import bp
from learnhub.courses.editor_forms import ImportForm
from learnhub.courses.format.checks import read_course_folder
from learnhub.courses.format.packaging import extract_course_zip
from learnhub.extensions import db
from learnhub.org.access import trainer_required

SPOOL_BYTES = 16 * 1024 * 1024  # zips larger than this are built in a temporary file


@bp.get("/manage/courses/<slug>/export.zip")
@trainer_required
def export_zip(slug: str):
    """`?version=N` (default: the current version, else the draft) or `?version=draft`."""
    course = editor.get_editable_course(current_user, slug)
    which = request.args.get("version", "")
    if which:
        version = editor.version_named(course, which)
    elif course.current_version is not None:
        version = course.current_version
    else:
        version = editor.version_named(course, "draft")
    label = "draft" if version.is_draft else f"v{version.number}"
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed by the response)
    editor.write_version_zip(spool, course, version)
    spool.seek(0)
    body: IO[bytes] = spool
    if not getattr(spool, "_rolled", True):  # still in memory: hand over the bytes
        body = io.BytesIO(spool.read())
        spool.close()
    return send_file(body, mimetype="application/zip", as_attachment=True,
                     download_name=f"{course.slug}-{label}.zip")


@bp.route("/manage/courses/import", methods=["GET", "POST"])
@trainer_required
def import_zip():
    form = ImportForm()
    problems: list[Problem] = []
    if form.validate_on_submit():
        upload = form.file.data
        name = upload.filename or "upload.zip"
        with tempfile.TemporaryDirectory(prefix="learnhub-zip-") as tmp:
            extracted = extract_course_zip(upload.stream, Path(tmp), slug=form.slug.data or None,
                                           upload_name=name)
            problems = extracted.problems
            if not problems and extracted.folder is not None:
                check = read_course_folder(extracted.folder, extracted.prefix)
                problems = check.problems
                if check.content is not None and not problems:
                    try:
                        course, created = editor.import_course(
                            current_user, check.content,
                            replace_existing_draft=form.replace_draft.data, now=now_utc())
                    except DomainError as error:
                        db.session.rollback()
                        problems = [Problem(f"{extracted.prefix}course.md", 1,
                                            error.translated())]
                    else:
                        db.session.commit()
                        message = (gettext("已导入新课程“%(title)s”的草稿。检查无误后发布。",
                                           title=check.content.title) if created else
                                   gettext("已把 zip 的内容导入为草稿。查看变更后发布。"))
                        flash(message, "success")
                        return redirect(url_for(".publish", slug=course.slug))
    failed = request.method == "POST"
    return render_template("courses/editor/import.html", form=form, problems=problems), \
        422 if failed else 200
