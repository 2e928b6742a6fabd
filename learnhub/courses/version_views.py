"""Publishing the draft, discarding it, version history and diffs, archiving a course."""

from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user

from learnhub.core.errors import DomainError, NotFound
from learnhub.core.timeutil import now_utc
from learnhub.courses import editor_services as editor
from learnhub.courses.blueprint import bp
from learnhub.courses.diffing import diff_contents
from learnhub.courses.editor_forms import ConfirmForm
from learnhub.courses.editor_views import editor_page
from learnhub.courses.format.checks import check_web_content
from learnhub.courses.format.content import CourseContent, content_hash
from learnhub.courses.models import Course, CourseStatus
from learnhub.courses.services import next_version_number
from learnhub.extensions import db
from learnhub.org.access import trainer_required

PROGRESS_ENDPOINTS = ("courses.course_progress", "courses.progress", "courses.learners")


def progress_endpoint() -> str | None:
    """C3's page of who completed which version, if the learner side provides one."""
    return next((name for name in PROGRESS_ENDPOINTS if name in current_app.view_functions),
                None)


def _base_content(course: Course) -> CourseContent:
    current = course.current_version
    if current is None:
        return editor.empty_content(course, None)
    return editor.content_from_version(course, current)


@bp.route("/manage/courses/<slug>/publish", methods=["GET", "POST"])
@trainer_required
def publish(slug: str):
    course = editor.get_editable_course(current_user, slug)
    draft = editor.draft_of(course)
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
    draft_content = editor.content_from_version(course, draft)
    check = check_web_content(draft_content)
    diff = unreferenced = None
    same = False
    if check.content is not None:
        diff = diff_contents(_base_content(course), check.content)
        unreferenced = sorted(set(draft_content.assets) - set(check.content.assets))
        current = course.current_version
        same = current is not None and current.content_hash == content_hash(check.content)
    form.token.data = draft.content_hash
    next_number = next_version_number(course)
    return editor_page("courses/editor/publish.html", course, form=form, check=check, diff=diff,
                       unreferenced=unreferenced, same=same, next_number=next_number,
                       lesson_keys=draft_content.lesson_files, tab="publish")


@bp.route("/manage/courses/<slug>/draft/discard", methods=["GET", "POST"])
@trainer_required
def discard_draft(slug: str):
    course = editor.get_editable_course(current_user, slug)
    form = ConfirmForm()
    if editor.draft_of(course) is None:
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
                       versions=editor.published_versions(course),
                       progress_endpoint=progress_endpoint(), tab="versions")


@bp.route("/manage/courses/<slug>/versions/<int:number>/restore", methods=["GET", "POST"])
@trainer_required
def restore(slug: str, number: int):
    """Publish an older version again: its content becomes the draft, then the usual publish."""
    course = editor.get_editable_course(current_user, slug)
    version = editor.version_by_number(course, number)
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
    version = editor.version_named(course, which)
    label = gettext("草稿") if version.is_draft else gettext("第 %(n)s 版", n=version.number)
    return editor.content_from_version(course, version), label


@bp.get("/manage/courses/<slug>/diff")
@trainer_required
def diff(slug: str):
    course = editor.get_editable_course(current_user, slug)
    numbers = [v.number for v in editor.published_versions(course)]
    if not numbers:
        raise NotFound()
    default_to = "draft" if editor.draft_of(course) else str(numbers[0])
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
            editor.archive_course(course, actor=current_user)
            message = gettext("已归档课程“%(title)s”，它不再出现在课程目录中。", title=course.title)
        else:
            editor.unarchive_course(course, actor=current_user)
            message = gettext("已恢复课程“%(title)s”。", title=course.title)
        db.session.commit()
        flash(message, "success")
        return redirect(url_for(".manage"))
    return editor_page("courses/editor/archive.html", course, form=form, archiving=archiving)
