"""Admin pages of year close: the years and their state, closing one, and corrections to a
closed year."""

from __future__ import annotations

import secrets

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from learnhub.core.forms import form_outcome, form_status
from learnhub.core.timeutil import local_today, now_utc
from learnhub.extensions import db
from learnhub.org.access import role_required
from learnhub.org.models import Role
from learnhub.records.models import ClosedYear
from learnhub.transcripts.blueprint import bp
from learnhub.transcripts.years import services
from learnhub.transcripts.years.forms import CloseYearForm, CorrectionForm

admin_page = role_required(Role.ADMIN, section="years")


@bp.get("/admin/years")
@admin_page
def years():
    return render_template("transcripts/years/list.html",
                           states=services.year_states(local_today()))


@bp.route("/admin/years/<int:year>/close", methods=["GET", "POST"])
@admin_page
def close_year(year: int):
    form = CloseYearForm()
    closed = db.session.get(ClosedYear, year)
    ended = year < local_today().year
    if closed is None and ended and form.validate_on_submit():
        with form_outcome(form) as outcome:
            frozen = services.close_year(current_user, year, now_utc(),
                                         note=form.note.data or "")
        if outcome.succeeded:
            flash(gettext("%(year)s 年度已关账，冻结了 %(count)s 名成员的学时情况。",
                          year=year, count=frozen), "success")
            return redirect(url_for(".years"))
    status = form_status(form) if ended and closed is None else (409 if form.is_submitted()
                                                                   else 200)
    return render_template("transcripts/years/close.html", year=year, form=form,
                           closed=closed, ended=ended), status


@bp.route("/admin/years/<int:year>/corrections", methods=["GET", "POST"])
@admin_page
def correct_year(year: int):
    closed = db.session.get(ClosedYear, year)
    form = CorrectionForm()
    if not form.is_submitted():
        form.token.data = secrets.token_urlsafe(16)
    if closed is not None and form.validate_on_submit():
        with form_outcome(form) as outcome:
            member = services.member_by_employee_no(form.employee_no.data or "")
            services.correct(current_user, member, year, form.hours.data,
                             form.reason.data or "", form.token.data or "")
        if outcome.succeeded:
            flash(gettext("已为 %(name)s 补记 %(hours)s 学时。", name=member.name,
                          hours=form.hours.data), "success")
            return redirect(url_for(".correct_year", year=year))
    return render_template("transcripts/years/correct.html", year=year, form=form,
                           closed=closed), (form_status(form) if closed else 409
                                            if form.is_submitted() else 200)
