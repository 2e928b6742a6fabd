"""线下培训, the member's side: declare a training, see one's declarations, withdraw a
pending one; and the evidence download (the member, or a manager of their unit)."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from learnhub.core.forms import flash_outcome, form_outcome, form_status
from learnhub.core.timeutil import local_today, now_utc
from learnhub.transcripts.blueprint import bp
from learnhub.transcripts.offline import evidence, services
from learnhub.transcripts.offline.forms import ButtonForm, TrainingForm
from learnhub.transcripts.offline.models import OfflineTraining


@bp.get(services.MY_TRAININGS_PATH)
@login_required
def my_trainings():
    g.section = "offline"
    return render_template("transcripts/offline/mine.html",
                           trainings=services.my_trainings(current_user), button=ButtonForm())


@bp.route(services.MY_TRAININGS_PATH + "/new", methods=["GET", "POST"])
@login_required
def declare():
    g.section = "offline"
    form = TrainingForm()
    if form.validate_on_submit():
        with form_outcome(form) as result:
            services.declare(current_user, form.training_input(),
                             evidence=evidence.stored_upload(form.evidence.data),
                             now=now_utc(), today=local_today())
        if result.succeeded:
            flash(gettext("已提交，等待所在组织的管理员审核。"), "success")
            return redirect(url_for(".my_trainings"))
    return render_template("transcripts/offline/declare.html", form=form), form_status(form)


@bp.post(services.MY_TRAININGS_PATH + "/<int:training_id>/withdraw")
@login_required
def withdraw(training_id: int):
    if ButtonForm().validate_on_submit():
        with flash_outcome(gettext("已撤回这条申报。")):
            services.withdraw(current_user, training_id, now_utc())
    return redirect(url_for(".my_trainings"))


@bp.get(services.MY_TRAININGS_PATH + "/<int:training_id>/evidence")
@login_required
def evidence_file(training_id: int):
    training: OfflineTraining = services.viewable_training(current_user, training_id)
    return evidence.evidence_response(training)
