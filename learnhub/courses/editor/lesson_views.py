"""Editor pages for the lessons of a course (add, edit, reorder, remove) and its files."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from learnhub.authoring.media_types import VIDEO_TYPES
from learnhub.core.errors import DomainError
from learnhub.core.forms import attach_errors
from learnhub.core.timeutil import now_utc
from learnhub.courses.blueprint import bp
from learnhub.courses.editor import services as editor
from learnhub.courses.editor.edits import (
    EditedElsewhere,
    LessonDetails,
    LessonNotFound,
    add_asset,
    add_lesson,
    find_lesson,
    move_lesson,
    remove_asset,
    remove_lesson,
    save_lesson,
)
from learnhub.courses.editor.forms import (
    AssetForm,
    ConfirmForm,
    LessonForm,
    NewLessonForm,
    audience_data,
    audience_from,
)
from learnhub.courses.editor.pages import editor_page, preview_into
from learnhub.courses.format.content import CourseContent, LessonContent
from learnhub.extensions import db
from learnhub.org.access import trainer_required
from learnhub.org.forms import choices


def _lessons_page(course, content: CourseContent, new_form: NewLessonForm, status: int = 200):
    return editor_page("courses/editor/lessons.html", course, status=status, content=content,
                       published=editor.published_keys(course), new_form=new_form,
                       form=ConfirmForm(), tab="lessons")


@bp.get("/manage/courses/<slug>/lessons")
@trainer_required
def lessons(slug: str):
    course = editor.get_editable_course(current_user, slug)
    return _lessons_page(course, editor.working_content(course), NewLessonForm(formdata=None))


@bp.post("/manage/courses/<slug>/lessons")
@trainer_required
def new_lesson(slug: str):
    course = editor.get_editable_course(current_user, slug)
    form = NewLessonForm()
    if form.validate():
        try:
            lesson = add_lesson(course, actor=current_user, title=form.title.data,
                                minutes=form.minutes.data, key=form.key.data or None,
                                now=now_utc())
        except DomainError as error:
            db.session.rollback()
            attach_errors(form, error)
        else:
            db.session.commit()
            flash(gettext("已添加课节“%(title)s”，请填写正文。", title=lesson.title), "success")
            return redirect(url_for(".edit_lesson", slug=course.slug, key=lesson.key))
    return _lessons_page(course, editor.working_content(course), form, status=422)


def video_choices(content: CourseContent) -> list[SelectChoice]:
    videos = [path for path in content.assets
              if any(path.lower().endswith(ext) for ext in VIDEO_TYPES)]
    return choices([("", gettext("（无，文字课节）")), *[(path, path) for path in videos]])


def lesson_form_from(lesson: LessonContent) -> LessonForm:
    return LessonForm(formdata=None, data={
        "title": lesson.title, "minutes": lesson.minutes, "key": lesson.key,
        "video": lesson.video or "", "markdown": lesson.markdown,
        "optional": lesson.optional, **audience_data(lesson.audience.get("required") or {}),
        "token": editor.lesson_token(lesson)})


@bp.route("/manage/courses/<slug>/lessons/<key>/edit", methods=["GET", "POST"])
@trainer_required
def edit_lesson(slug: str, key: str):
    course = editor.get_editable_course(current_user, slug)
    content = editor.working_content(course)
    try:
        lesson = find_lesson(content, key)
    except LessonNotFound:
        if request.method != "POST":
            raise
        return _lesson_gone(course, content, key)
    form = lesson_form_from(lesson) if request.method == "GET" else LessonForm()
    form.video.choices = video_choices(content)
    key_locked = lesson.key in editor.published_keys(course)
    preview = None
    if request.method == "POST" and request.form.get("action") == "preview":
        # Only a look: nothing is checked or saved, so half-filled forms preview too.
        preview = preview_into(form, "markdown", course, content, lesson.file_name)
    elif form.validate_on_submit():
        details = LessonDetails(title=form.title.data, minutes=form.minutes.data,
                                markdown=form.markdown.data or "", video=form.video.data or None,
                                key=None if key_locked else (form.key.data or None),
                                optional=bool(form.optional.data), required=audience_from(form))
        try:
            saved = save_lesson(course, key, details, actor=current_user, token=form.token.data,
                                now=now_utc())
        except DomainError as error:
            db.session.rollback()
            attach_errors(form, error)
            if isinstance(error, EditedElsewhere):
                form.token.data = editor.lesson_token(find_lesson(
                    editor.working_content(course), key))
        else:
            db.session.commit()
            flash(gettext("课节“%(title)s”已保存到草稿。", title=saved.title), "success")
            return redirect(url_for(".edit_lesson", slug=course.slug, key=saved.key))
    if key_locked:
        form.key.data = lesson.key
    failed = request.method == "POST" and (form.errors or form.form_errors)
    return editor_page("courses/editor/lesson.html", course, status=422 if failed else 200,
                       form=form, lesson=lesson, key_locked=key_locked, preview=preview,
                       content=content, tab="lessons")


def _lesson_gone(course, content: CourseContent, key: str):
    """The lesson was deleted or renamed in another window: show the text that was typed
    so it can be copied into a lesson that exists, instead of a bare 404."""
    form = LessonForm()
    form.video.choices = video_choices(content)
    form.form_errors.append(gettext(
        "这个课节已在别处被删除或改了标识，无法保存。你输入的内容仍在下面，可以复制到其他课节中。"))
    gone = LessonContent(file_name=f"{key}.md", key=key, title=form.title.data or key,
                         minutes=1, markdown="")
    return editor_page("courses/editor/lesson.html", course, status=409, form=form,
                       lesson=gone, key_locked=True, preview=None, content=content,
                       tab="lessons", gone=True)


@bp.post("/manage/courses/<slug>/lessons/<key>/move")
@trainer_required
def move_lesson_view(slug: str, key: str):
    course = editor.get_editable_course(current_user, slug)
    form = ConfirmForm()
    if form.validate():
        offset = -1 if request.form.get("direction") == "up" else 1
        move_lesson(course, key, offset, actor=current_user, now=now_utc())
        db.session.commit()
    return redirect(url_for(".lessons", slug=course.slug, _anchor=f"lesson-{key}"))


@bp.route("/manage/courses/<slug>/lessons/<key>/remove", methods=["GET", "POST"])
@trainer_required
def remove_lesson_view(slug: str, key: str):
    course = editor.get_editable_course(current_user, slug)
    lesson = find_lesson(editor.working_content(course), key)
    form = ConfirmForm()
    if form.validate_on_submit():
        remove_lesson(course, key, actor=current_user, now=now_utc())
        db.session.commit()
        flash(gettext("已从草稿中删除课节“%(title)s”。", title=lesson.title), "success")
        return redirect(url_for(".lessons", slug=course.slug))
    return editor_page("courses/editor/lesson_remove.html", course, form=form, lesson=lesson,
                       published=lesson.key in editor.published_keys(course), tab="lessons")


# -- files -------------------------------------------------------------------------------

@bp.route("/manage/courses/<slug>/files", methods=["GET", "POST"])
@trainer_required
def files(slug: str):
    course = editor.get_editable_course(current_user, slug)
    form = AssetForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            asset = add_asset(course, actor=current_user, filename=upload.filename or "",
                              data=upload.read(), now=now_utc())
        except DomainError as error:
            db.session.rollback()
            attach_errors(form, error)
        else:
            db.session.commit()
            flash(gettext("已上传 %(path)s。", path=asset.path), "success")
            return redirect(url_for(".files", slug=course.slug))
    failed = request.method == "POST" and (form.errors or form.form_errors)
    return editor_page("courses/editor/files.html", course, status=422 if failed else 200,
                       form=form, content=editor.working_content(course), remove_form=ConfirmForm(),
                       tab="files")


@bp.post("/manage/courses/<slug>/files/remove")
@trainer_required
def remove_file(slug: str):
    course = editor.get_editable_course(current_user, slug)
    form = ConfirmForm()
    path = request.form.get("path", "")
    if form.validate():
        remove_asset(course, path, actor=current_user, now=now_utc())
        db.session.commit()
        flash(gettext("已从草稿中移除 %(path)s。", path=path), "success")
    return redirect(url_for(".files", slug=course.slug))
