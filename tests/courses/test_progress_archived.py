"""An archived course credits nothing more: no study time, no completion, no 学时, even to
a page (a study token) opened before it was archived."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from learnhub.core.timeutil import now_utc
from learnhub.courses.models import CourseStatus
from learnhub.courses.study import heartbeats
from learnhub.courses.study.completion import complete_if_met
from learnhub.courses.study.heartbeats import BeatStatus
from learnhub.courses.study.models import CourseCompletion, LessonProgress
from learnhub.extensions import db
from learnhub.records.models import LedgerEntry
from tests.courses.learning_support import Reader, current, make_course, required_seconds
from tests.courses.test_progress_heartbeats import seconds_on
from tests.factories import make_member

ONE = (("only", "唯一一课", 1, "内容"),)


def archive(course) -> None:
    course.status = CourseStatus.ARCHIVED
    db.session.flush()


def test_a_page_open_before_archiving_credits_no_more_time():
    member, course = make_member(), make_course()
    reader = Reader(member, course, "intro")
    assert reader.beat(15).credited == 15
    archive(course)
    result = reader.beat(15)
    assert result.status == BeatStatus.IGNORED and result.credited == 0
    assert seconds_on(member, course, "intro") == 15


def test_a_token_issued_before_archiving_cannot_start_studying():
    member, course = make_member(), make_course()
    now = now_utc()
    token = heartbeats.issue_token(member.id, course.id, current(course).id, "intro", now=now)
    archive(course)
    for seq, later, resume in ((1, 0, True), (2, 15, False)):
        result = heartbeats.heartbeat(member, token=token, seq=seq, resume=resume,
                                      now=now + timedelta(seconds=later))
        assert result.status == BeatStatus.IGNORED and result.credited == 0
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 0


def test_the_last_lesson_finished_after_archiving_completes_nothing():
    member = make_member()
    course = make_course(lessons=ONE, credit_hours="2")
    reader = Reader(member, course, "only")
    reader.read(required_seconds(1) - 15)
    archive(course)
    result = reader.beat(15)
    assert not result.course_completed and result.credited == 0
    assert db.session.scalar(select(func.count()).select_from(CourseCompletion)) == 0
    assert db.session.scalar(select(func.count()).select_from(LedgerEntry)) == 0


def test_an_archived_course_is_not_completed_even_when_every_lesson_was_studied():
    member = make_member()
    course = make_course(lessons=ONE)
    progress = LessonProgress(member_id=member.id, course_id=course.id, lesson_key="only",
                              seconds_studied=required_seconds(1))
    db.session.add(progress)
    archive(course)
    assert complete_if_met(member, course, current(course), now=course.updated_at) is None
    assert db.session.scalar(select(func.count()).select_from(LedgerEntry)) == 0
