"""Seminar pages: the seminar (and its print version), the host's setup and documents, a
member's 心得, and a unit's seminar record. Each loads the seminar the actor may see (404
otherwise), checks the part they may change, acts, commits. The conclusions and action
items are the minutes' decisions and action items, written on the minutes form."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from learnhub.core.forms import flash_outcome, form_outcome, form_status
from learnhub.core.timeutil import now_utc
from learnhub.discussions import access
from learnhub.discussions.blueprint import bp
from learnhub.discussions.seminars import documents, loading, record, reflections
from learnhub.discussions.seminars import setup as seminar_setup
from learnhub.discussions.seminars.forms import (
    ConfirmForm,
    DocumentForm,
    ReflectionForm,
    SetupForm,
)
from learnhub.discussions.seminars.page import seminar_page


@bp.before_request
def _mark_section() -> None:
    if request.endpoint and request.endpoint.startswith("discussions.seminar"):
        g.section = "seminars"


@bp.get("/<int:meeting_id>/seminar")
@login_required
def seminar(meeting_id: int):
    meeting = loading.viewable_seminar(current_user, meeting_id)
    return render_template("discussions/seminars/seminar.html",
                           page=seminar_page(meeting, current_user), confirm=ConfirmForm())


@bp.get("/<int:meeting_id>/seminar/print")
@login_required
def seminar_print(meeting_id: int):
    meeting = loading.viewable_seminar(current_user, meeting_id)
    return render_template("discussions/seminars/print.html",
                           page=seminar_page(meeting, current_user))


@bp.route("/<int:meeting_id>/seminar/setup", methods=["GET", "POST"])
@login_required
def seminar_setup_page(meeting_id: int):
    meeting = loading.runnable_seminar(current_user, meeting_id)
    page = seminar_page(meeting, current_user)
    current = seminar_setup.current_setup(meeting)
    form = SetupForm(data={"theme": current.theme, "speakers": sorted(current.speaker_ids),
                           "min_reflection_chars": current.min_reflection_chars})
    form.speakers.choices = [(i.member_id, i.name) for i in page.invitees]
    if form.validate_on_submit():
        wanted = seminar_setup.SeminarSetup(
            theme=form.theme.data or "", min_reflection_chars=form.min_reflection_chars.data,
            speaker_ids=frozenset(form.speakers.data or ()))
        with form_outcome(form) as result:
            changed = seminar_setup.save_setup(meeting, current_user, wanted)
        if result.succeeded:
            flash(gettext("已保存研讨设置。") if changed else gettext("没有需要保存的修改。"),
                  "success")
            return redirect(url_for(".seminar", meeting_id=meeting.id))
    return render_template("discussions/seminars/setup.html", page=page, form=form,
                           upload=DocumentForm(), confirm=ConfirmForm()), form_status(form)


@bp.post("/<int:meeting_id>/seminar/documents")
@login_required
def seminar_upload(meeting_id: int):
    meeting = loading.runnable_seminar(current_user, meeting_id)
    upload = DocumentForm()
    if upload.validate_on_submit():
        file = upload.file.data
        with form_outcome(upload) as result:
            added = documents.add_document(meeting, current_user, filename=file.filename or "",
                                           data=file.read(), now=now_utc())
        if result.succeeded:
            flash(gettext("已上传 %(name)s。", name=added.filename), "success")
            return redirect(url_for(".seminar_setup_page", meeting_id=meeting.id))
    page = seminar_page(meeting, current_user)
    current = seminar_setup.current_setup(meeting)
    form = SetupForm(formdata=None, data={"theme": current.theme,
                                          "speakers": sorted(current.speaker_ids),
                                          "min_reflection_chars": current.min_reflection_chars})
    form.speakers.choices = [(i.member_id, i.name) for i in page.invitees]
    return render_template("discussions/seminars/setup.html", page=page, form=form,
                           upload=upload, confirm=ConfirmForm()), form_status(upload)


@bp.post("/<int:meeting_id>/seminar/documents/<int:document_id>/remove")
@login_required
def seminar_remove_document(meeting_id: int, document_id: int):
    meeting = loading.runnable_seminar(current_user, meeting_id)
    if ConfirmForm().validate_on_submit():
        with flash_outcome(gettext("已移除文件。")):
            documents.remove_document(meeting, current_user, document_id)
    return redirect(url_for(".seminar_setup_page", meeting_id=meeting.id))


@bp.get("/<int:meeting_id>/seminar/documents/<int:document_id>/<path:name>")
@login_required
def seminar_document(meeting_id: int, document_id: int, name: str):
    meeting = loading.viewable_seminar(current_user, meeting_id)
    return documents.document_response(documents.document_of(meeting, document_id))


@bp.route("/<int:meeting_id>/seminar/reflection", methods=["GET", "POST"])
@login_required
def seminar_reflection(meeting_id: int):
    meeting = loading.viewable_seminar(current_user, meeting_id)
    invited = access.is_invited(current_user, meeting)
    if request.method == "POST" and not invited:
        raise reflections.NotInvited()
    own = reflections.own_reflection(meeting.id, current_user.id)
    form = ReflectionForm(data={"markdown": own.markdown if own else ""})
    if form.validate_on_submit():
        with form_outcome(form) as result:
            reflections.save_reflection(meeting, current_user, form.markdown.data or "",
                                        now=now_utc())
        if result.succeeded:
            flash(gettext("已保存心得。"), "success")
            return redirect(url_for(".seminar", meeting_id=meeting.id, _anchor="reflections"))
    return render_template(
        "discussions/seminars/reflection.html", meeting=meeting, form=form, own=own,
        min_chars=seminar_setup.min_reflection_chars(meeting.id),
        is_open=reflections.reflections_open(meeting),
        invited=invited), form_status(form)


@bp.get("/<int:meeting_id>/seminar/outcome")
@login_required
def seminar_outcome(meeting_id: int):
    """The old conclusions page: they are written in the minutes now."""
    meeting = loading.recordable_seminar(current_user, meeting_id)
    return redirect(url_for(".minutes", meeting_id=meeting.id))


@bp.get("/seminars")
@login_required
def seminars():
    unit = record.unit_for_record(current_user, request.args.get("unit", "").strip() or None)
    return render_template("discussions/seminars/record.html", unit=unit,
                           rows=record.seminar_record(current_user, unit))
