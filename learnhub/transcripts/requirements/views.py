"""Admin pages of requirement rules: a year's list, one rule's versions, and creating,
changing and retiring a rule, each through a preview of who it affects and a confirmation."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from learnhub.core.errors import DomainError, NotFound
from learnhub.core.forms import attach_errors, form_outcome, form_status
from learnhub.core.timeutil import local_today, now_utc
from learnhub.org.access import role_required
from learnhub.org.models import Role
from learnhub.transcripts.blueprint import bp
from learnhub.transcripts.requirements import services
from learnhub.transcripts.requirements.forms import RetireForm, RuleForm
from learnhub.transcripts.requirements.impact import change_impact
from learnhub.transcripts.requirements.models import RequirementRule
from learnhub.transcripts.requirements.status import default_as_of

admin_page = role_required(Role.ADMIN, section="requirements")


def _year_arg(today: date) -> int:
    year = request.args.get("year", type=int) or today.year
    if not 2000 <= year <= 2100:
        raise NotFound()
    return year


@bp.get("/admin/requirements")
@admin_page
def requirement_rules():
    today = local_today()
    year = _year_arg(today)
    return render_template("transcripts/requirements/list.html", year=year,
                           years=services.rule_years(today),
                           rows=services.rules_of_year(year, default_as_of(year, today)))


@bp.get("/admin/requirements/<int:rule_id>")
@admin_page
def requirement_rule(rule_id: int):
    rule = services.get_rule(rule_id)
    return render_template("transcripts/requirements/rule.html", rule=rule,
                           in_force=_in_force(rule, default_as_of(rule.year)))


@bp.route("/admin/requirements/new", methods=["GET", "POST"])
@admin_page
def new_requirement_rule():
    year = _year_arg(local_today())
    form = RuleForm()
    if not form.is_submitted():
        form.effective_from.data = date(year, 1, 1)
        form.online_hours.data = 0
    return _preview_or_save(form, year, None)


@bp.route("/admin/requirements/<int:rule_id>/edit", methods=["GET", "POST"])
@admin_page
def edit_requirement_rule(rule_id: int):
    rule = services.get_rule(rule_id)
    form = RuleForm()
    if not form.is_submitted():
        form.fill(services.draft_of(services.latest_version(rule),
                                    effective_from=default_as_of(rule.year)))
    return _preview_or_save(form, rule.year, rule)


@bp.route("/admin/requirements/<int:rule_id>/retire", methods=["GET", "POST"])
@admin_page
def retire_requirement_rule(rule_id: int):
    rule = services.get_rule(rule_id)
    form = RetireForm()
    if not form.is_submitted():
        form.effective_from.data = default_as_of(rule.year)
    if request.form.get("edit") or not form.validate_on_submit():
        return render_template("transcripts/requirements/retire.html", rule=rule,
                               form=form), form_status(form)
    draft = services.retirement_draft(rule, form.effective_from.data)
    try:
        resolved = services.resolve(draft, rule.year, rule)
    except DomainError as error:
        attach_errors(form, error)
        return render_template("transcripts/requirements/retire.html", rule=rule,
                               form=form), form_status(form)
    if not request.form.get("confirm"):
        proposed = services.build_version(resolved, rule_id=rule.id, number=0, actor=None)
        return render_template("transcripts/requirements/preview.html", rule=rule, form=form,
                               year=rule.year, retiring=True,
                               impact=change_impact(rule.year, rule.id, proposed))
    with form_outcome(form) as outcome:
        services.add_version(current_user, rule, draft, now_utc())
    if outcome.succeeded:
        flash(gettext("已停用“%(name)s”。", name=draft.name), "success")
        return redirect(url_for(".requirement_rule", rule_id=rule.id))
    return render_template("transcripts/requirements/retire.html", rule=rule,
                           form=form), form_status(form)


def _preview_or_save(form: RuleForm, year: int, rule: RequirementRule | None):
    """Show the form; once it is valid, the preview of who is affected; once confirmed, save."""
    def show_form():
        return render_template("transcripts/requirements/form.html", form=form, year=year,
                               rule=rule), form_status(form)

    if request.form.get("edit") or not form.validate_on_submit():
        return show_form()
    draft = form.draft()
    try:
        resolved = services.resolve(draft, year, rule)
    except DomainError as error:
        attach_errors(form, error)
        return show_form()
    if not request.form.get("confirm"):
        proposed = services.build_version(resolved, rule_id=rule.id if rule else None,
                                          number=0, actor=None)
        impact = change_impact(year, rule.id if rule else None, proposed)
        return render_template("transcripts/requirements/preview.html", rule=rule, form=form,
                               year=year, retiring=False, impact=impact)
    with form_outcome(form) as outcome:
        if rule is None:
            rule = services.create_rule(current_user, year, draft, now_utc())
        else:
            services.add_version(current_user, rule, draft, now_utc())
    if not outcome.succeeded or rule is None:
        return show_form()
    flash(gettext("已保存“%(name)s”。", name=draft.name), "success")
    return redirect(url_for(".requirement_rule", rule_id=rule.id))


def _in_force(rule: RequirementRule, as_of: date):
    current = [v for v in rule.versions if v.effective_from <= as_of]
    return max(current, key=lambda v: (v.effective_from, v.number)) if current else None
