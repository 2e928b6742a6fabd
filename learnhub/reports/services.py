"""What the page, the downloads and the command line share: the filters checked against
the actor's scope, then the rows of either report (completions.py, credits.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from learnhub.org.models import Member
from learnhub.reports.filters import CourseChoice, ReportFilters, check_filters
from learnhub.reports.rows.completions import MemberCourses, completion_rows
from learnhub.reports.rows.completions import member_courses as member_courses_of
from learnhub.reports.rows.credits import credit_rows
from learnhub.reports.scope import ReportScope, report_scope


@dataclass(frozen=True)
class ReportRequest:
    """A report asked for by someone, checked: where it reads and what it keeps."""

    scope: ReportScope
    filters: ReportFilters
    course: CourseChoice | None


def prepare(actor: Member | None, filters: ReportFilters) -> ReportRequest:
    """Refuses (DomainError) a unit outside the actor's scope, an unknown unit or course,
    a year out of range or an unknown 政治面貌."""
    scope = report_scope(actor, filters.unit_code)
    course = check_filters(filters)
    return ReportRequest(scope, filters, course)


def rows(report: str, request: ReportRequest, *, today: date) -> Iterator:
    if report == "completions":
        return completion_rows(request.scope, request.filters, request.course, today=today)
    return credit_rows(request.scope, request.filters, today=today)


def member_courses(request: ReportRequest, *, today: date) -> Iterator[MemberCourses]:
    """The completions report a member at a time (the CSV writes it without rows)."""
    return member_courses_of(request.scope, request.filters, request.course, today=today)
