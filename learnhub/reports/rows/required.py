"""Which courses are required (必修) of many members at once, and by when.

The same rules as the courses feature (courses.assignments.obligations) and the year's
requirement rules (transcripts.requirements.status), read in a handful of grouped queries
and applied per member in Python. Members who share a unit, 政治面貌, cadre level, party
post and roles are required the same courses, so each such profile is worked out once;
so are units that every rule's unit test (a path prefix) puts on the same side.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import select

from learnhub.courses.assignments import audience as audience_rules
from learnhub.courses.assignments.audience import CourseAudience
from learnhub.courses.assignments.models import CourseAssignment
from learnhub.courses.assignments.obligations import DueState, Obligation, due_state
from learnhub.courses.catalogue.services import audience_of, published_courses
from learnhub.courses.models import Course
from learnhub.extensions import db
from learnhub.org.models import Unit
from learnhub.org.permissions import roles_by_member
from learnhub.transcripts.requirements.audience import uses_roles
from learnhub.transcripts.requirements.status import (
    default_as_of,
    requirement_for,
    versions_in_force,
    year_bounds,
)


class Profile(NamedTuple):
    unit_path: str
    political_status: str
    cadre_level: str
    party_post: str
    roles: frozenset[str]


@dataclass(frozen=True)
class CourseInfo:
    id: int
    slug: str
    title: str


class Required(NamedTuple):
    """A required course, its due date (None: without a date) and its state while not
    completed (courses.assignments.obligations.due_state on the report's day)."""

    course: CourseInfo
    due_on: date | None
    pending: DueState


class RequiredCourses:
    """The required courses per member profile, for the published courses' audiences and
    assignments and the year's requirement rules (due on the year's last day); `only`
    keeps one course."""

    def __init__(self, year: int, *, today: date, only: int | None = None) -> None:
        self.year_end = year_bounds(year)[1]
        self.year = year
        self.today = today
        rows = [row for row in db.session.execute(published_courses())
                if only is None or row.id == only]
        self.courses = {row.id: CourseInfo(row.id, row.slug, row.title) for row in rows}
        self.audiences = {row.id: audience_of(row) for row in rows
                          if (row.audience or {}).get("required")}
        self.assignments = [
            (course_id, path, due) for course_id, path, due in db.session.execute(
                select(CourseAssignment.course_id, Unit.path, CourseAssignment.due_on)
                .join(Unit, Unit.id == CourseAssignment.unit_id))
            if course_id in self.courses]
        codes = {code for audience in self.audiences.values()
                 for code in audience_rules.unit_codes(audience.rules)}
        self.paths = audience_rules.unit_paths(codes) if codes else {}
        self.versions = versions_in_force(year, default_as_of(year, today))
        rule_courses = {link.course_id for version in self.versions for link in version.courses
                        if only is None or link.course_id == only}
        missing = rule_courses - self.courses.keys()
        if missing:  # a rule may name a course that is not (or no longer) published
            for row in db.session.execute(select(Course.id, Course.slug, Course.title)
                                          .where(Course.id.in_(missing))):
                self.courses[row.id] = CourseInfo(row.id, row.slug, row.title)
        self.only = only
        self.rule_courses = rule_courses
        self.needs_roles = (uses_roles([v.audience or {} for v in self.versions]) or any(
            "roles" in audience.rules.get("required", {}) for audience in self.audiences.values()))
        # Courses with the same rules and owner are required of the same members: one check.
        self.audience_groups: dict[str, tuple[CourseAudience, list[int]]] = {}
        for course_id, audience in self.audiences.items():
            key = json.dumps([audience.rules, audience.owner_path], sort_keys=True)
            self.audience_groups.setdefault(key, (audience, []))[1].append(course_id)
        self._pending: dict[date | None, DueState] = {}
        self._cache: dict[Profile, tuple[Required, ...]] = {}
        # A unit matters to the rules only through the paths they test it against (each a
        # prefix test): units on the same side of each are required the same courses.
        self._rule_paths = sorted(
            {audience.owner_path for audience in self.audiences.values() if audience.owner_path}
            | set(self.paths.values()) | {path for _course, path, _due in self.assignments}
            | {v.unit.path for v in self.versions if v.unit is not None})
        self._places: dict[str, tuple[bool, ...]] = {}
        self._by_place: dict[tuple, tuple[Required, ...]] = {}

    @property
    def course_ids(self) -> list[int]:
        return list(self.courses)

    @property
    def requirable_ids(self) -> list[int]:
        """The courses some member may be required: by audience, assignment or rule."""
        found = {*self.audiences, *(course_id for course_id, _path, _due in self.assignments),
                 *self.rule_courses}
        return sorted(found & self.courses.keys())

    def of(self, profile: Profile) -> tuple[Required, ...]:
        """The profile's required courses with their due dates, by title."""
        found = self._cache.get(profile)
        if found is None:
            place = self._places.get(profile.unit_path)
            if place is None:
                place = self._places[profile.unit_path] = tuple(
                    profile.unit_path.startswith(path) for path in self._rule_paths)
            key = (place, *profile[1:])
            found = self._by_place.get(key)
            if found is None:
                found = self._by_place[key] = self._work_out(profile)
            self._cache[profile] = found
        return found

    def _work_out(self, p: Profile) -> tuple[Required, ...]:
        due: dict[int, date | None] = {}
        for (rules, owner_path), course_ids in self.audience_groups.values():
            if audience_rules.required_for(
                    rules, unit_path=p.unit_path, political_status=p.political_status,
                    cadre_level=p.cadre_level, party_post=p.party_post, roles=p.roles,
                    paths_by_code=self.paths, owner_path=owner_path):
                due.update(dict.fromkeys(course_ids))
        for course_id, path, due_on in self.assignments:
            if p.unit_path.startswith(path):
                due[course_id] = _earliest(due.get(course_id), due_on)
        requirement = requirement_for(
            self.versions, self.year, political_status=p.political_status,
            cadre_level=p.cadre_level, party_post=p.party_post, roles=p.roles,
            unit_path=p.unit_path)
        for course_id in requirement.course_ids:
            if self.only is None or course_id == self.only:
                due[course_id] = _earliest(due.get(course_id), self.year_end)
        listed = [Required(self.courses[course_id], when, self._pending_state(when))
                  for course_id, when in due.items()]
        return tuple(sorted(listed, key=lambda item: (item.course.title, item.course.id)))

    def _pending_state(self, due_on: date | None) -> DueState:
        state = self._pending.get(due_on)
        if state is None:
            state = self._pending[due_on] = due_state(
                Obligation(0, due_on, False, False), completed=False,
                today=self.today) or DueState.OPEN
        return state


def _earliest(current: date | None, other: date) -> date:
    return other if current is None else min(current, other)


def roles_in(path: str, needed: bool) -> dict[int, frozenset[str]]:
    """Member id → role names, for the members of a subtree (one query, when needed)."""
    return roles_by_member(path) if needed else {}

