"""Who must take which course (必修) and by when; everyone else may take it as 选修.

A course is required for a member when the current version's audience matches them
(political status, cadre level, party post, role, unit subtree, all within the course's
owner unit: courses.audience) or when it is assigned to a unit whose subtree holds them; an
assignment brings a due date (the earliest, when several units above the member are
assigned).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import func, select

from learnhub.courses.assignments import audience as audience_rules
from learnhub.courses.assignments.audience import CourseAudience
from learnhub.courses.assignments.models import CourseAssignment
from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.org.permissions import role_names

DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class Obligation:
    course_id: int
    due_on: date | None  # None: required by audience, without a date
    by_audience: bool
    by_assignment: bool


class DueState(StrEnum):
    DONE = "done"  # 已完成
    OVERDUE = "overdue"  # 已逾期
    SOON = "soon"  # 即将到期 (within DUE_SOON_DAYS)
    OPEN = "open"  # required, due later or without a date


def due_state(obligation: Obligation | None, *, completed: bool, today: date) -> DueState | None:
    if obligation is None:
        return DueState.DONE if completed else None
    if completed:
        return DueState.DONE
    if obligation.due_on is None:
        return DueState.OPEN
    if obligation.due_on < today:
        return DueState.OVERDUE
    if obligation.due_on <= today + timedelta(days=DUE_SOON_DAYS):
        return DueState.SOON
    return DueState.OPEN


def ancestor_unit_ids(member: Member) -> list[int]:
    """The member's unit and every unit above it, from the materialized path."""
    return [int(part) for part in member.unit.path.strip("/").split("/") if part]


def assignment_due_dates(member: Member, course_ids: Iterable[int] | None = None
                         ) -> dict[int, date]:
    """Course id → earliest due date of an assignment covering the member (one query)."""
    query = (select(CourseAssignment.course_id, func.min(CourseAssignment.due_on))
             .where(CourseAssignment.unit_id.in_(ancestor_unit_ids(member)))
             .group_by(CourseAssignment.course_id))
    if course_ids is not None:
        ids = list(course_ids)
        if not ids:
            return {}
        query = query.where(CourseAssignment.course_id.in_(ids))
    return {course_id: due for course_id, due in db.session.execute(query)}


def obligations(member: Member, audiences: Mapping[int, CourseAudience],
                assigned: Mapping[int, date] | None = None) -> dict[int, Obligation]:
    """Course id → obligation for the courses in `audiences` (course id → the current
    version's audience and the owner unit's path) that are required for the member. At
    most two queries."""
    if assigned is None:
        assigned = assignment_due_dates(member, audiences.keys())
    codes = {code for audience in audiences.values()
             for code in audience_rules.unit_codes(audience.rules or {})}
    paths = audience_rules.unit_paths(codes) if codes else {}
    roles = role_names(member)
    result = {}
    for course_id, (rules, owner_path) in audiences.items():
        by_audience = bool(rules) and audience_rules.is_required(
            rules, member, roles=roles, paths_by_code=paths, owner_path=owner_path)
        due = assigned.get(course_id)
        if by_audience or due is not None:
            result[course_id] = Obligation(course_id, due, by_audience, due is not None)
    return result


def required_sort_key(obligation: Obligation | None) -> tuple:
    """Required first, by due date (dated before undated), then everything else."""
    if obligation is None:
        return (1, date.max)
    return (0, obligation.due_on or date.max)
