"""组织生活安排: schedule a meeting or a series, edit or cancel one occurrence or the rest,
and decide leave requests. Who: `access.can_schedule_for` the unit, `access.can_run` the
meeting; a meeting the actor may not run answers 404."""

from __future__ import annotations

from flask import abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from learnhub.core.errors import NotFound
from learnhub.core.forms import flash_outcome, form_outcome, form_status
from learnhub.core.timeutil import now_utc
from learnhub.discussions.access import can_run, can_schedule_for
from learnhub.discussions.blueprint import bp
from learnhub.discussions.models import Meeting, MeetingStatus
from learnhub.discussions.scheduling import choices, replies, services
from learnhub.discussions.scheduling.forms import CancelForm, LeaveDecisionForm, MeetingForm
from learnhub.discussions.scheduling.pages import meetings_to_manage
from learnhub.extensions import db
from learnhub.org.models import Unit


def _runnable(meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or not can_run(current_user, meeting):
        raise NotFound()
    return meeting


@bp.get("/manage")
@login_required
def manage():
    g.section = "meeting_admin"
    units = choices.schedulable_units(current_user)
    if not units:
        abort(403)
    return render_template("discussions/scheduling/manage.html", units=units,
                           meetings=meetings_to_manage(units, now_utc()))


def _schedulable(unit_id: int) -> Unit:
    """The active unit the actor may schedule for (one lookup, not every unit of theirs:
    the people search calls this on every keystroke)."""
    unit = db.session.get(Unit, unit_id)
    if unit is None or not unit.active or not can_schedule_for(current_user, unit):
        raise NotFound()
    return unit


@bp.get("/schedule/<int:unit_id>/people")
@login_required
def search_people(unit_id: int):
    """The host/recorder search of a big unit's form: `?q=` a name or the start of a 工号."""
    unit = _schedulable(unit_id)
    return jsonify(people=choices.search_people(unit, request.args.get("q", "")))


@bp.route("/schedule/<int:unit_id>", methods=["GET", "POST"])
@login_required
def schedule(unit_id: int):
    g.section = "meeting_admin"
    unit = _schedulable(unit_id)
    form = MeetingForm()
    kinds = choices.fill_choices(form, unit)
    if form.validate_on_submit():
        with form_outcome(form) as outcome:
            meeting = services.schedule(current_user, unit, choices.details_from(form, unit, kinds),
                                        choices.when_from(form), choices.rule_from(form),
                                        now_utc())
        if outcome.succeeded:
            flash(gettext("已安排“%(title)s”。", title=meeting.title), "success")
            return redirect(url_for(".meeting", meeting_id=meeting.id))
    return render_template("discussions/scheduling/edit.html", form=form, unit=unit,
                           meeting=None, scope="new"), form_status(form)


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit_meeting(meeting_id: int):
    g.section = "meeting_admin"
    meeting = _runnable(meeting_id)
    scope = "following" if request.args.get("scope") == "following" and meeting.series_id \
        else "one"
    form = MeetingForm()
    kinds = choices.fill_choices(form, meeting.unit)
    if not form.is_submitted():
        choices.fill_from(form, meeting)
    if form.validate_on_submit():
        details = choices.details_from(form, meeting.unit, kinds)
        when = choices.when_from(form, meeting.timezone)
        with form_outcome(form) as outcome:
            if scope == "following":
                rule = choices.rule_from(form)
                if rule is None:
                    services.edit_one(current_user, meeting, details, when, now_utc())
                else:
                    services.edit_following(current_user, meeting, details, when, rule,
                                            now_utc())
            else:
                services.edit_one(current_user, meeting, details, when, now_utc())
        if outcome.succeeded:
            flash(gettext("已保存修改。"), "success")
            return redirect(url_for(".meeting", meeting_id=meeting.id))
    return render_template("discussions/scheduling/edit.html", form=form, unit=meeting.unit,
                           meeting=meeting, scope=scope), form_status(form)


@bp.route("/<int:meeting_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel_meeting(meeting_id: int):
    g.section = "meeting_admin"
    meeting = _runnable(meeting_id)
    form = CancelForm()
    if form.validate_on_submit():
        with form_outcome(form) as outcome:
            if form.scope.data == "following" and meeting.series_id:
                services.cancel_following(current_user, meeting, form.reason.data or "")
            else:
                services.cancel_one(current_user, meeting, form.reason.data or "")
        if outcome.succeeded:
            flash(gettext("已取消会议。"), "success")
            return redirect(url_for(".meeting", meeting_id=meeting.id))
    return render_template("discussions/scheduling/cancel.html", form=form,
                           meeting=meeting), form_status(form)


@bp.get("/<int:meeting_id>/replies")
@login_required
def meeting_replies(meeting_id: int):
    g.section = "meeting_admin"
    meeting = _runnable(meeting_id)
    return render_template("discussions/scheduling/replies.html", meeting=meeting,
                           rows=replies.replies_of(meeting), form=LeaveDecisionForm(),
                           open=meeting.status is not MeetingStatus.CANCELLED)


@bp.post("/<int:meeting_id>/replies/<int:invitation_id>/<any(approve, reject):decision>")
@login_required
def decide_leave(meeting_id: int, invitation_id: int, decision: str):
    meeting = _runnable(meeting_id)
    form = LeaveDecisionForm()
    if not form.validate_on_submit():
        abort(400)
    done = gettext("已批准请假。") if decision == "approve" else gettext("已驳回请假。")
    with flash_outcome(done):
        replies.decide_leave(current_user, meeting, invitation_id,
                             approve=decision == "approve", note=form.note.data or "",
                             now=now_utc())
    return redirect(url_for(".meeting_replies", meeting_id=meeting.id))
