"""The course page a learner sees: loading a course they may read, its lessons with their
progress, what completing it asks for, and whether it is required (必修) for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from learnhub.core.errors import NotFound
from learnhub.courses.assignments.audience import CourseAudience
from learnhub.courses.assignments.obligations import DueState, Obligation, due_state, obligations
from learnhub.courses.models import Course, CourseStatus, CourseVersion
from learnhub.courses.study.completion import (
    RequirementStatus,
    StudyContext,
    complete_if_met,
    requirement_statuses,
)
from learnhub.courses.study.lesson_audience import counts
from learnhub.courses.study.progress import (
    CompletionInfo,
    LessonState,
    completions_of,
    enrolments_of,
)
from learnhub.extensions import db
from learnhub.org.models import Member


def published_course(slug: str) -> tuple[Course, CourseVersion]:
    """The course and its current version, if a learner may read it; 404 otherwise
    (drafts, archived courses and courses never published say nothing)."""
    row = db.session.execute(
        select(Course, CourseVersion)
        .join(CourseVersion, CourseVersion.id == Course.current_version_id)
        .options(joinedload(Course.owner_unit))  # where its audience reaches
        .where(Course.slug == slug, Course.status == CourseStatus.PUBLISHED,
               CourseVersion.is_draft.is_(False))
    ).first()
    if row is None:
        raise NotFound()
    return row[0], row[1]


@dataclass
class CoursePage:
    course: Course
    version: CourseVersion
    lessons: list[LessonState]
    requirements: list[RequirementStatus]
    completion: CompletionInfo | None
    obligation: Obligation | None
    due: DueState | None
    resume_key: str | None  # where "继续学习" goes; None before the first lesson

    @property
    def required_lessons(self) -> list[LessonState]:
        """The lessons the member must read (必学); all of them when every one is 选学
        (one of them completes the course then: completion.LessonsStudied)."""
        return [lesson for lesson in self.lessons if lesson.required] or self.lessons

    @property
    def studied(self) -> int:
        """必学 lessons studied (the progress bar counts those)."""
        return sum(1 for lesson in self.required_lessons if lesson.studied)

    @property
    def counts(self) -> tuple[int, int]:
        """(必学, 选学) lessons for the member."""
        return counts(self.lessons)

    @property
    def remaining(self) -> list[LessonState]:
        """必学 lessons not studied yet."""
        if not any(lesson.required for lesson in self.lessons):
            return []
        return [lesson for lesson in self.lessons if lesson.required and not lesson.studied]


def course_page(member: Member, course: Course, version: CourseVersion, *, today: date,
                now: datetime) -> CoursePage:
    """The course page; completes the course if its requirements are met but it was not
    completed yet (a new version dropped the last missing lesson, for example)."""
    context = StudyContext(member, course, version)
    statuses = requirement_statuses(context)
    completions = completions_of(member.id, [course.id])
    if course.id not in completions and all(status.met for status in statuses):
        complete_if_met(member, course, version, now=now, context=context)
        completions = completions_of(member.id, [course.id])
    completion = completions.get(course.id)
    owner_path = course.owner_unit.path if course.owner_unit is not None else None
    obligation = obligations(member, {course.id: CourseAudience(version.audience or {},
                                                                owner_path)}).get(course.id)
    enrolment = enrolments_of(member.id, [course.id]).get(course.id)
    keys = {lesson.key for lesson in context.lessons()}
    resume = enrolment.last_lesson_key if enrolment and enrolment.last_lesson_key in keys else None
    return CoursePage(course=course, version=version, lessons=context.lessons(),
                      requirements=statuses, completion=completion, obligation=obligation,
                      due=due_state(obligation, completed=completion is not None, today=today),
                      resume_key=resume)
