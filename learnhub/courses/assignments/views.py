"""Trainer pages under a course: assignments (必修 for a unit subtree, with a due date)
and the learners' progress in the trainer's scope."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from learnhub.core.errors import DomainError, Forbidden
from learnhub.core.forms import attach_errors
from learnhub.core.pagination import clamp_per_page
from learnhub.core.query_args import positive_int
from learnhub.core.timeutil import local_today, now_utc
from learnhub.courses.assignments import services
from learnhub.courses.assignments.forms import AssignmentForm, LearnerFilterForm
from learnhub.courses.assignments.learners import (
    STATUSES,
    learner_totals,
    learners_page,
    may_view_learners,
)
from learnhub.courses.blueprint import bp
from learnhub.courses.study.course_page import published_course
from learnhub.extensions import db
from learnhub.org.models import Role
from learnhub.org.units.queries import active_units_in_scope


@bp.route("/courses/<slug>/assignments", methods=["GET", "POST"])
@login_required
def assignments_page(slug: str):
    g.section = "courses"
    if not services.may_assign(current_user):
        raise Forbidden()
    course, version = published_course(slug)
    units = active_units_in_scope(current_user, Role.TRAINER)
    form = AssignmentForm()
    form.unit.choices = [SelectChoice(u.id, "　" * u.depth + f"{u.name}（{u.code}）")
                         for u in units]
    if form.validate_on_submit():
        unit = next(u for u in units if u.id == form.unit.data)
        try:
            services.assign(current_user, course, unit, due_on=form.due_on.data,
                               today=local_today(), now=now_utc())
        except DomainError as error:
            db.session.rollback()
            attach_errors(form, error)
        else:
            db.session.commit()
            flash(gettext("已将课程指派给 %(unit)s。", unit=unit.name), "success")
            return redirect(url_for(".assignments_page", slug=slug))
    rows = services.assignments_in_scope(current_user, course)
    status = 422 if form.errors else 200
    return render_template("courses/assignments.html", course=course, version=version,
                           form=form, assignments=rows), status


@bp.post("/courses/<slug>/assignments/<int:assignment_id>/delete")
@login_required
def unassign(slug: str, assignment_id: int):
    if not services.may_assign(current_user):
        raise Forbidden()
    course, _version = published_course(slug)
    assignment = services.get_assignment(course, assignment_id)
    unit_name = assignment.unit.name
    services.unassign(current_user, course, assignment)
    db.session.commit()
    flash(gettext("已取消对 %(unit)s 的指派。", unit=unit_name), "success")
    return redirect(url_for(".assignments_page", slug=slug))


@bp.get("/courses/<slug>/learners")
@login_required
def learners(slug: str):
    g.section = "courses"
    if not may_view_learners(current_user):
        raise Forbidden()
    course, version = published_course(slug)
    form = LearnerFilterForm(formdata=request.args)
    status = form.status.data if form.status.data in STATUSES else "all"
    name = (form.name.data or "").strip()[:64]
    per_page = clamp_per_page(request.args.get("per_page", type=positive_int),
                              current_app.config["PAGE_SIZE"])
    page = learners_page(current_user, course, status=status, name=name,
                         page=request.args.get("page", 1, type=positive_int), per_page=per_page)
    return render_template("courses/learners.html", course=course, version=version, form=form,
                           page=page, totals=learner_totals(current_user, course))
