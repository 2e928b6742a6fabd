"""角色授权 (admin only): the grant list, granting a role, revoking a grant."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from learnhub.core.formatting import role_label
from learnhub.core.forms import flash_outcome, form_outcome
from learnhub.core.query_args import requested_page
from learnhub.org.access import admin_required
from learnhub.org.blueprint import bp
from learnhub.org.forms import ConfirmForm, unit_from_field
from learnhub.org.grants import queries, services
from learnhub.org.grants.forms import GrantFilterForm, GrantForm
from learnhub.org.members.services import member_by_employee_no
from learnhub.org.models import Role
from learnhub.org.units.queries import unit_options


def _grant_page(form: GrantForm, status: int = 200):
    filters = GrantFilterForm(formdata=request.args)
    role = filters.role.data if filters.role.data in {r.value for r in Role} else ""
    page_number, per_page = requested_page(current_app.config["PAGE_SIZE"])
    page = queries.grant_page(role=role, employee_no=(filters.employee_no.data or "").strip(),
                              page=page_number, per_page=per_page)
    return render_template("org/grants.html", form=form, filters=filters, page=page,
                           revoke_form=ConfirmForm(), units=unit_options()), status


@bp.get("/grants")
@admin_required
def grants():
    g.section = "grants"
    form = GrantForm()
    if request.args.get("employee_no"):
        form.employee_no.data = request.args["employee_no"]
    return _grant_page(form)


@bp.post("/grants")
@admin_required
def add_grant():
    g.section = "grants"
    form = GrantForm()
    if form.validate_on_submit():
        member = member_by_employee_no(form.employee_no.data)
        if member is None:
            form.employee_no.errors = [*form.employee_no.errors, gettext(
                "工号 %(employee_no)s 不存在。", employee_no=form.employee_no.data.strip())]
        unit = unit_from_field(form, "unit_code")
        if member is not None and unit is not None:
            with form_outcome(form) as outcome:
                services.add_grant(current_user, member, Role(form.role.data), unit)
            if outcome.succeeded:
                flash(gettext("已授予 %(name)s %(role)s 角色（%(unit)s）。", name=member.name,
                              role=role_label(form.role.data),
                              unit=unit.name), "success")
                return redirect(url_for(".grants"))
    return _grant_page(form, 422)


@bp.post("/grants/<int:grant_id>/revoke")
@admin_required
def revoke_grant(grant_id: int):
    grant = services.get_grant(grant_id)  # CSRFProtect has already checked the token
    with flash_outcome(gettext("已撤销授权。")):
        services.remove_grant(current_user, grant)
    return redirect(url_for(".grants"))
