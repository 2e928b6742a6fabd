"""审计日志 (admin only): the audit log, filtered and paged."""

from __future__ import annotations

from flask import current_app, g, render_template, request

from learnhub.core.query_args import requested_page
from learnhub.org.access import admin_required
from learnhub.org.audit import queries
from learnhub.org.audit.forms import AuditFilterForm
from learnhub.org.blueprint import bp
from learnhub.org.forms import ALL, choices


@bp.get("/audit")
@admin_required
def audit():
    g.section = "audit"
    form = AuditFilterForm(formdata=request.args)
    actions, object_types = queries.audit_facets()
    form.action.choices = choices([ALL, *[(a, a) for a in actions]])
    form.object_type.choices = choices([ALL, *[(t, t) for t in object_types]])
    form.validate()
    filters = queries.AuditFilters(
        action=form.action.data or "", actor_employee_no=(form.actor.data or "").strip(),
        object_type=form.object_type.data or "",
        object_id=request.args.get("object_id", "").strip(),
        date_from=form.date_from.data if not form.date_from.errors else None,
        date_to=form.date_to.data if not form.date_to.errors else None)
    page_number, per_page = requested_page(current_app.config["PAGE_SIZE"])
    return render_template("org/audit.html", form=form, filters=filters,
                           page=queries.audit_page(filters, page=page_number, per_page=per_page))
