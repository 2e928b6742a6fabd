"""The trainer's view of a course: learners in the actor's scope with their progress,
the version they completed and when. Scoped in SQL; two queries per page plus totals, and
for a course with 选学 or audience lessons three more: each member's 必学 lessons are
counted for them (what completion counts), not every lesson."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import joinedload

from learnhub.core.pagination import Page, paginate
from learnhub.courses.models import Course, CourseVersion, Lesson
from learnhub.courses.study.lesson_audience import audience_paths, is_required_for
from learnhub.courses.study.models import CourseCompletion, Enrolment, LessonProgress
from learnhub.courses.study.rules import studied_condition
from learnhub.courses.study.settings import share_permille
from learnhub.extensions import db
from learnhub.org.models import Member, Role, RoleGrant, Unit
from learnhub.org.permissions import has_role, scope_filter

STATUSES = ("all", "completed", "in_progress", "not_started")


def may_view_learners(actor: Member) -> bool:
    return has_role(actor, Role.TRAINER) or has_role(actor, Role.MANAGER)


def _scope(actor: Member):
    return or_(scope_filter(actor, Role.TRAINER), scope_filter(actor, Role.MANAGER))


def _studied_subquery(course: Course):
    return (select(LessonProgress.member_id, func.count().label("n"))
            .join(Lesson, and_(Lesson.version_id == course.current_version_id,
                               Lesson.key == LessonProgress.lesson_key))
            .where(LessonProgress.course_id == course.id,
                   studied_condition(LessonProgress.seconds_studied, Lesson.minutes,
                                     share_permille()))
            .group_by(LessonProgress.member_id)
            .subquery())


def learners_page(actor: Member, course: Course, *, status: str = "all", name: str = "",
                  page: int, per_page: int) -> Page:
    """One page of rows: member id, name, employee no, unit name, lessons studied,
    started, last opened, completed at, completed version number. Filter by status and
    name."""
    studied = _studied_subquery(course)
    query = (
        select(Member.id, Member.name, Member.employee_no, Unit.name.label("unit_name"),
               func.coalesce(studied.c.n, 0).label("studied"),
               Enrolment.started_at, Enrolment.last_opened_at,
               CourseCompletion.completed_at, CourseVersion.number.label("version_number"))
        .join(Unit, Unit.id == Member.unit_id)
        .outerjoin(Enrolment, and_(Enrolment.member_id == Member.id,
                                   Enrolment.course_id == course.id))
        .outerjoin(CourseCompletion, and_(CourseCompletion.member_id == Member.id,
                                          CourseCompletion.course_id == course.id))
        .outerjoin(CourseVersion, CourseVersion.id == CourseCompletion.version_id)
        .outerjoin(studied, studied.c.member_id == Member.id)
        .where(Member.active.is_(True), _scope(actor))
    )
    if status == "completed":
        query = query.where(CourseCompletion.id.is_not(None))
    elif status == "in_progress":
        query = query.where(Enrolment.id.is_not(None), CourseCompletion.id.is_(None))
    elif status == "not_started":
        query = query.where(Enrolment.id.is_(None), CourseCompletion.id.is_(None))
    if name:
        query = query.where(or_(Member.name.contains(name, autoescape=True),
                                Member.employee_no.istartswith(name, autoescape=True)))
    found = paginate(query.order_by(Unit.path, Member.employee_no), page=page,
                     per_page=per_page, scalars=False)
    return replace(found, items=_with_lessons_counted(course, found.items))


@dataclass(frozen=True)
class LearnerRow:
    id: int
    name: str
    employee_no: str
    unit_name: str
    studied: int  # of the lessons counted for this member
    lessons: int  # their 必学 lessons (every lesson when none is 选学 for them)
    started_at: datetime | None
    last_opened_at: datetime | None
    completed_at: datetime | None
    version_number: int | None


def _with_lessons_counted(course: Course, rows) -> list[LearnerRow]:
    lessons = db.session.execute(
        select(Lesson.key, Lesson.optional, Lesson.audience)
        .where(Lesson.version_id == course.current_version_id)).all()
    counted = {row.id: (row.studied, len(lessons)) for row in rows}
    if rows and any(lesson.optional or lesson.audience for lesson in lessons):
        counted = _required_counts(course, lessons, [row.id for row in rows])
    return [LearnerRow(id=row.id, name=row.name, employee_no=row.employee_no,
                       unit_name=row.unit_name, studied=counted[row.id][0],
                       lessons=counted[row.id][1], started_at=row.started_at,
                       last_opened_at=row.last_opened_at, completed_at=row.completed_at,
                       version_number=row.version_number) for row in rows]


def _required_counts(course: Course, lessons, member_ids: list[int]
                     ) -> dict[int, tuple[int, int]]:
    """Member id → (必学 lessons studied, 必学 lessons), as `study.lesson_audience` counts
    them for the member, for one page of members in three queries."""
    members = db.session.scalars(select(Member).options(joinedload(Member.unit))
                                 .where(Member.id.in_(member_ids))).all()
    roles: dict[int, set[str]] = {}
    for member_id, role in db.session.execute(
            select(RoleGrant.member_id, RoleGrant.role)
            .where(RoleGrant.member_id.in_(member_ids))):
        roles.setdefault(member_id, set()).add(role.value)
    studied: dict[int, set[str]] = {}
    for member_id, key in db.session.execute(
            select(LessonProgress.member_id, LessonProgress.lesson_key)
            .join(Lesson, and_(Lesson.version_id == course.current_version_id,
                               Lesson.key == LessonProgress.lesson_key))
            .where(LessonProgress.course_id == course.id,
                   LessonProgress.member_id.in_(member_ids),
                   studied_condition(LessonProgress.seconds_studied, Lesson.minutes,
                                     share_permille()))):
        studied.setdefault(member_id, set()).add(key)
    paths = audience_paths(lessons)
    counts = {}
    for member in members:
        required = [lesson.key for lesson in lessons if is_required_for(
            lesson, member, roles=roles.get(member.id, set()), paths=paths)]
        keys = required or [lesson.key for lesson in lessons]
        done = studied.get(member.id, set())
        counts[member.id] = (sum(1 for key in keys if key in done), len(keys))
    return counts


@dataclass(frozen=True)
class LearnerTotals:
    members: int
    started: int
    completed: int


def learner_totals(actor: Member, course: Course) -> LearnerTotals:
    """How many members in scope started and completed the course (one query)."""
    row = db.session.execute(
        select(func.count(Member.id),
               func.coalesce(func.sum(case((Enrolment.id.is_not(None), 1), else_=0)), 0),
               func.coalesce(func.sum(case((CourseCompletion.id.is_not(None), 1), else_=0)), 0))
        .join(Unit, Unit.id == Member.unit_id)
        .outerjoin(Enrolment, and_(Enrolment.member_id == Member.id,
                                   Enrolment.course_id == course.id))
        .outerjoin(CourseCompletion, and_(CourseCompletion.member_id == Member.id,
                                          CourseCompletion.course_id == course.id))
        .where(Member.active.is_(True), _scope(actor))
    ).one()
    return LearnerTotals(members=int(row[0]), started=int(row[1]), completed=int(row[2]))
