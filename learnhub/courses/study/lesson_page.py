"""What the lesson page shows, read in one statement: the lesson, every lesson of the
course's current version with the member's time on it, and the course's name.

The lesson page is the most requested page, so it is read with one round trip and plain
table columns (no ORM entities), the statement built once (docs/performance.md). Only the
lesson shown carries its HTML.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import Select, and_, bindparam, case, select

from learnhub.core.errors import NotFound
from learnhub.courses.models import Course, CourseStatus, CourseVersion, Lesson
from learnhub.courses.study.lesson_audience import counts, for_member
from learnhub.courses.study.models import LessonProgress
from learnhub.courses.study.progress import LessonState, lesson_state
from learnhub.courses.study.settings import share_permille
from learnhub.extensions import db
from learnhub.org.models import Member


@dataclass(frozen=True)
class ShownLesson:
    key: str
    title: str
    minutes: int
    html: str
    toc_html: str
    video_url: str | None


@dataclass(frozen=True)
class LessonPage:
    course_id: int
    slug: str
    version_id: int
    course_title: str  # the version's title
    lesson: ShownLesson
    lessons: list[LessonState]  # in reading order, `required` for the member
    index: int  # of the lesson shown

    @property
    def counts(self) -> tuple[int, int]:
        """(必学, 选学) lessons for the member."""
        return counts(self.lessons)

    @property
    def state(self) -> LessonState:
        return self.lessons[self.index]

    @property
    def previous(self) -> LessonState | None:
        return self.lessons[self.index - 1] if self.index > 0 else None

    @property
    def next(self) -> LessonState | None:
        return self.lessons[self.index + 1] if self.index + 1 < len(self.lessons) else None


@functools.cache
def _lesson_page_query() -> Select:
    """Built once, with bound parameters (a hot path: docs/performance.md)."""
    course, version = Course.__table__.c, CourseVersion.__table__.c
    lesson, progress = Lesson.__table__.c, LessonProgress.__table__.c
    shown = lesson.key == bindparam("key")
    return (
        select(course.id.label("course_id"), course.slug, version.id.label("version_id"),
               version.title.label("course_title"), lesson.key, lesson.title, lesson.minutes,
               lesson.position, lesson.video_path, lesson.content_hash,
               progress.seconds_studied, progress.studied_content_hash, lesson.optional,
               lesson.audience, case((shown, lesson.html)).label("html"),
               case((shown, lesson.toc_html)).label("toc_html"),
               case((shown, lesson.video_url)).label("video_url"))
        .select_from(Course.__table__)
        .join(CourseVersion.__table__, version.id == course.current_version_id)
        .join(Lesson.__table__, lesson.version_id == version.id)
        .outerjoin(LessonProgress.__table__,
                   and_(progress.member_id == bindparam("member_id"),
                        progress.course_id == course.id, progress.lesson_key == lesson.key))
        .where(course.slug == bindparam("slug"),
               course.status == CourseStatus.PUBLISHED.value,
               version.is_draft.is_(False))
        .order_by(lesson.position)
    )


def lesson_page(member: Member, slug: str, key: str) -> LessonPage:
    """The lesson `key` of the published course `slug` for this member; 404 when the
    course is not published (drafts, archived, unknown) or has no such lesson. One
    statement; a course whose lessons have an audience needs the member's roles too."""
    rows = db.session.execute(_lesson_page_query(),
                              {"member_id": member.id, "slug": slug, "key": key}).all()
    index = next((i for i, row in enumerate(rows) if row.key == key), None)
    if index is None:
        raise NotFound()
    permille = share_permille()
    row = rows[index]
    return LessonPage(
        course_id=row.course_id, slug=row.slug, version_id=row.version_id,
        course_title=row.course_title,
        lesson=ShownLesson(row.key, row.title, row.minutes, row.html or "", row.toc_html or "",
                           row.video_url),
        lessons=for_member([lesson_state(r, permille) for r in rows], member), index=index)
