"""Assigning a course to a unit subtree with a due date: who may, what members see,
and the audit trail."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learnhub.core.timeutil import local_today
from learnhub.courses.assignments.models import CourseAssignment
from learnhub.extensions import db
from learnhub.org.models import AuditEvent, PoliticalStatus, Role
from tests.courses.learning_support import make_course
from tests.factories import make_member, make_unit
from tests.html import find


def tree():
    root = make_unit(name="党委")
    general = make_unit(root, name="生产党总支")
    branch = make_unit(general, name="一车间党支部")
    other = make_unit(root, name="机关党支部")
    return root, general, branch, other


def test_a_trainer_assigns_a_course_and_members_below_see_it_required_with_the_date(
        client, login_as, post):
    root, general, branch, other = tree()
    trainer = make_member(general, roles=(Role.TRAINER,))
    inside = make_member(branch, political_status=PoliticalStatus.MASSES.value)
    outside = make_member(other, political_status=PoliticalStatus.MASSES.value)
    course = make_course(title="安全生产与党建")
    due = local_today() + timedelta(days=20)
    login_as(trainer)
    response = post(f"/courses/{course.slug}/assignments",
                    {"unit": str(general.id), "due_on": due.isoformat()})
    assert response.status_code == 302
    assignment = db.session.scalar(select(CourseAssignment))
    assert (assignment.unit_id, assignment.due_on, assignment.assigned_by_id) == (
        general.id, due, trainer.id)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "course.assign"))
    assert event.actor_id == trainer.id and event.details["unit_code"] == general.code

    page = login_as(inside).get("/courses").get_data(as_text=True)
    assert find(page, "span", text="必修") and f"截止 {due.year}年{due.month}月{due.day}日" in page
    page = login_as(outside).get("/courses").get_data(as_text=True)
    assert find(page, "span", text="必修") is None and "选修" in page


def test_the_assignment_page_lists_assignments_and_only_units_the_trainer_covers(
        client, login_as):
    root, general, branch, other = tree()
    trainer = make_member(general, roles=(Role.TRAINER,))
    course = make_course()
    db.session.add(CourseAssignment(course_id=course.id, unit_id=branch.id,
                                    due_on=local_today() + timedelta(days=3)))
    db.session.add(CourseAssignment(course_id=course.id, unit_id=other.id,
                                    due_on=local_today() + timedelta(days=3)))
    db.session.flush()
    page = login_as(trainer).get(f"/courses/{course.slug}/assignments").get_data(as_text=True)
    assert "一车间党支部（" in page  # listed, in scope
    assert "机关党支部（" not in page  # another trainer's business
    assert find(page, "option", value=str(general.id))
    assert find(page, value=str(other.id)) is None and find(page, value=str(root.id)) is None


def test_a_trainer_cannot_assign_to_a_unit_outside_their_scope(client, login_as, post):
    root, general, branch, other = tree()
    trainer = make_member(general, roles=(Role.TRAINER,))
    course = make_course()
    login_as(trainer)
    response = post(f"/courses/{course.slug}/assignments",
                    {"unit": str(other.id), "due_on": (local_today() + timedelta(days=5))
                     .isoformat()})
    assert response.status_code == 422
    assert db.session.scalar(select(CourseAssignment)) is None


def test_a_due_date_in_the_past_or_a_second_assignment_is_refused_with_a_message(
        client, login_as, post):
    root, general, branch, other = tree()
    trainer = make_member(general, roles=(Role.TRAINER,))
    course = make_course()
    login_as(trainer)
    response = post(f"/courses/{course.slug}/assignments",
                    {"unit": str(branch.id), "due_on": (local_today() - timedelta(days=1))
                     .isoformat()})
    assert response.status_code == 422
    assert "截止日期不能早于今天。" in response.get_data(as_text=True)
    due = (local_today() + timedelta(days=5)).isoformat()
    post(f"/courses/{course.slug}/assignments", {"unit": str(branch.id), "due_on": due})
    response = post(f"/courses/{course.slug}/assignments", {"unit": str(branch.id), "due_on": due})
    assert response.status_code == 422
    assert "该课程已指派给 一车间党支部" in response.get_data(as_text=True)


def test_learners_cannot_open_the_assignment_page(client, login_as, post):
    course = make_course()
    client = login_as(make_member())
    assert client.get(f"/courses/{course.slug}/assignments").status_code == 403


def test_a_trainer_removes_an_assignment_and_it_is_audited(client, login_as, post):
    root, general, branch, other = tree()
    trainer = make_member(general, roles=(Role.TRAINER,))
    course = make_course()
    assignment = CourseAssignment(course_id=course.id, unit_id=branch.id,
                                  due_on=local_today() + timedelta(days=3))
    db.session.add(assignment)
    db.session.flush()
    login_as(trainer)
    response = post(f"/courses/{course.slug}/assignments/{assignment.id}/delete")
    assert response.status_code == 302
    assert db.session.scalar(select(CourseAssignment)) is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "course.unassign"))
    assert event.actor_id == trainer.id


def test_a_trainer_cannot_remove_another_subtrees_assignment(client, login_as, post):
    root, general, branch, other = tree()
    trainer = make_member(general, roles=(Role.TRAINER,))
    course = make_course()
    assignment = CourseAssignment(course_id=course.id, unit_id=other.id,
                                  due_on=local_today() + timedelta(days=3))
    db.session.add(assignment)
    db.session.flush()
    login_as(trainer)
    assert post(f"/courses/{course.slug}/assignments/{assignment.id}/delete").status_code == 403
    assert db.session.scalar(select(CourseAssignment)) is not None


def test_an_unpublished_course_cannot_be_assigned(client, login_as):
    from learnhub.courses.publishing.services import create_course

    root, general, branch, other = tree()
    trainer = make_member(general, roles=(Role.TRAINER,))
    draft = create_course("draft-course", actor=None)
    db.session.flush()
    assert login_as(trainer).get(f"/courses/{draft.slug}/assignments").status_code == 404
