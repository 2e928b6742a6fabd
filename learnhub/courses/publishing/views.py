"""Versions of a course, for its trainers: publishing the draft, discarding it, version
history and diffs, restoring an old version, archiving, and zips of a version's files
(export, and import into the draft)."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import IO

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext
from flask_login import current_user

from learnhub.authoring.problems import Problem
from learnhub.core.errors import DomainError, NotFound
from learnhub.core.timeutil import now_utc
from learnhub.courses.blueprint import bp
from learnhub.courses.editor import services as editor
from learnhub.courses.editor.forms import ConfirmForm, ImportForm
from learnhub.courses.editor.pages import editor_page
from learnhub.courses.format.checks import read_course_zip
from learnhub.courses.format.content import CourseContent
from learnhub.courses.models import Course, CourseStatus
from learnhub.courses.publishing import services
from learnhub.courses.publishing.diffing import diff_contents
from learnhub.extensions import db
from learnhub.org.access import trainer_required

SPOOL_BYTES = 16 * 1024 * 1024  # zips larger than this are built in a temporary file


@bp.route("/manage/courses/<slug>/publish", methods=["GET", "POST"])
@trainer_required
def publish(slug: str):
    course = editor.get_editable_course(current_user, slug)
    draft = services.draft_of(course)
    if draft is None:
        flash(gettext("这门课程没有未发布的草稿。先修改课程信息或课节，再来发布。"), "info")
        return redirect(url_for(".edit_course", slug=course.slug))
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            version = editor.publish_draft(course, actor=current_user,
                                           expected_hash=form.token.data or None, now=now_utc())
        except DomainError as error:
            db.session.rollback()
            flash(error.translated(), "error")
            return redirect(url_for(".publish", slug=course.slug))
        db.session.commit()
        flash(gettext("已发布第 %(number)s 版。", number=version.number), "success")
        return redirect(url_for(".versions", slug=course.slug))
    preview = editor.publish_preview(course, draft)
    form.token.data = draft.content_hash
    return editor_page("courses/editor/publish.html", course, form=form, check=preview.check,
                       diff=preview.diff, unreferenced=preview.unreferenced, same=preview.same,
                       next_number=preview.next_number, lesson_keys=preview.lesson_keys,
                       tab="publish")


@bp.route("/manage/courses/<slug>/draft/discard", methods=["GET", "POST"])
@trainer_required
def discard_draft(slug: str):
    course = editor.get_editable_course(current_user, slug)
    form = ConfirmForm()
    if services.draft_of(course) is None:
        flash(gettext("这门课程没有未发布的草稿。"), "info")
        return redirect(url_for(".edit_course", slug=course.slug))
    if form.validate_on_submit():
        editor.discard_draft(course, actor=current_user)
        db.session.commit()
        flash(gettext("已放弃草稿。"), "success")
        return redirect(url_for(".edit_course", slug=course.slug))
    return editor_page("courses/editor/discard.html", course, form=form, tab="publish")


# -- history -----------------------------------------------------------------------------

@bp.get("/manage/courses/<slug>/versions")
@trainer_required
def versions(slug: str):
    course = editor.get_editable_course(current_user, slug)
    return editor_page("courses/editor/versions.html", course,
                       versions=services.published_versions(course), tab="versions")


@bp.route("/manage/courses/<slug>/versions/<int:number>/restore", methods=["GET", "POST"])
@trainer_required
def restore(slug: str, number: int):
    """Publish an older version again: its content becomes the draft, then the usual publish."""
    course = editor.get_editable_course(current_user, slug)
    version = services.version_by_number(course, number)
    form = ConfirmForm()
    if form.validate_on_submit():
        editor.restore_version(course, version, actor=current_user, now=now_utc())
        db.session.commit()
        flash(gettext("第 %(n)s 版的内容已放入草稿。检查变更后即可发布。", n=number), "success")
        return redirect(url_for(".publish", slug=course.slug))
    return editor_page("courses/editor/restore.html", course, form=form, version=version,
                       tab="versions")


def _content_for(course: Course, which: str) -> tuple[CourseContent, str]:
    """`which` is a version number or `draft`; returns the content and its label."""
    version = services.version_named(course, which)
    label = gettext("草稿") if version.is_draft else gettext("第 %(n)s 版", n=version.number)
    return services.content_from_version(course, version), label


@bp.get("/manage/courses/<slug>/diff")
@trainer_required
def diff(slug: str):
    course = editor.get_editable_course(current_user, slug)
    numbers = [v.number for v in services.published_versions(course)]
    if not numbers:
        raise NotFound()
    default_to = "draft" if services.draft_of(course) else str(numbers[0])
    default_from = str(numbers[0]) if default_to == "draft" or len(numbers) < 2 else str(numbers[1])
    old_key = request.args.get("from", default_from)
    new_key = request.args.get("to", default_to)
    old, old_label = _content_for(course, old_key)
    new, new_label = _content_for(course, new_key)
    return editor_page("courses/editor/diff.html", course, result=diff_contents(old, new),
                       old_label=old_label, new_label=new_label, old_key=old_key,
                       new_key=new_key, numbers=numbers, tab="versions")


# -- archive -----------------------------------------------------------------------------

@bp.route("/manage/courses/<slug>/archive", methods=["GET", "POST"])
@trainer_required
def archive(slug: str):
    return _archive_or_restore(slug, archiving=True)


@bp.route("/manage/courses/<slug>/unarchive", methods=["GET", "POST"])
@trainer_required
def unarchive(slug: str):
    return _archive_or_restore(slug, archiving=False)


def _archive_or_restore(slug: str, *, archiving: bool):
    """Both ask on a page that says what will happen, then change the status."""
    course = editor.get_editable_course(current_user, slug)
    form = ConfirmForm()
    if (course.status == CourseStatus.ARCHIVED) == archiving:
        flash(gettext("课程已经归档。") if archiving else gettext("课程没有归档。"), "info")
        return redirect(url_for(".manage"))
    if form.validate_on_submit():
        if archiving:
            services.archive_course(course, actor=current_user)
            message = gettext("已归档课程“%(title)s”，它不再出现在课程目录中。", title=course.title)
        else:
            services.unarchive_course(course, actor=current_user)
            message = gettext("已恢复课程“%(title)s”。", title=course.title)
        db.session.commit()
        flash(message, "success")
        return redirect(url_for(".manage"))
    return editor_page("courses/editor/archive.html", course, form=form, archiving=archiving)


# -- zips ---------------------------------------------------------------------------------

@bp.get("/manage/courses/<slug>/export.zip")
@trainer_required
def export_zip(slug: str):
    """`?version=N` (default: the current version, else the draft) or `?version=draft`."""
    course = editor.get_editable_course(current_user, slug)
    which = request.args.get("version", "")
    if which:
        version = services.version_named(course, which)
    elif course.current_version is not None:
        version = course.current_version
    else:
        version = services.version_named(course, "draft")
    label = "draft" if version.is_draft else f"v{version.number}"
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed by the response)
    services.write_version_zip(spool, course, version)
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
            check = read_course_zip(upload.stream, Path(tmp), slug=form.slug.data or None,
                                    upload_name=name)
            problems = check.problems
            if check.content is not None and not problems:
                try:
                    course, created = editor.import_course(
                        current_user, check.content,
                        replace_existing_draft=form.replace_draft.data, now=now_utc())
                except DomainError as error:
                    db.session.rollback()
                    problems = [Problem(f"{check.prefix}course.md", 1, error.translated())]
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
