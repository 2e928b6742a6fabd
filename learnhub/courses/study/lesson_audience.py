"""Which lessons of a course a member must read (必学) and which are 选学 for them.

A lesson is 选学 for everyone with `optional: true`; with an `audience` (the criteria of a
course's `audience.required`) it is required for members matching any of them and 选学 for
everyone else; otherwise it is required. Matching is the course audiences' own
(`assignments.audience.is_required`, every criterion in `CRITERIA`), without the owner-unit
bound: a lesson audience creates no obligation, it only narrows who must read the lesson
among those who study the course (and `content check` keeps its units inside the owner
unit's subtree, like the course's).

Nothing is read for a course whose lessons have no audience; otherwise the member's roles
and, when units are named, their paths (two small queries).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from learnhub.courses.assignments import audience as audience_rules
from learnhub.courses.study.progress import LessonState, course_lesson_states
from learnhub.org.models import Member
from learnhub.org.permissions import role_names


def for_member(lessons: list[LessonState], member: Member) -> list[LessonState]:
    """The lessons with `required` set for this member."""
    audiences = [lesson.audience for lesson in lessons
                 if lesson.audience and not lesson.optional]
    if not audiences:
        return lessons  # `required` is already `not optional`
    roles = role_names(member)
    paths = audience_paths(lessons)
    return [replace(lesson, required=is_required_for(lesson, member, roles=roles, paths=paths))
            for lesson in lessons]


def audience_paths(lessons) -> dict[str, str]:
    """The unit paths the lessons' audiences name (one query, none without unit codes)."""
    codes = {code for lesson in lessons if lesson.audience
             for code in audience_rules.unit_codes(lesson.audience)}
    return audience_rules.unit_paths(codes) if codes else {}


def is_required_for(lesson, member: Member, *, roles: Collection[str],
                    paths: Mapping[str, str]) -> bool:
    """Whether `lesson` (anything with `optional` and `audience`) is 必学 for the member."""
    if lesson.optional:
        return False
    return not lesson.audience or audience_rules.is_required(
        lesson.audience, member, roles=roles, paths_by_code=paths, owner_path=None)


def counts(lessons: list[LessonState]) -> tuple[int, int]:
    """(必学, 选学) lessons for the member."""
    required = sum(1 for lesson in lessons if lesson.required)
    return required, len(lessons) - required


def required_progress(member: Member, course_ids: Collection[int], permille: int
                      ) -> dict[int, tuple[int, int]]:
    """Course id → (必学 lessons studied, 必学 lessons) of its current version for the
    member, for lists (我的课程, the catalogue); when every lesson is 选学 for the member,
    all lessons count. One query, plus the member's roles for lesson audiences."""
    result = {}
    for course_id, lessons in course_lesson_states(member.id, course_ids, permille).items():
        required = [lesson for lesson in for_member(lessons, member) if lesson.required]
        counted = required or lessons
        result[course_id] = (sum(1 for lesson in counted if lesson.studied), len(counted))
    return result
