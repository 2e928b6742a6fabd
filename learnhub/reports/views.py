"""统计报表: the page (numbers per unit, filters, one table a page) and its downloads.
Read-only; every request checks the unit asked for against the actor's scope."""

from __future__ import annotations

from flask import Response, g, render_template, request, stream_with_context
from flask_login import current_user, login_required
from sqlalchemy import select

from learnhub.core.errors import NotFound
from learnhub.core.files import content_disposition
from learnhub.core.timeutil import local_today
from learnhub.courses.models import Course, CourseStatus
from learnhub.extensions import db
from learnhub.reports import files, services
from learnhub.reports.blueprint import bp
from learnhub.reports.filters import ReportFilters
from learnhub.reports.forms import ReportFilterForm
from learnhub.reports.page import report_page
from learnhub.reports.rows import completions, credits
from learnhub.reports.scope import sees_everything, units_in_scope
from learnhub.reports.summary import empty_summary

PER_PAGE = 50


def _filters() -> ReportFilters:
    args = request.args
    return ReportFilters(year=args.get("year", local_today().year, type=int),
                         unit_code=args.get("unit", "").strip(),
                         course_slug=args.get("course", "").strip(),
                         political_status=args.get("political_status", "").strip())


def _course_choices() -> list[tuple[str, str]]:
    return [(slug, title) for slug, title in db.session.execute(
        select(Course.slug, Course.title).where(Course.status == CourseStatus.PUBLISHED)
        .order_by(Course.title, Course.slug))]


@bp.get("/reports")
@login_required
def index():
    report = request.args.get("report", "completions")
    if report not in files.REPORTS:
        report = "completions"
    filters = _filters()
    prepared = services.prepare(current_user, filters)
    g.section = "reports"
    summary = empty_summary(prepared.scope)
    page = report_page(prepared, summary, report=report,
                       page=request.args.get("page", 1, type=int), per_page=PER_PAGE,
                       today=local_today())
    form = ReportFilterForm(formdata=None, report=report, unit=filters.unit_code,
                            course=filters.course_slug, year=filters.year,
                            political_status=filters.political_status)
    form.offer(units_in_scope(current_user), _course_choices(), sees_everything(current_user))
    args = {key: value for key, value in request.args.items() if key not in ("page", "report")}
    return render_template(
        "reports/index.html", form=form, report=report, page=page, summary=summary,
        prepared=prepared, args=args,
        completion_labels=completions.STATUS_LABELS, credit_labels=credits.STATUS_LABELS)


@bp.get("/reports/<report>.<fmt>")
@login_required
def download(report: str, fmt: str):
    if report not in files.REPORTS or fmt not in files.FORMATS:
        raise NotFound()
    filters = _filters()
    prepared = services.prepare(current_user, filters)
    name = files.file_name(report, fmt, prepared.scope.unit.code if prepared.scope.unit else "",
                           filters.year)
    return Response(stream_with_context(files.chunks(report, fmt, prepared, today=local_today())),
                    mimetype=files.mimetype(fmt),
                    headers={"Content-Disposition": content_disposition(name)})
