"""完成情况: one row per member and required course, in unit and 工号 order, streamed.

The page, the downloads and `learnhub report completions` all take their rows from
`completion_rows`, so they agree. A course counts as done when the member completed it
(any version) before the end of the report's year.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from sqlalchemy import and_, select

from learnhub.core.messages import N_
from learnhub.core.timeutil import site_zone
from learnhub.courses.assignments.obligations import DueState
from learnhub.courses.models import CourseVersion
from learnhub.courses.study.models import CourseCompletion
from learnhub.extensions import db
from learnhub.org.models import Member, Unit
from learnhub.reports.filters import CourseChoice, ReportFilters
from learnhub.reports.required import Profile, RequiredCourses, roles_in
from learnhub.reports.scope import ReportScope

STATUS_LABELS = {
    DueState.DONE: N_("已完成"),
    DueState.OPEN: N_("未完成"),
    DueState.OVERDUE: N_("已逾期"),
    DueState.SOON: N_("即将到期"),
}
STREAM_BATCH = 2000


class CompletionRow(NamedTuple):
    member_id: int
    employee_no: str
    name: str
    unit_name: str
    unit_path: str
    course_slug: str
    course_title: str
    status: DueState
    version: int | None
    completed_on: date | None
    due_on: date | None


def completion_rows(scope: ReportScope, filters: ReportFilters, course: CourseChoice | None,
                    *, today: date) -> Iterator[CompletionRow]:
    """Every (member, required course) of the scope: a few queries for the rules, then
    one streamed query of members with their completions (a row per completion)."""
    required = RequiredCourses(filters.year, today=today,
                               only=course.id if course is not None else None)
    if not required.course_ids:
        return
    roles = roles_in(scope.path, required.needs_roles)
    year_end = datetime.combine(date(filters.year + 1, 1, 1), time(), tzinfo=site_zone())
    query = (
        select(Member.id, Member.employee_no, Member.name, Member.political_status,
               Member.cadre_level, Member.party_post, Unit.name.label("unit_name"),
               Unit.path, CourseCompletion.course_id, CourseCompletion.completed_at,
               CourseVersion.number)
        .join(Unit, Unit.id == Member.unit_id)
        .outerjoin(CourseCompletion, and_(CourseCompletion.member_id == Member.id,
                                          CourseCompletion.course_id.in_(required.course_ids),
                                          CourseCompletion.completed_at < year_end))
        .outerjoin(CourseVersion, CourseVersion.id == CourseCompletion.version_id)
        .where(Member.active.is_(True), Unit.path.startswith(scope.path))
        .order_by(Unit.path, Member.employee_no, Member.id)
    )
    if filters.political_status:
        query = query.where(Member.political_status == filters.political_status)
    zone = site_zone()
    none: frozenset[str] = frozenset()
    # Core rows, streamed (a server-side cursor on PostgreSQL): no ORM work per row.
    result = db.session.connection().execute(query.execution_options(yield_per=STREAM_BATCH))
    for member_id, group in groupby(result, key=itemgetter(0)):
        lines = list(group)
        (_, employee_no, name, political_status, cadre_level, party_post, unit_name, path,
         first_course, _at, _number) = lines[0]
        courses = required.of(Profile(path, political_status, cadre_level, party_post,
                                      roles.get(member_id, none)))
        if not courses:
            continue
        # course id → (completed at, version number)
        done = {line[8]: (line[9], line[10]) for line in lines} if first_course is not None else {}
        for info, due_on, pending in courses:
            completion = done.get(info.id)
            if completion is None:
                yield CompletionRow(member_id, employee_no, name, unit_name, path, info.slug,
                                    info.title, pending, None, None, due_on)
            else:
                yield CompletionRow(member_id, employee_no, name, unit_name, path, info.slug,
                                    info.title, DueState.DONE, completion[1],
                                    completion[0].astimezone(zone).date(), due_on)
