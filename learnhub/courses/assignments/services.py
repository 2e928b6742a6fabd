"""Assigning a published course to a unit subtree with a due date (its members see it as
必修 with that date), listing and removing assignments; every change is audited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from learnhub.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from learnhub.courses.assignments.models import CourseAssignment
from learnhub.courses.models import Course
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member, Role, Unit
from learnhub.org.permissions import can_train_for, scope_filter


class AlreadyAssigned(Conflict):
    code = "already_assigned"
    message = "该课程已指派给 %(unit)s，如需修改截止日期请先删除原指派。"


class NotPublished(ValidationFailed):
    code = "not_published"
    message = "只能指派已发布的课程。"


class DueDateInPast(ValidationFailed):
    code = "due_in_past"
    message = "截止日期不能早于今天。"


def may_assign(actor: Member) -> bool:
    """Trainers (on some unit) and admins see the assignment page."""
    return can_train_for(actor)


def assignments_in_scope(actor: Member, course: Course) -> Sequence[CourseAssignment]:
    """The course's assignments to units the actor trains for, in tree order (one query)."""
    return db.session.scalars(
        select(CourseAssignment).join(Unit, Unit.id == CourseAssignment.unit_id)
        .where(CourseAssignment.course_id == course.id, scope_filter(actor, Role.TRAINER))
        .order_by(Unit.path)
    ).all()


def assign(actor: Member, course: Course, unit: Unit, *, due_on: date, today: date,
           now: datetime) -> CourseAssignment:
    if not can_train_for(actor, unit):
        raise Forbidden()
    if not course.is_published:
        raise NotPublished()
    if due_on < today:
        raise DueDateInPast(fields={"due_on": "past"})
    existing = db.session.scalar(select(CourseAssignment).where(
        CourseAssignment.course_id == course.id, CourseAssignment.unit_id == unit.id))
    if existing is not None:
        raise AlreadyAssigned(unit=unit.name, fields={"unit": "taken"})
    assignment = CourseAssignment(course_id=course.id, unit_id=unit.id, due_on=due_on,
                                  assigned_by_id=actor.id, created_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(assignment)
    except IntegrityError as exc:
        raise AlreadyAssigned(unit=unit.name, fields={"unit": "taken"}) from exc
    record_audit(actor, "course.assign", "course", course.id,
                 summary=f"{course.slug} → {unit.code} {due_on.isoformat()}",
                 details={"unit_id": unit.id, "unit_code": unit.code,
                          "due_on": due_on.isoformat(), "assignment_id": assignment.id})
    return assignment


def get_assignment(course: Course, assignment_id: int) -> CourseAssignment:
    assignment = db.session.get(CourseAssignment, assignment_id)
    if assignment is None or assignment.course_id != course.id:
        raise NotFound()
    return assignment


def unassign(actor: Member, course: Course, assignment: CourseAssignment) -> None:
    if not can_train_for(actor, assignment.unit):
        raise Forbidden()
    record_audit(actor, "course.unassign", "course", course.id,
                 summary=f"{course.slug} ✕ {assignment.unit.code}",
                 details={"unit_id": assignment.unit_id, "unit_code": assignment.unit.code,
                          "due_on": assignment.due_on.isoformat()})
    db.session.delete(assignment)
    db.session.flush()
