"""Members: the scoped list (managers see their subtree), detail, and the admin actions."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from flask_wtf import FlaskForm

from learnhub.core.errors import DomainError, NotFound
from learnhub.core.forms import attach_errors, flash_outcome
from learnhub.core.query_args import positive_int
from learnhub.core.timeutil import local_today, now_utc
from learnhub.extensions import db
from learnhub.org import queries, services
from learnhub.org.access import admin_required, manager_required
from learnhub.org.admin_views import unit_from_field
from learnhub.org.forms import (
    POLITICAL_STATUS_LABELS,
    ConfirmForm,
    MemberFilterForm,
    MemberForm,
)
from learnhub.org.models import Member, Unit
from learnhub.org.permissions import can_view_member, is_admin
from learnhub.org.views import bp


def _visible_member(member_id: int) -> Member:
    """The member if the actor may see them; 404 otherwise, so ids outside scope say nothing."""
    member = services.get_member(member_id)
    if not can_view_member(current_user, member):
        raise NotFound()
    return member


def _values(form: MemberForm, unit: Unit) -> services.MemberValues:
    return services.MemberValues(
        employee_no=form.employee_no.data, name=form.name.data, unit=unit,
        political_status=form.political_status.data, position=form.position.data or "",
        cadre_level=form.cadre_level.data or "", joined_party_on=form.joined_party_on.data,
        email=form.email.data or "", phone=form.phone.data or "")


def _status(form: FlaskForm) -> int:
    return 422 if form.errors else 200


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
    per_page = queries.clamp_per_page(request.args.get("per_page", type=positive_int),
                                      current_app.config["PAGE_SIZE"])
    page_number = request.args.get("page", 1, type=positive_int)
    if form.unit.errors:
        page = queries.Page(items=[], total=0, page=1, per_page=per_page)
    else:
        page = queries.paginate(queries.member_list_query(current_user, filters),
                                page=page_number, per_page=per_page)
    return render_template("org/members.html", form=form, page=page, sort=sort,
                           units=queries.unit_options(current_user, active_only=False),
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
            try:
                member, password = services.create_member(current_user, _values(form, unit),
                                                          today=local_today())
            except DomainError as error:
                db.session.rollback()
                attach_errors(form, error)
            else:
                db.session.commit()
                return render_template("org/member_password.html", member=member,
                                       password=password, created=True)
    return render_template("org/member_form.html", form=form, member=None,
                           units=queries.unit_options()), _status(form)


@bp.get("/members/<int:member_id>")
@manager_required
def member(member_id: int):
    g.section = "org"
    member = _visible_member(member_id)
    return render_template("org/member.html", member=member, now=now_utc(),
                           grants=queries.member_grants(member),
                           events=queries.member_audit(member),
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
            try:
                changes = services.update_member(current_user, member, _values(form, unit),
                                                 today=local_today())
            except DomainError as error:
                db.session.rollback()
                attach_errors(form, error)
            else:
                db.session.commit()
                flash(gettext("已保存成员信息。") if changes else gettext("没有需要保存的修改。"),
                      "success")
                return redirect(url_for(".member", member_id=member.id))
    return render_template("org/member_form.html", form=form, member=member,
                           units=queries.unit_options()), _status(form)


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
        try:
            services.set_member_active(current_user, member, False)
        except DomainError as error:
            db.session.rollback()
            attach_errors(form, error)
        else:
            db.session.commit()
            flash(gettext("已停用 %(name)s 的账号。", name=member.name), "success")
            return redirect(url_for(".member", member_id=member.id))
    return render_template("org/member_confirm.html", form=form, member=member,
                           action="deactivate"), _status(form)


@bp.post("/members/<int:member_id>/activate")
@admin_required
def activate_member(member_id: int):
    member = services.get_member(member_id)  # CSRFProtect has already checked the token
    with flash_outcome(gettext("已恢复 %(name)s 的账号。", name=member.name)):
        services.set_member_active(current_user, member, True)
    return redirect(url_for(".member", member_id=member_id))
