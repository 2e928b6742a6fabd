"""The filters both surfaces take (page query string, `learnhub report` options), checked
the same way: unit by code (within scope: scope.py), course by slug, year, 政治面貌."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from learnhub.core.errors import NotFound, ValidationFailed
from learnhub.courses.models import Course
from learnhub.extensions import db
from learnhub.org.models import PoliticalStatus

MIN_YEAR, MAX_YEAR = 2000, 2100
POLITICAL_STATUSES = tuple(status.value for status in PoliticalStatus)


class CourseNotFound(NotFound):
    code = "course_not_found"
    message = "找不到课程 %(slug)s。"


class BadYear(ValidationFailed):
    code = "bad_year"
    message = "年度必须在 %(low)s 到 %(high)s 之间。"


class BadPoliticalStatus(ValidationFailed):
    code = "bad_political_status"
    message = "未知的政治面貌 %(value)s。"


@dataclass(frozen=True)
class ReportFilters:
    year: int
    unit_code: str = ""
    course_slug: str = ""
    political_status: str = ""


@dataclass(frozen=True)
class CourseChoice:
    id: int
    slug: str
    title: str


def check_filters(filters: ReportFilters) -> CourseChoice | None:
    """Refuse a year out of range or an unknown 政治面貌; the course asked for, if any."""
    if not MIN_YEAR <= filters.year <= MAX_YEAR:
        raise BadYear(low=MIN_YEAR, high=MAX_YEAR)
    if filters.political_status and filters.political_status not in POLITICAL_STATUSES:
        raise BadPoliticalStatus(value=filters.political_status)
    if not filters.course_slug:
        return None
    row = db.session.execute(select(Course.id, Course.slug, Course.title)
                             .where(Course.slug == filters.course_slug)).first()
    if row is None:
        raise CourseNotFound(slug=filters.course_slug)
    return CourseChoice(row.id, row.slug, row.title)
