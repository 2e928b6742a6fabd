"""Reading progress back: per lesson for one course, and per course for lists.

"Studied" is computed, not stored: a lesson of the version shown is studied when the
member's time on its key reaches the required share of its expected minutes. So time
carries over between versions by key, and a lesson made longer needs the difference.
The share comes in as `permille` (`study.settings.share_permille()`): nothing here reads
the app's config.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Select, and_, bindparam, select

from learnhub.courses.models import Course, CourseVersion, Lesson
from learnhub.courses.study.models import CourseCompletion, Enrolment, LessonProgress
from learnhub.courses.study.rules import required_seconds
from learnhub.extensions import db


@dataclass(frozen=True)
class LessonState:
    """A lesson of one version with the member's time on its key."""

    key: str
    title: str
    minutes: int
    position: int
    is_video: bool
    seconds: int
    required_seconds: int
    changed_since_studied: bool  # studied on a version whose text differed
    optional: bool = False  # 选学 for everyone
    audience: Mapping = field(default_factory=dict)  # required only for members matching it
    required: bool = True  # for the member (`lesson_audience.for_member`); False: 选学

    @property
    def studied(self) -> bool:
        return self.seconds >= self.required_seconds

    @property
    def minutes_studied(self) -> int:
        return min(self.seconds // 60, self.minutes)


@functools.cache
def _lesson_states_query() -> Select:
    """Built once, with bound parameters (a hot path: docs/performance.md)."""
    return (
        select(Lesson.key, Lesson.title, Lesson.minutes, Lesson.position, Lesson.video_path,
               Lesson.content_hash, LessonProgress.seconds_studied,
               LessonProgress.studied_content_hash, Lesson.optional, Lesson.audience)
        .outerjoin(LessonProgress, and_(LessonProgress.member_id == bindparam("member_id"),
                                        LessonProgress.course_id == bindparam("course_id"),
                                        LessonProgress.lesson_key == Lesson.key))
        .where(Lesson.version_id == bindparam("version_id"))
        .order_by(Lesson.position)
    )


def lesson_state(row, permille: int) -> LessonState:
    """A row with the lesson's key, title, minutes, position, video_path, content_hash,
    optional and audience and the member's seconds_studied and studied_content_hash (NULL
    without progress). `required` is for the member: see `lesson_audience.for_member`."""
    seconds = row.seconds_studied or 0
    needed = required_seconds(row.minutes, permille)
    changed = (seconds >= needed and row.studied_content_hash is not None
               and row.studied_content_hash != row.content_hash)
    return LessonState(key=row.key, title=row.title, minutes=row.minutes,
                       position=row.position, is_video=row.video_path is not None,
                       seconds=seconds, required_seconds=needed, changed_since_studied=changed,
                       optional=bool(row.optional), audience=row.audience or {},
                       required=not row.optional)


def lesson_states(member_id: int, course_id: int, version_id: int, permille: int
                  ) -> list[LessonState]:
    """Every lesson of the version in order, with the member's progress, in one query."""
    rows = db.session.execute(_lesson_states_query(), {
        "member_id": member_id, "course_id": course_id, "version_id": version_id}).all()
    return [lesson_state(row, permille) for row in rows]


def course_lesson_states(member_id: int, course_ids: Collection[int], permille: int
                         ) -> dict[int, list[LessonState]]:
    """Course id → the lessons of its current version with the member's time (one query;
    `required` not yet for the member: see `lesson_audience.required_progress`)."""
    if not course_ids:
        return {}
    rows = db.session.execute(
        select(Course.id.label("course_id"), Lesson.key, Lesson.title, Lesson.minutes,
               Lesson.position, Lesson.video_path, Lesson.content_hash,
               LessonProgress.seconds_studied, LessonProgress.studied_content_hash,
               Lesson.optional, Lesson.audience)
        .join(Lesson, Lesson.version_id == Course.current_version_id)
        .outerjoin(LessonProgress, and_(LessonProgress.member_id == member_id,
                                        LessonProgress.course_id == Course.id,
                                        LessonProgress.lesson_key == Lesson.key))
        .where(Course.id.in_(list(course_ids)))
        .order_by(Course.id, Lesson.position)
    ).all()
    result: dict[int, list[LessonState]] = {}
    for row in rows:
        result.setdefault(row.course_id, []).append(lesson_state(row, permille))
    return result


@dataclass(frozen=True)
class CompletionInfo:
    completed_at: datetime
    version_number: int | None
    version_id: int
    title: str  # the course's title on the version completed
    credit_hours: Decimal  # as credited, from the version completed


def completions_of(member_id: int, course_ids: Collection[int] | None = None
                   ) -> dict[int, CompletionInfo]:
    """Course id → the member's completion (with the version's number), one query."""
    query = (select(CourseCompletion.course_id, CourseCompletion.completed_at,
                    CourseCompletion.version_id, CourseVersion.number, CourseVersion.title,
                    CourseVersion.credit_hours)
             .join(CourseVersion, CourseVersion.id == CourseCompletion.version_id)
             .where(CourseCompletion.member_id == member_id))
    if course_ids is not None:
        if not course_ids:
            return {}
        query = query.where(CourseCompletion.course_id.in_(list(course_ids)))
    return {row.course_id: CompletionInfo(row.completed_at, row.number, row.version_id,
                                          row.title, row.credit_hours)
            for row in db.session.execute(query)}


def enrolments_of(member_id: int, course_ids: Collection[int] | None = None
                  ) -> dict[int, Enrolment]:
    query = select(Enrolment).where(Enrolment.member_id == member_id)
    if course_ids is not None:
        if not course_ids:
            return {}
        query = query.where(Enrolment.course_id.in_(list(course_ids)))
    return {row.course_id: row for row in db.session.scalars(query)}
