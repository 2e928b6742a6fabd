"""Org tree pages (admin only): the tree, new unit, rename, move, (de)activate."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from learnhub.core.errors import DomainError
from learnhub.core.forms import attach_errors, flash_outcome, form_outcome, form_status
from learnhub.extensions import db
from learnhub.org.access import admin_required
from learnhub.org.blueprint import bp
from learnhub.org.forms import ConfirmForm, unit_from_field
from learnhub.org.labels import UNIT_KIND_LABELS
from learnhub.org.models import Unit
from learnhub.org.units import queries, services
from learnhub.org.units.forms import MoveUnitForm, RenameUnitForm, UnitForm


@bp.get("/units")
@admin_required
def units():
    g.section = "org"
    rows = queries.units_with_counts()
    kind_labels = {kind: str(label) for kind, label in UNIT_KIND_LABELS.items()}
    return render_template("org/units.html", rows=rows, kind_labels=kind_labels)


@bp.route("/units/new", methods=["GET", "POST"])
@admin_required
def new_unit():
    g.section = "org"
    form = UnitForm()
    if request.method == "GET" and request.args.get("parent"):
        form.parent_code.data = request.args["parent"]
    if form.validate_on_submit():
        parent = unit_from_field(form, "parent_code")
        if not form.parent_code.errors:
            with form_outcome(form) as outcome:
                unit = services.create_unit(current_user, code=form.code.data,
                                            name=form.name.data, kind=form.kind.data,
                                            parent=parent)
            if outcome.succeeded:
                flash(gettext("已新建组织 %(name)s。", name=unit.name), "success")
                return redirect(url_for(".units", _anchor=f"unit-{unit.id}"))
    return render_template("org/unit_new.html", form=form,
                           units=queries.unit_options()), form_status(form)


@bp.route("/units/<int:unit_id>/rename", methods=["GET", "POST"])
@admin_required
def rename_unit(unit_id: int):
    g.section = "org"
    unit = services.get_unit(unit_id)
    form = RenameUnitForm(obj=unit)
    if form.validate_on_submit():
        services.rename_unit(current_user, unit, name=form.name.data, kind=form.kind.data)
        db.session.commit()
        flash(gettext("组织信息已保存。"), "success")
        return redirect(url_for(".units", _anchor=f"unit-{unit.id}"))
    return render_template("org/unit_rename.html", form=form, unit=unit), form_status(form)


@bp.route("/units/<int:unit_id>/move", methods=["GET", "POST"])
@admin_required
def move_unit(unit_id: int):
    """Two steps: choose the new parent, then confirm on a page that says what will move."""
    g.section = "org"
    unit = services.get_unit(unit_id)
    form = MoveUnitForm()
    new_parent = None
    if form.validate_on_submit():
        new_parent = unit_from_field(form, "parent_code")
        if new_parent is not None:
            try:
                if form.confirm.data == "yes":
                    services.move_unit(current_user, unit, new_parent)
                    db.session.commit()
                    flash(gettext("已将 %(unit)s 移动到 %(parent)s 之下。", unit=unit.name,
                                  parent=new_parent.name), "success")
                    return redirect(url_for(".units", _anchor=f"unit-{unit.id}"))
                services.check_move(unit, new_parent)
            except DomainError as error:
                db.session.rollback()
                attach_errors(form, error)
                new_parent = None
    if new_parent is not None:
        below, members = queries.unit_summary(unit)
        form.confirm.data = "yes"
        return render_template("org/unit_move_confirm.html", form=form, unit=unit,
                               new_parent=new_parent, below=below, members=members)
    parent = db.session.get(Unit, unit.parent_id) if unit.parent_id else None
    return render_template("org/unit_move.html", form=form, unit=unit, parent=parent,
                           units=queries.unit_options()), form_status(form)


@bp.route("/units/<int:unit_id>/deactivate", methods=["GET", "POST"])
@admin_required
def deactivate_unit(unit_id: int):
    g.section = "org"
    unit = services.get_unit(unit_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        with form_outcome(form) as outcome:
            services.set_unit_active(current_user, unit, False)
        if outcome.succeeded:
            flash(gettext("已停用 %(name)s 及其下级组织。", name=unit.name), "success")
            return redirect(url_for(".units", _anchor=f"unit-{unit.id}"))
    below, members = queries.unit_summary(unit)
    return render_template("org/unit_deactivate.html", form=form, unit=unit, below=below,
                           members=members), form_status(form)


@bp.post("/units/<int:unit_id>/activate")
@admin_required
def activate_unit(unit_id: int):
    unit = services.get_unit(unit_id)  # CSRFProtect has already checked the token
    with flash_outcome(gettext("已启用 %(name)s。", name=unit.name)):
        services.set_unit_active(current_user, unit, True)
    return redirect(url_for(".units", _anchor=f"unit-{unit.id}"))
