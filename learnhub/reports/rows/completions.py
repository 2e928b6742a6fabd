"""完成情况: one row per member and required course, in unit and 工号 order, streamed.

The page, the downloads and `learnhub report completions` all take their rows from
`member_courses` (a member with their required courses and completions), so they agree:
`completion_rows` spells them out a row each, the CSV writes them without building rows
(files.py), the page counts them and spells out only the rows it shows (page.py). A
course counts as done when the member completed it (any version) before the end of the
report's year.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date, datetime, time
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from sqlalchemy import Select, and_, select

from learnhub.core.messages import N_
from learnhub.core.timeutil import site_zone
from learnhub.courses.assignments.obligations import DueState
from learnhub.courses.models import CourseVersion
from learnhub.courses.study.models import CourseCompletion
from learnhub.extensions import db
from learnhub.org.models import Member, Unit
from learnhub.reports.filters import CourseChoice, ReportFilters
from learnhub.reports.rows.required import Profile, Required, RequiredCourses, roles_in
from learnhub.reports.scope import ReportScope

STATUS_LABELS = {
    DueState.DONE: N_("已完成"),
    DueState.OPEN: N_("未完成"),
    DueState.OVERDUE: N_("已逾期"),
    DueState.SOON: N_("即将到期"),
}
STREAM_BATCH = 2000
NO_ROLES: frozenset[str] = frozenset()


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


class MemberCourses(NamedTuple):
    """A member's rows before they are spelled out: their required courses (by title) and
    what they completed of them, course id → (completed at, version number)."""

    member_id: int
    employee_no: str
    name: str
    unit_name: str
    unit_path: str
    courses: tuple[Required, ...]
    done: dict[int, tuple[datetime, int | None]]


class CompletionSource:
    """The rules of a report (a few queries, once) and the member queries built on them."""

    def __init__(self, scope: ReportScope, filters: ReportFilters, course: CourseChoice | None,
                 *, today: date) -> None:
        self.scope = scope
        self.filters = filters
        self.required = RequiredCourses(filters.year, today=today,
                                        only=course.id if course is not None else None)
        self.roles: dict[int, frozenset[str]] = (
            roles_in(scope.path, self.required.needs_roles) if self.required.course_ids else {})
        self.year_end = datetime.combine(date(filters.year + 1, 1, 1), time(),
                                         tzinfo=site_zone())

    def courses_of(self, member_id: int, path: str, political_status: str, cadre_level: str,
                   party_post: str) -> tuple[Required, ...]:
        return self.required.of(Profile(path, political_status, cadre_level, party_post,
                                        self.roles.get(member_id, NO_ROLES)))

    def members(self, query: Select) -> Select:
        """`query` (of members) kept to the report's active members, 政治面貌 included."""
        query = query.join(Unit, Unit.id == Member.unit_id).where(
            Member.active.is_(True), Unit.path.startswith(self.scope.path))
        if self.filters.political_status:
            query = query.where(Member.political_status == self.filters.political_status)
        return query

    def completed(self) -> Select:
        """(member id, course id) of every completion that counts (unordered)."""
        return self.members(
            select(CourseCompletion.member_id, CourseCompletion.course_id)
            .join(Member, Member.id == CourseCompletion.member_id)
        ).where(CourseCompletion.course_id.in_(self.required.course_ids),
                CourseCompletion.completed_at < self.year_end)

    def member_courses(self, member_ids: Collection[int] | None = None
                       ) -> Iterator[MemberCourses]:
        """Members (all, or those of `member_ids`) in report order with their courses:
        one streamed query of members with their completions (a row per completion)."""
        if not self.required.course_ids:
            return
        query = self.members(
            select(Member.id, Member.employee_no, Member.name, Member.political_status,
                   Member.cadre_level, Member.party_post, Unit.name.label("unit_name"),
                   Unit.path, CourseCompletion.course_id, CourseCompletion.completed_at,
                   CourseVersion.number)
            .outerjoin(CourseCompletion, and_(
                CourseCompletion.member_id == Member.id,
                CourseCompletion.course_id.in_(self.required.course_ids),
                CourseCompletion.completed_at < self.year_end))
            .outerjoin(CourseVersion, CourseVersion.id == CourseCompletion.version_id)
        ).order_by(Unit.path, Member.employee_no, Member.id)
        if member_ids is not None:
            query = query.where(Member.id.in_(list(member_ids)))
        # Core rows, streamed (a server-side cursor on PostgreSQL): no ORM work per row.
        result = db.session.connection().execute(query.execution_options(yield_per=STREAM_BATCH))
        courses_of = self.courses_of
        for member_id, group in groupby(result, key=itemgetter(0)):
            lines = list(group)
            (_, employee_no, name, political_status, cadre_level, party_post, unit_name, path,
             first_course, _at, _number) = lines[0]
            courses = courses_of(member_id, path, political_status, cadre_level, party_post)
            if not courses:
                continue
            done = ({line[8]: (line[9], line[10]) for line in lines}
                    if first_course is not None else {})
            yield MemberCourses(member_id, employee_no, name, unit_name, path, courses, done)


def rows_of(member: MemberCourses) -> Iterator[CompletionRow]:
    """A member's rows, a required course each."""
    zone = site_zone()
    for info, due_on, pending in member.courses:
        completion = member.done.get(info.id)
        if completion is None:
            yield CompletionRow(member.member_id, member.employee_no, member.name,
                                member.unit_name, member.unit_path, info.slug, info.title,
                                pending, None, None, due_on)
        else:
            yield CompletionRow(member.member_id, member.employee_no, member.name,
                                member.unit_name, member.unit_path, info.slug, info.title,
                                DueState.DONE, completion[1],
                                completion[0].astimezone(zone).date(), due_on)


def member_courses(scope: ReportScope, filters: ReportFilters, course: CourseChoice | None,
                   *, today: date) -> Iterator[MemberCourses]:
    return CompletionSource(scope, filters, course, today=today).member_courses()


def completion_rows(scope: ReportScope, filters: ReportFilters, course: CourseChoice | None,
                    *, today: date) -> Iterator[CompletionRow]:
    """Every (member, required course) of the scope: a few queries for the rules, then
    one streamed query of members with their completions."""
    for member in member_courses(scope, filters, course, today=today):
        yield from rows_of(member)
