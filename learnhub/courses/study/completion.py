"""Completion rules: a list of requirements per course, each a small class.

A requirement answers `status(context) -> RequirementStatus` for a member, a course and
the version they study. `LessonsStudied` is the first kind; another feature adds its own
(e.g. a quiz passed) in its Feature's `requirement_kinds`, without touching this module.
When every requirement is met the course is completed once, on that version, and the
ledger gets its credit hours.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from learnhub.core.feature import registry
from learnhub.core.timeutil import to_local
from learnhub.courses.models import Course, CourseStatus, CourseVersion
from learnhub.courses.study.lesson_audience import for_member
from learnhub.courses.study.models import CourseCompletion
from learnhub.courses.study.progress import LessonState, lesson_states
from learnhub.courses.study.settings import share_permille
from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.records.services import credit


@dataclass
class StudyContext:
    """One member on one version of a course; loads what requirements share, once."""

    member: Member
    course: Course
    version: CourseVersion
    permille: int = field(default_factory=share_permille)  # the required share of time
    _lessons: list[LessonState] | None = field(default=None, repr=False)

    def lessons(self) -> list[LessonState]:
        if self._lessons is None:
            self._lessons = for_member(lesson_states(
                self.member.id, self.course.id, self.version.id, self.permille), self.member)
        return self._lessons


@dataclass(frozen=True)
class RequirementStatus:
    kind: str
    label: str  # what the requirement asks, in the reader's language
    met: bool
    done: int
    total: int
    remaining: tuple[str, ...] = ()  # what is left, e.g. lesson titles
    links: tuple[tuple[str, str], ...] = ()  # (text, URL) to what is left, e.g. a quiz


class Requirement(ABC):
    kind: ClassVar[str]

    @abstractmethod
    def status(self, context: StudyContext) -> RequirementStatus:
        """How far the member is with this requirement on the context's version."""


class LessonsStudied(Requirement):
    """Every lesson of the version required for the member (必学, see
    `lesson_audience`) studied (its time reached the required share); 选学 lessons don't
    count. When every lesson is 选学 for the member, one lesson studied (any) completes
    the course. A version without lessons can't be completed by opening it."""

    kind = "lessons_studied"

    def status(self, context: StudyContext) -> RequirementStatus:
        lessons = context.lessons()
        required = [lesson for lesson in lessons if lesson.required]
        if not required and lessons:  # every lesson 选学 for this member
            done = min(1, sum(1 for lesson in lessons if lesson.studied))
            return RequirementStatus(
                kind=self.kind, label=gettext("各课均为选学，至少学完 1 课"),
                met=done == 1, done=done, total=1)
        done = sum(1 for lesson in required if lesson.studied)
        remaining = tuple(lesson.title for lesson in required if not lesson.studied)
        label = (gettext("学完全部 %(count)s 课", count=len(required))
                 if len(required) == len(lessons)
                 else gettext("学完必学的 %(count)s 课", count=len(required)))
        return RequirementStatus(
            kind=self.kind, label=label, met=bool(required) and done == len(required),
            done=done, total=len(required), remaining=remaining)


def lessons_studied(course: Course, version: CourseVersion) -> list[Requirement]:
    """The requirement every course has (the courses feature registers it first)."""
    return [LessonsStudied()]


def requirements_for(course: Course, version: CourseVersion) -> list[Requirement]:
    """What completing the course asks for: each registered requirement kind (a function
    of the course and version, see Feature.requirement_kinds) adds its requirements."""
    requirements: list[Requirement] = []
    for kind in registry().requirement_kinds:
        requirements += kind(course, version)
    return requirements


def requirement_statuses(context: StudyContext) -> list[RequirementStatus]:
    return [r.status(context) for r in requirements_for(context.course, context.version)]


def completion_of(member_id: int, course_id: int) -> CourseCompletion | None:
    return db.session.scalar(select(CourseCompletion).where(
        CourseCompletion.member_id == member_id, CourseCompletion.course_id == course_id))


def complete_if_met(member: Member, course: Course, version: CourseVersion, *,
                    now: datetime, context: StudyContext | None = None
                    ) -> CourseCompletion | None:
    """The member's completion of the course: the existing one, a new one if every
    requirement is now met on `version`, or None. Safe to call twice or concurrently.
    Only a published course completes: an archived one gives no more credit."""
    existing = completion_of(member.id, course.id)
    if existing is not None:
        return existing
    if course.status != CourseStatus.PUBLISHED:
        return None
    context = context or StudyContext(member, course, version)
    if not all(status.met for status in requirement_statuses(context)):
        return None
    completion = CourseCompletion(member_id=member.id, course_id=course.id,
                                  version_id=version.id, completed_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(completion)
    except IntegrityError:
        # A concurrent request (the same final heartbeat sent twice) completed it first.
        found = completion_of(member.id, course.id)
        if found is None:
            raise
        return found
    entry = credit(member, kind="course", source_type="course", source_id=course.id,
                   credit_hours=version.credit_hours,
                   occurred_on=to_local(now, member.timezone or None).date(),
                   note=version.title)
    completion.ledger_entry_id = entry.id
    db.session.flush()
    return completion
