"""The required courses a transcript lists: those the courses feature makes required for
the member (必修 by audience or assignment, with its due date, as 我的课程 shows them)
and those the year's requirement rules name (due by the year's end), each done or
pending."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from learnhub.courses.models import Course
from learnhub.courses.study.my_courses import my_required_courses
from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.transcripts.requirements.status import Standing


@dataclass(frozen=True)
class RequiredCourse:
    course_id: int
    slug: str
    title: str
    due_on: date | None
    done: bool
    completed_on: date | None
    by_rule: bool  # named by a 学时要求 rule (else required by the course's own audience)


def required_courses(member: Member, standing: Standing, *, today: date) -> list[RequiredCourse]:
    """Pending first (soonest due), then done. The course obligations are today's, so
    they are listed for the current year only; a past year lists its rules' courses."""
    year = standing.requirement.year
    found: dict[int, RequiredCourse] = {}
    if year == today.year:
        for course in my_required_courses(member):
            completion = course.completion
            found[course.course_id] = RequiredCourse(
                course.course_id, course.slug, course.title, course.obligation.due_on,
                done=completion is not None,
                completed_on=completion.completed_at.date() if completion else None,
                by_rule=False)
    rule_ids = standing.requirement.course_ids
    for row in _courses(rule_ids - found.keys()):
        found[row.id] = RequiredCourse(
            row.id, row.slug, row.title, date(year, 12, 31),
            done=row.id in standing.courses_done, completed_on=None, by_rule=True)
    for course_id in rule_ids & found.keys():
        item = found[course_id]
        end = date(year, 12, 31)
        found[course_id] = RequiredCourse(
            item.course_id, item.slug, item.title, min(item.due_on or end, end),
            done=item.done or course_id in standing.courses_done,
            completed_on=item.completed_on, by_rule=True)
    return sorted(found.values(),
                  key=lambda c: (c.done, c.due_on or date.max, c.title))


def _courses(ids: Iterable[int]) -> list[Course]:
    ids = list(ids)
    if not ids:
        return []
    return list(db.session.scalars(select(Course).where(Course.id.in_(ids))))
