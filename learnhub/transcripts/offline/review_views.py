"""线下培训审核, the manager's side: the queue of their subtree, one training with its
decision forms, and recording a member's training directly."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select

from learnhub.core.forms import flash_outcome, form_outcome, form_status
from learnhub.core.query_args import requested_page
from learnhub.core.timeutil import local_today, now_utc
from learnhub.extensions import db
from learnhub.org.access import role_required
from learnhub.org.models import Member, Role, Unit, unit_code_key
from learnhub.org.permissions import has_role
from learnhub.org.units.queries import unit_options
from learnhub.transcripts.blueprint import bp
from learnhub.transcripts.offline import evidence, services
from learnhub.transcripts.offline.forms import ButtonForm, ReasonForm, RecordForm
from learnhub.transcripts.offline.models import OfflineStatus

REVIEW = services.MY_TRAININGS_PATH + "/review"
manager_page = role_required(Role.MANAGER, section="offline_review")


@bp.get(REVIEW)
@manager_page
def review_queue():
    status_arg = request.args.get("status", "pending")
    status = None if status_arg == "all" else _status(status_arg)
    unit = _unit_filter(request.args.get("unit", ""))
    page, per_page = requested_page(30)
    trainings = services.queue(current_user, status=status, unit=unit, page=page,
                               per_page=per_page)
    return render_template("transcripts/offline/queue.html", page=trainings,
                           status=status_arg, unit=unit, units=unit_options(current_user),
                           statuses=list(OfflineStatus))


def _status(value: str) -> OfflineStatus:
    try:
        return OfflineStatus(value)
    except ValueError:
        abort(400)


def _unit_filter(code: str) -> Unit | None:
    if not code.strip():
        return None
    unit = db.session.scalar(select(Unit).where(Unit.code_key == unit_code_key(code)))
    if unit is None or not has_role(current_user, Role.MANAGER, unit):
        abort(404)
    return unit


@bp.get(REVIEW + "/<int:training_id>")
@manager_page
def review(training_id: int):
    training = services.managed_training(current_user, training_id)
    return _review_page(training, ReasonForm(formdata=None))


def _review_page(training, form: ReasonForm, status: int = 200):
    member = db.session.get_one(Member, training.member_id)
    return render_template("transcripts/offline/review.html", training=training, member=member,
                           form=form, button=ButtonForm()), status


@bp.post(REVIEW + "/<int:training_id>/approve")
@manager_page
def approve(training_id: int):
    training = services.managed_training(current_user, training_id)
    if ButtonForm().validate_on_submit():
        with flash_outcome(gettext("已通过，学时已记入档案。")):
            services.approve(current_user, training, now_utc())
    return redirect(url_for(".review", training_id=training_id))


@bp.post(REVIEW + "/<int:training_id>/<any(reject, revoke):decision>")
@manager_page
def decide_with_reason(training_id: int, decision: str):
    training = services.managed_training(current_user, training_id)
    form = ReasonForm()
    if form.validate_on_submit():
        decide = services.reject if decision == "reject" else services.revoke
        with form_outcome(form) as result:
            decide(current_user, training, form.reason.data or "", now_utc())
        if result.succeeded:
            flash(gettext("已退回。") if decision == "reject" else gettext("已撤销，学时已冲销。"),
                  "success")
            return redirect(url_for(".review", training_id=training_id))
    return _review_page(services.managed_training(current_user, training_id), form,
                        form_status(form))


@bp.route(services.MY_TRAININGS_PATH + "/record", methods=["GET", "POST"])
@manager_page
def record():
    form = RecordForm()
    if form.validate_on_submit():
        with form_outcome(form) as result:
            member = services.member_in_scope(current_user, form.employee_no.data or "")
            training = services.record_for(current_user, member, form.training_input(),
                                           now=now_utc(), today=local_today(),
                                           evidence=evidence.stored_upload(form.evidence.data))
        if result.succeeded:
            flash(gettext("已为该成员记录培训，学时已记入档案。"), "success")
            return redirect(url_for(".review", training_id=training.id))
    return render_template("transcripts/offline/record.html", form=form), form_status(form)
