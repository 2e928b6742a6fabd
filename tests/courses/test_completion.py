"""Completion: once, on the version studied, with exactly one ledger entry; requirement
kinds plug in without changing the callers."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from learnhub.core.feature import REGISTRY_KEY, Feature, FeatureRegistry, registry
from learnhub.core.timeutil import now_utc
from learnhub.courses.study import completion as rules
from learnhub.courses.study.completion import (
    Requirement,
    RequirementStatus,
    StudyContext,
    complete_if_met,
)
from learnhub.courses.study.heartbeats import BeatStatus
from learnhub.courses.study.models import CourseCompletion
from learnhub.extensions import db
from learnhub.records.models import LedgerEntry
from tests.courses.learning_support import Reader, current, make_course, publish, required_seconds
from tests.factories import make_member
from tests.racing import held_before_insert, logged_in, race

SHORT = (("one", "第一课", 1, "党建第一课。"), ("two", "第二课", 1, "党建第二课。"))


def ledger_entries(member):
    return db.session.scalars(select(LedgerEntry).where(LedgerEntry.member_id == member.id)).all()


def study_all(member, course, keys=("one", "two")) -> Reader:
    reader = None
    for key in keys:
        reader = Reader(member, course, key, at=reader.now if reader else None)
        reader.read(required_seconds(1) + 15)
    assert reader is not None
    return reader


def test_studying_every_lesson_completes_the_course_and_credits_the_ledger():
    member = make_member()
    course = make_course(lessons=SHORT, credit_hours="2.5", title="党建实务")
    reader = Reader(member, course, "one")
    reader.read(required_seconds(1) + 15)
    assert db.session.scalar(select(CourseCompletion)) is None
    second = Reader(member, course, "two", at=reader.now)
    second.read(30)
    result = second.beat(required_seconds(1) - 30)  # reaches the required share exactly
    assert result.studied and result.course_completed
    completion = db.session.scalar(select(CourseCompletion).where(
        CourseCompletion.member_id == member.id))
    assert completion.version_id == course.current_version_id
    [entry] = ledger_entries(member)
    assert (entry.kind, entry.source_type, entry.source_id) == ("course", "course", str(course.id))
    assert entry.credit_hours == Decimal("2.50")
    assert entry.note == "党建实务"
    assert completion.ledger_entry_id == entry.id


def test_the_final_heartbeat_sent_twice_gives_one_completion_and_one_ledger_entry():
    member = make_member()
    course = make_course(lessons=(("one", "第一课", 1, "文字"),))
    reader = Reader(member, course, "one")
    reader.read(30)
    final = reader.beat(required_seconds(1) - 30)
    assert final.course_completed
    assert reader.beat(0, seq=reader.seq).status == BeatStatus.IGNORED  # the same beat again
    assert reader.beat(15).status == BeatStatus.OK  # and later beats change nothing
    assert len(ledger_entries(member)) == 1
    assert db.session.scalar(select(func.count()).select_from(CourseCompletion)) == 1


def test_completing_again_returns_the_existing_completion():
    member = make_member()
    course = make_course(lessons=SHORT)
    study_all(member, course)
    first = db.session.scalar(select(CourseCompletion))
    again = complete_if_met(member, course, current(course), now=now_utc() + timedelta(days=3))
    assert again is not None and again.id == first.id
    assert len(ledger_entries(member)) == 1


def test_a_completion_row_made_by_a_concurrent_request_is_returned_not_a_500(racing_app):
    """The course page opened twice at once, when a new version dropped the last missing
    lesson: both requests find no completion and insert one; the second insert meets the
    unique index and returns the first request's row."""
    with racing_app.app_context():
        member = make_member()
        course = make_course(lessons=SHORT)
        Reader(member, course, "one").read(required_seconds(1) + 15)
        publish(course, lessons=SHORT[:1])
        member_id, login, slug = member.id, member.get_id(), course.slug
        db.session.commit()
    clients = [logged_in(racing_app, login) for _ in range(2)]
    with held_before_insert(CourseCompletion):
        pages = race(*(lambda client=client: client.get(f"/courses/{slug}") for client in clients))
    assert [page.status_code for page in pages] == [200, 200]
    with racing_app.app_context():
        [completion] = db.session.scalars(select(CourseCompletion).where(
            CourseCompletion.member_id == member_id)).all()
        [entry] = db.session.scalars(select(LedgerEntry).where(
            LedgerEntry.member_id == member_id)).all()
        assert completion.ledger_entry_id == entry.id


def test_completion_date_is_the_local_date(app):
    member = make_member()
    course = make_course(lessons=(("one", "第一课", 1, "文字"),))
    late_evening_utc = now_utc().replace(hour=17, minute=0, second=0, microsecond=0)
    reader = Reader(member, course, "one", at=late_evening_utc)
    reader.read(required_seconds(1) + 15)
    [entry] = ledger_entries(member)
    assert entry.occurred_on == (late_evening_utc + timedelta(hours=8)).date()  # Asia/Shanghai


class AlwaysUnmet(Requirement):
    kind = "test_unmet"

    def status(self, context: StudyContext) -> RequirementStatus:
        return RequirementStatus(kind=self.kind, label="测验通过", met=False, done=0, total=1)


def test_a_new_requirement_kind_plugs_in_and_holds_completion_back(app):
    member = make_member()
    course = make_course(lessons=SHORT)
    quizzes = Feature(name="quizzes", requirement_kinds=(lambda course, version: [AlwaysUnmet()],))
    installed = registry(app)
    app.extensions[REGISTRY_KEY] = FeatureRegistry((*installed.features, quizzes))
    try:
        study_all(member, course)
        statuses = rules.requirement_statuses(StudyContext(member, course, current(course)))
    finally:
        app.extensions[REGISTRY_KEY] = installed
    assert [s.kind for s in statuses] == ["lessons_studied", "test_unmet"]
    assert statuses[0].met and not statuses[1].met
    assert db.session.scalar(select(CourseCompletion)) is None
    assert ledger_entries(member) == []


def test_lessons_studied_lists_what_remains():
    member = make_member()
    course = make_course(lessons=SHORT)
    Reader(member, course, "one").read(required_seconds(1) + 15)
    [status] = rules.requirement_statuses(StudyContext(member, course, current(course)))
    assert (status.done, status.total, status.met) == (1, 2, False)
    assert status.remaining == ("第二课",)


def test_a_version_without_lessons_is_not_completed_by_opening_it():
    from learnhub.core.timeutil import local_today
    from learnhub.courses.study.course_page import course_page

    member = make_member()
    course = make_course(lessons=())
    page = course_page(member, course, current(course), today=local_today(), now=now_utc())
    assert page.completion is None
    assert ledger_entries(member) == []
