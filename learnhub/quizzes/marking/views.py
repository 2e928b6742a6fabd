"""The trainers' marking queue (批阅): 心得 answers waiting for a mark in their subtree."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from learnhub.core.forms import form_outcome, form_status
from learnhub.core.timeutil import now_utc
from learnhub.org.access import trainer_required
from learnhub.quizzes.blueprint import bp
from learnhub.quizzes.marking.forms import MarkForm
from learnhub.quizzes.marking.services import awaiting_item, mark_item, marking_queue


@bp.get("/marking")
@trainer_required
def marking():
    return render_template("quizzes/marking/queue.html", queue=marking_queue(current_user))


@bp.route("/marking/<int:item_id>", methods=["GET", "POST"])
@trainer_required
def mark(item_id: int):
    item = awaiting_item(current_user, item_id)
    form = MarkForm()
    if form.validate_on_submit():
        with form_outcome(form) as outcome:
            mark_item(current_user, item_id, form.score.data or "", form.comment.data or "",
                      now_utc())
        if outcome.succeeded:
            flash(gettext("已保存评分。"), "success")
            return redirect(url_for(".marking"))
    return render_template("quizzes/marking/mark.html", item=item, form=form), \
        form_status(form)
