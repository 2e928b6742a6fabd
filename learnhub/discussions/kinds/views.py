"""The admin page of meeting kinds: the list (seeding the defaults on an empty table) and
the edit form."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from learnhub.core.forms import form_outcome, form_status
from learnhub.discussions.blueprint import bp
from learnhub.discussions.kinds import services
from learnhub.discussions.kinds.defaults import ensure_default_kinds
from learnhub.discussions.kinds.forms import FREQUENCY_LABELS, KindForm
from learnhub.discussions.models import Frequency
from learnhub.extensions import db
from learnhub.org.access import admin_required


@bp.get("/kinds")
@admin_required
def kinds():
    g.section = "meeting_kinds"
    rows = services.all_kinds()
    if not rows:  # a site that never ran `learnhub demo`: start from the defaults
        ensure_default_kinds()
        db.session.commit()
        rows = services.all_kinds()
    return render_template("discussions/kinds/list.html", kinds=rows,
                           frequency_labels=FREQUENCY_LABELS)


@bp.route("/kinds/<int:kind_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_kind(kind_id: int):
    g.section = "meeting_kinds"
    kind = services.get_kind(kind_id)
    form = KindForm(obj=kind)
    if not form.is_submitted():
        form.frequency.data = kind.frequency.value
    if form.validate_on_submit():
        changes = services.KindChanges(
            name=form.name.data or "", credit_hours=form.credit_hours.data,
            frequency=Frequency(form.frequency.data), late_counts=form.late_counts.data,
            active=form.active.data)
        with form_outcome(form) as outcome:
            services.update_kind(current_user, kind, changes)
        if outcome.succeeded:
            flash(gettext("已保存“%(name)s”。", name=kind.name), "success")
            return redirect(url_for(".kinds"))
    return render_template("discussions/kinds/edit.html", kind=kind,
                           form=form), form_status(form)
