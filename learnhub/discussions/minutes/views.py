"""The minutes pages: the recorder's form (draft, rows added and removed by buttons),
the host's approval and reopening (confirmation pages), and the printable minutes."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from learnhub.core.errors import Forbidden, NotFound
from learnhub.core.forms import flash_outcome, form_outcome, form_status
from learnhub.core.timeutil import now_utc
from learnhub.discussions.access import can_record, can_run
from learnhub.discussions.blueprint import bp
from learnhub.discussions.minutes import pages
from learnhub.discussions.minutes.forms import MinutesForm, ReopenForm
from learnhub.discussions.minutes.models import MinutesStatus
from learnhub.discussions.minutes.services import (
    approve_minutes,
    get_meeting,
    minutes_of,
    reopen_minutes,
    save_draft,
)
from learnhub.org.forms import ConfirmForm


@bp.route("/<int:meeting_id>/minutes", methods=["GET", "POST"])
@login_required
def minutes(meeting_id: int):
    meeting = get_meeting(current_user, meeting_id)
    if not can_record(current_user, meeting):
        raise Forbidden()
    record = minutes_of(meeting)
    if record is not None and record.status == MinutesStatus.APPROVED:
        return render_template("discussions/minutes/approved.html",
                               **pages.minutes_context(meeting, record),
                               runs=can_run(current_user, meeting))
    form = MinutesForm() if request.method == "POST" else pages.filled_form(meeting, record)
    action = request.form.get("action", "save")
    if request.method == "POST" and action != "save":
        pages.change_rows(form, action)  # add or remove a row; nothing is saved
    elif form.validate_on_submit():
        with form_outcome(form) as outcome:
            save_draft(current_user, meeting, **pages.draft_fields(form), now=now_utc())
        if outcome.succeeded:
            flash(gettext("已保存草稿。"), "success")
            return redirect(url_for(".minutes", meeting_id=meeting_id))
    return render_template("discussions/minutes/edit.html", meeting=meeting, record=record,
                           form=form, runs=can_run(current_user, meeting),
                           **pages.form_context(meeting, form)), \
        form_status(form)


@bp.route("/<int:meeting_id>/minutes/approve", methods=["GET", "POST"])
@login_required
def approve(meeting_id: int):
    meeting = get_meeting(current_user, meeting_id)
    if not can_run(current_user, meeting):
        raise Forbidden()
    record = minutes_of(meeting)
    if record is None:
        raise NotFound()
    form = ConfirmForm()
    if form.validate_on_submit():
        with flash_outcome(gettext("会议记录已审核通过，学时已记入。")):
            approve_minutes(current_user, meeting, now=now_utc())
        return redirect(url_for(".minutes", meeting_id=meeting_id))
    return render_template("discussions/minutes/approve.html", form=form,
                           **pages.minutes_context(meeting, record))


@bp.route("/<int:meeting_id>/minutes/reopen", methods=["GET", "POST"])
@login_required
def reopen(meeting_id: int):
    meeting = get_meeting(current_user, meeting_id)
    if not can_run(current_user, meeting):
        raise Forbidden()
    record = minutes_of(meeting)
    if record is None or record.status != MinutesStatus.APPROVED:
        raise NotFound()
    form = ReopenForm()
    if form.validate_on_submit():
        with form_outcome(form) as outcome:
            reopen_minutes(current_user, meeting, form.reason.data or "")
        if outcome.succeeded:
            flash(gettext("会议记录已重新打开，已冲销本次会议的学时。"), "success")
            return redirect(url_for(".minutes", meeting_id=meeting_id))
    return render_template("discussions/minutes/reopen.html", meeting=meeting, form=form), \
        form_status(form)


@bp.get("/<int:meeting_id>/minutes/print")
@login_required
def print_minutes(meeting_id: int):
    """Approved minutes for everyone who sees the meeting; a draft for its recorders."""
    meeting = get_meeting(current_user, meeting_id)
    record = minutes_of(meeting)
    if record is None or (record.status != MinutesStatus.APPROVED
                          and not can_record(current_user, meeting)):
        raise NotFound()
    return render_template("discussions/minutes/print.html",
                           **pages.minutes_context(meeting, record))
