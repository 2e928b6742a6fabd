"""Course management for trainers: the list, a new course, the course details, live preview.

Every page loads the course through `services.get_editable_course`, which refuses
(403) anyone who may not edit it; the list is scoped in SQL.
"""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from learnhub.core.errors import DomainError
from learnhub.core.formatting import credit_hours
from learnhub.core.forms import attach_errors
from learnhub.core.markdown import MarkdownRefused
from learnhub.core.pagination import clamp_per_page
from learnhub.core.query_args import positive_int
from learnhub.core.timeutil import now_utc
from learnhub.courses.blueprint import bp
from learnhub.courses.editor import services as editor
from learnhub.courses.editor.edits import (
    CourseDetails,
    EditedElsewhere,
    save_details,
)
from learnhub.courses.editor.forms import (
    CourseDetailsForm,
    ImportForm,
    NewCourseForm,
    split_list,
)
from learnhub.courses.editor.pages import editor_page, preview_into, preview_render
from learnhub.courses.format.content import CourseContent
from learnhub.courses.models import CourseStatus
from learnhub.extensions import db
from learnhub.org.access import trainer_required
from learnhub.org.models import Role, Unit
from learnhub.org.units.queries import active_units_in_scope

STATUS_LABELS = {CourseStatus.DRAFT: _l("草稿"), CourseStatus.PUBLISHED: _l("已发布"),
                 CourseStatus.ARCHIVED: _l("已归档")}


@bp.app_template_global()
def course_status_label(status: CourseStatus | str) -> str:
    return str(STATUS_LABELS.get(CourseStatus(status), status))


def trainer_units() -> list[Unit]:
    """Units the trainer may give a course to, for the unit picker."""
    return active_units_in_scope(current_user, Role.TRAINER, limit=1000)


# -- the list ----------------------------------------------------------------------------

@bp.get("/manage/courses")
@trainer_required
def manage():
    q = request.args.get("q", "").strip()
    status = request.args.get("status", "")
    page = editor.editable_courses(
        current_user, q=q, status=status, page=request.args.get("page", 1, type=positive_int),
        per_page=clamp_per_page(request.args.get("per_page", type=positive_int), 50))
    return render_template("courses/editor/manage.html", page=page, q=q, status=status,
                           statuses=list(CourseStatus), import_form=ImportForm())


@bp.route("/manage/courses/new", methods=["GET", "POST"])
@trainer_required
def new_course():
    form = NewCourseForm()
    if request.method == "GET" and not form.owner_unit.data:
        units = trainer_units()
        form.owner_unit.data = current_user.unit.code if any(
            u.id == current_user.unit_id for u in units) else (units[0].code if units else "")
    if form.validate_on_submit():
        try:
            course = editor.start_course(current_user, slug=form.slug.data,
                                         title=form.title.data, owner_unit=form.owner_unit.data,
                                         now=now_utc())
        except DomainError as error:
            db.session.rollback()
            if error.code == "duplicate_slug":
                form.slug.errors = [*form.slug.errors, error.translated()]
            elif "owner_unit" in error.fields:
                form.owner_unit.errors = [*form.owner_unit.errors, error.translated()]
            else:
                attach_errors(form, error)
        else:
            db.session.commit()
            flash(gettext("已新建课程草稿。填写课程信息、添加课节后即可发布。"), "success")
            return redirect(url_for(".edit_course", slug=course.slug))
    return render_template("courses/editor/new.html", form=form, units=trainer_units()), \
        422 if form.errors or form.form_errors else 200


# -- course details ----------------------------------------------------------------------

def details_form_from(content: CourseContent) -> CourseDetailsForm:
    required = content.audience.get("required") or {}
    form = CourseDetailsForm(formdata=None, data={
        "title": content.title, "summary": content.summary, "category": content.category,
        "tags": "、".join(content.tags), "credit_hours": _hours_text(content),
        "owner_unit": content.owner_unit or "",
        "audience_political_status": required.get("political_status", []),
        "audience_cadre_level": "、".join(required.get("cadre_level", [])),
        "audience_party_post": required.get("party_post", []),
        "audience_roles": required.get("roles", []),
        "audience_units": "、".join(required.get("units", [])),
        "intro_markdown": content.intro_markdown, "token": editor.details_token(content)})
    return form


def _hours_text(content: CourseContent) -> str:
    return credit_hours(content.credit_hours)


def details_from_form(form: CourseDetailsForm) -> CourseDetails:
    return CourseDetails(
        title=form.title.data, summary=" ".join(form.summary.data.split()),
        category=form.category.data, tags=split_list(form.tags.data),
        credit_hours=form.credit_hours_decimal, owner_unit=form.owner_unit.data,
        intro_markdown=form.intro_markdown.data or "",
        required={"political_status": list(form.audience_political_status.data or []),
                  "cadre_level": split_list(form.audience_cadre_level.data),
                  "party_post": list(form.audience_party_post.data or []),
                  "roles": list(form.audience_roles.data or []),
                  "units": split_list(form.audience_units.data)})


@bp.route("/manage/courses/<slug>/edit", methods=["GET", "POST"])
@trainer_required
def edit_course(slug: str):
    course = editor.get_editable_course(current_user, slug)
    content = editor.working_content(course)
    form = details_form_from(content) if request.method == "GET" else CourseDetailsForm()
    preview = None
    if request.method == "POST" and request.form.get("action") == "preview":
        # Only a look: nothing is checked or saved, so half-filled forms preview too.
        preview = preview_into(form, "intro_markdown", course, content, "course.md")
    elif form.validate_on_submit():
        try:
            save_details(course, details_from_form(form), actor=current_user,
                         token=form.token.data, now=now_utc())
        except DomainError as error:
            db.session.rollback()
            attach_errors(form, error)
            if isinstance(error, EditedElsewhere):
                form.token.data = editor.details_token(editor.working_content(course))
        else:
            db.session.commit()
            flash(gettext("课程信息已保存到草稿。"), "success")
            return redirect(url_for(".edit_course", slug=course.slug))
    failed = request.method == "POST" and (form.errors or form.form_errors)
    return editor_page("courses/editor/details.html", course, status=422 if failed else 200,
                       form=form, preview=preview, units=trainer_units(), tab="details")


# -- preview -----------------------------------------------------------------------------

@bp.post("/manage/courses/<slug>/preview")
@trainer_required
def preview(slug: str):
    """JSON for editor.js: `{"html": sanitised HTML, "issues": [what the sanitiser removed]}`."""
    course = editor.get_editable_course(current_user, slug)
    text = (request.form.get("markdown") or "").replace("\r\n", "\n")
    content = editor.working_content(course)
    source_file = request.form.get("file") or "course.md"
    if source_file != "course.md" and source_file not in content.lesson_files:
        source_file = "course.md"
    try:
        result = preview_render(course, content, text, source_file)
    except MarkdownRefused as error:  # over the limits: the status line says why
        return jsonify({"html": "", "issues": [error.translated()]})
    return jsonify({"html": result.html,
                    "issues": sorted({issue.message for issue in result.issues})})
