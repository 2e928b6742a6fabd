"""Members: the scoped list (managers see their subtree), detail, and the admin actions."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from learnhub.core.forms import flash_outcome, form_outcome, form_status
from learnhub.core.pagination import Page
from learnhub.core.query_args import requested_page
from learnhub.core.timeutil import local_today, now_utc
from learnhub.extensions import db
from learnhub.org.access import admin_required, manager_required
from learnhub.org.audit.queries import member_audit
from learnhub.org.blueprint import bp
from learnhub.org.forms import ConfirmForm, unit_from_field
from learnhub.org.grants.queries import member_grants
from learnhub.org.labels import POLITICAL_STATUS_LABELS
from learnhub.org.members import queries, services
from learnhub.org.members.forms import MemberFilterForm, MemberForm
from learnhub.org.models import Unit
from learnhub.org.permissions import is_admin
from learnhub.org.units.queries import unit_options


def _values(form: MemberForm, unit: Unit) -> services.MemberValues:
    return services.MemberValues(
        employee_no=form.employee_no.data, name=form.name.data, unit=unit,
        political_status=form.political_status.data, position=form.position.data or "",
        cadre_level=form.cadre_level.data or "", party_post=form.party_post.data or "",
        joined_party_on=form.joined_party_on.data,
        email=form.email.data or "", phone=form.phone.data or "")


@bp.get("/members")
@manager_required
def members():
    g.section = "org"
    form = MemberFilterForm(formdata=request.args)
    form.validate()
    sort = request.args.get("sort", "employee_no")
    if sort.lstrip("-") not in queries.MEMBER_SORTS:
        sort = "employee_no"
    unit = unit_from_field(form, "unit")
    filters = queries.MemberFilters(
        unit=unit, name=(form.name.data or "").strip(),
        employee_no=(form.employee_no.data or "").strip(),
        political_status=form.political_status.data or "",
        status=form.status.data if form.status.data in ("active", "inactive", "all") else "active",
        sort=sort)
    page_number, per_page = requested_page(current_app.config["PAGE_SIZE"])
    if form.unit.errors:
        page = Page(items=[], total=0, page=1, per_page=per_page)
    else:
        page = queries.member_page(current_user, filters, page=page_number, per_page=per_page)
    return render_template("org/members.html", form=form, page=page, sort=sort,
                           units=unit_options(current_user, active_only=False),
                           can_admin=is_admin(current_user),
                           status_labels={k: str(v) for k, v in POLITICAL_STATUS_LABELS.items()})


@bp.route("/members/new", methods=["GET", "POST"])
@admin_required
def new_member():
    g.section = "org"
    form = MemberForm()
    if request.method == "GET" and request.args.get("unit"):
        form.unit_code.data = request.args["unit"]
    if form.validate_on_submit():
        unit = unit_from_field(form, "unit_code")
        if unit is not None:
            with form_outcome(form) as outcome:
                member, password = services.create_member(current_user, _values(form, unit),
                                                          today=local_today())
            if outcome.succeeded:
                return render_template("org/member_password.html", member=member,
                                       password=password, created=True)
    return render_template("org/member_form.html", form=form, member=None,
                           units=unit_options()), form_status(form)


@bp.get("/members/<int:member_id>")
@manager_required
def member(member_id: int):
    g.section = "org"
    member = services.visible_member(current_user, member_id)
    return render_template("org/member.html", member=member, now=now_utc(),
                           grants=member_grants(member),
                           events=member_audit(member),
                           can_admin=is_admin(current_user), form=ConfirmForm())


@bp.route("/members/<int:member_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_member(member_id: int):
    g.section = "org"
    member = services.get_member(member_id)
    form = MemberForm(obj=member, unit_code=member.unit.code)
    if form.validate_on_submit():
        unit = unit_from_field(form, "unit_code")
        if unit is not None:
            with form_outcome(form) as outcome:
                changes = services.update_member(current_user, member, _values(form, unit),
                                                 today=local_today())
            if outcome.succeeded:
                flash(gettext("已保存成员信息。") if changes else gettext("没有需要保存的修改。"),
                      "success")
                return redirect(url_for(".member", member_id=member.id))
    return render_template("org/member_form.html", form=form, member=member,
                           units=unit_options()), form_status(form)


@bp.route("/members/<int:member_id>/password", methods=["GET", "POST"])
@admin_required
def reset_password(member_id: int):
    g.section = "org"
    member = services.get_member(member_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        password = services.reset_password(current_user, member)
        db.session.commit()
        return render_template("org/member_password.html", member=member, password=password,
                               created=False)
    return render_template("org/member_confirm.html", form=form, member=member,
                           action="reset")


@bp.post("/members/<int:member_id>/unlock")
@admin_required
def unlock_member(member_id: int):
    member = services.get_member(member_id)  # CSRFProtect has already checked the token
    with flash_outcome(gettext("已解除 %(name)s 的登录锁定。", name=member.name)):
        services.unlock_member(current_user, member, now=now_utc())
    return redirect(url_for(".member", member_id=member_id))


@bp.route("/members/<int:member_id>/deactivate", methods=["GET", "POST"])
@admin_required
def deactivate_member(member_id: int):
    g.section = "org"
    member = services.get_member(member_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        with form_outcome(form) as outcome:
            services.set_member_active(current_user, member, False)
        if outcome.succeeded:
            flash(gettext("已停用 %(name)s 的账号。", name=member.name), "success")
            return redirect(url_for(".member", member_id=member.id))
    return render_template("org/member_confirm.html", form=form, member=member,
                           action="deactivate"), form_status(form)


@bp.post("/members/<int:member_id>/activate")
@admin_required
def activate_member(member_id: int):
    member = services.get_member(member_id)  # CSRFProtect has already checked the token
    with flash_outcome(gettext("已恢复 %(name)s 的账号。", name=member.name)):
        services.set_member_active(current_user, member, True)
    return redirect(url_for(".member", member_id=member_id))
