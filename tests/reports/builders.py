"""An organisation for report tests: a root with two branches, a manager of branch A, a
unit outside the root, courses required three ways and a rule for the year; flush only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from learnhub.core.timeutil import local_today
from learnhub.courses.assignments.models import CourseAssignment
from learnhub.courses.models import Course
from learnhub.courses.study.models import CourseCompletion
from learnhub.extensions import db
from learnhub.org.models import Member, PoliticalStatus, Role, Unit
from tests.courses.learning_support import make_course
from tests.factories import make_credit, make_member, make_unit
from tests.transcripts.builders import make_rule

YEAR = local_today().year
PARTY = {"required": {"political_status": [PoliticalStatus.MEMBER.value]}}


@dataclass
class Org:
    root: Unit
    branch_a: Unit
    branch_b: Unit
    outside: Unit
    manager: Member
    alice: Member  # branch A, 中共党员, completed the audience course
    bob: Member  # branch A, 群众
    carol: Member  # branch B, 中共党员
    stranger: Member  # outside the root
    by_audience: Course  # required of every 中共党员, no date
    assigned: Course  # assigned to branch A, overdue
    by_rule: Course  # the year's rule for 中共党员, due at the year's end


def complete(member: Member, course: Course, at: datetime) -> CourseCompletion:
    completion = CourseCompletion(member_id=member.id, course_id=course.id,
                                  version_id=course.current_version_id, completed_at=at)
    db.session.add(completion)
    db.session.flush()
    return completion


def make_org() -> Org:
    root = make_unit(name="机关党委")
    branch_a = make_unit(root, name="第一党支部")
    branch_b = make_unit(root, name="第二党支部")
    outside = make_unit(name="外单位党委")
    manager = make_member(branch_a, roles=(Role.MANAGER,), employee_no="M0001", name="管理者",
                          political_status=PoliticalStatus.MASSES.value)
    alice = make_member(branch_a, employee_no="A0001", name="=HYPERLINK(\"x\")")
    bob = make_member(branch_a, employee_no="A0002", name="李四",
                      political_status=PoliticalStatus.MASSES.value)
    carol = make_member(branch_b, employee_no="B0001", name="王五")
    stranger = make_member(outside, employee_no="X0001", name="外人")
    by_audience = make_course("report-audience", title="党章学习", audience=PARTY)
    assigned = make_course("report-assigned", title="保密教育")
    by_rule = make_course("report-rule", title="+年度专题")
    db.session.add(CourseAssignment(course_id=assigned.id, unit_id=branch_a.id,
                                    due_on=local_today() - timedelta(days=3)))
    make_rule(YEAR, total="4", online="1", audience={"political_status": ["中共党员"]},
              course_ids=[by_rule.id], effective_from=date(YEAR, 1, 1))
    complete(alice, by_audience, datetime(YEAR, 3, 5, 2, 0, tzinfo=UTC))
    make_credit(alice, "3", kind="course", occurred_on=date(YEAR, 3, 5))
    make_credit(alice, "2", kind="manual", occurred_on=date(YEAR, 4, 1))
    make_credit(carol, "1", kind="manual", occurred_on=date(YEAR, 4, 1))
    db.session.flush()
    return Org(root, branch_a, branch_b, outside, manager, alice, bob, carol, stranger,
               by_audience, assigned, by_rule)
