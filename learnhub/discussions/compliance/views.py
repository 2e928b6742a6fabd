"""组织生活合规: a manager's subtree (admins all) or a secretary's own unit, per period;
drill-down unit by unit; CSV/XLSX of the same rows. Read-only pages."""

from __future__ import annotations

from typing import Any

from flask import Response, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from learnhub.core.errors import Forbidden, NotFound
from learnhub.core.exports import iter_csv, xlsx_bytes
from learnhub.core.files import content_disposition
from learnhub.core.timeutil import local_today, now_utc, site_zone
from learnhub.discussions.access import is_secretary_of
from learnhub.discussions.blueprint import bp
from learnhub.discussions.compliance import export, queries, services
from learnhub.discussions.compliance.forms import ComplianceFilterForm, default_period
from learnhub.discussions.compliance.labels import percent, status_text
from learnhub.discussions.compliance.periods import Period, period_label
from learnhub.discussions.compliance.report import Report, build_report
from learnhub.discussions.compliance.rules import FREQUENCY_LABELS
from learnhub.org.models import Unit


def _filters() -> tuple[ComplianceFilterForm, Period, str]:
    """The filter from the query string; anything invalid falls back to this quarter and
    the direct children."""
    today = local_today()
    period = Period.parse(request.args.get("period", "")) or default_period(today)
    form = ComplianceFilterForm(formdata=request.args)
    form.offer_periods(today, period)
    if request.args and not form.validate():
        period = default_period(today)
        form = ComplianceFilterForm(formdata=None, period=period.key)
        form.offer_periods(today, period)
        return form, period, "children"
    form.period.data = period.key
    return form, period, form.rows.data or "children"


def _report(unit: Unit) -> tuple[ComplianceFilterForm, Report]:
    form, period, mode = _filters()
    return form, build_report(unit, period, now_utc(), site_zone(), mode)


@bp.get("/compliance")
@login_required
def compliance():
    unit = services.start_unit(current_user)
    if unit is None:
        raise Forbidden()
    args: dict[str, Any] = request.args.to_dict()
    return redirect(url_for(".compliance_unit", unit_id=unit.id, **args))


@bp.get("/compliance/units/<int:unit_id>")
@login_required
def compliance_unit(unit_id: int):
    unit = services.visible_unit(current_user, unit_id)
    g.section = "compliance"
    form, report = _report(unit)
    now = now_utc()
    start, end = report.period.bounds_utc(site_zone())
    return render_template(
        "discussions/compliance/unit.html", unit=unit, form=form, report=report,
        period_label=period_label(report.period), status_text=status_text, percent=percent,
        frequency_labels=FREQUENCY_LABELS, parent=services.visible_parent(current_user, unit),
        meetings=queries.unit_meetings(unit, start, end),
        overdue=services.overdue(report, unit, now),
        secretary=is_secretary_of(current_user, unit), now=now)


@bp.get("/compliance/units/<int:unit_id>/export.<fmt>")
@login_required
def compliance_export(unit_id: int, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise NotFound()
    unit = services.visible_unit(current_user, unit_id)
    _form, report = _report(unit)
    name = f"compliance-{unit.code}-{report.period.key}.{fmt}"
    disposition = {"Content-Disposition": content_disposition(name)}
    if fmt == "csv":
        # The report is read and its words translated before the first byte (so the
        # body needs no request context); the text goes out in chunks as it is written.
        lines = list(export.rows(report))
        body = (chunk.encode("utf-8") for chunk in iter_csv(export.header(report), lines))
        return Response(body, mimetype="text/csv; charset=utf-8", headers=disposition)
    return Response(xlsx_bytes(export.header(report), export.rows(report),
                               sheet_title="compliance"),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers=disposition)
