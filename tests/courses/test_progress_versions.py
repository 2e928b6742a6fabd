"""A new published version never erases progress: time is kept by lesson key."""

from __future__ import annotations

from sqlalchemy import select

from learnhub.core.timeutil import local_today, now_utc
from learnhub.courses.study.course_page import course_page
from learnhub.courses.study.models import CourseCompletion
from learnhub.courses.study.my_courses import my_courses
from learnhub.courses.study.progress import lesson_states
from learnhub.courses.study.settings import share_permille
from learnhub.extensions import db
from tests.courses.learning_support import Reader, current, make_course, publish, required_seconds
from tests.factories import make_member

V1 = (("one", "第一课", 1, "第一课的内容。"), ("two", "第二课", 1, "第二课的内容。"))


def states(member, course):
    version = current(course)
    return {s.key: s for s in lesson_states(member.id, course.id, version.id, share_permille())}


def studied(member, course, key: str, extra: int = 15) -> Reader:
    reader = Reader(member, course, key)
    reader.read(required_seconds(1) + extra)
    return reader


def test_unchanged_lessons_stay_studied_in_a_new_version():
    member = make_member()
    course = make_course(lessons=V1)
    studied(member, course, "one")
    publish(course, lessons=(*V1, ("three", "第三课", 1, "新增的一课。")))
    now = states(member, course)
    assert now["one"].studied and not now["one"].changed_since_studied
    assert not now["three"].studied


def test_a_changed_lesson_keeps_its_time_and_is_marked_updated_until_read_again():
    member = make_member()
    course = make_course(lessons=V1)
    studied(member, course, "one")
    publish(course, lessons=(("one", "第一课", 1, "第一课的内容，已修订。"), V1[1]))
    now = states(member, course)["one"]
    assert now.studied and now.changed_since_studied
    Reader(member, course, "one").beat(15)
    assert not states(member, course)["one"].changed_since_studied


def test_a_lesson_made_longer_needs_only_the_difference():
    member = make_member()
    course = make_course(lessons=V1)
    studied(member, course, "one", extra=0)  # just the share of 1 minute
    publish(course, lessons=(("one", "第一课", 2, "第一课的内容。"), V1[1]))
    assert not states(member, course)["one"].studied
    reader = Reader(member, course, "one")
    result = reader.read(required_seconds(2) - required_seconds(1))
    assert result.studied


def test_a_completion_keeps_the_version_it_was_earned_on():
    member = make_member()
    course = make_course(lessons=V1)
    first_version = course.current_version_id
    studied(member, course, "one")
    studied(member, course, "two")
    publish(course, lessons=(*V1, ("three", "第三课", 1, "新增的一课。")))
    completion = db.session.scalar(select(CourseCompletion))
    assert completion.version_id == first_version != course.current_version_id
    [done] = my_courses(member, today=local_today()).completed
    assert done.completion is not None and done.completion.version_number == 1


def test_a_new_version_that_drops_the_only_missing_lesson_completes_on_the_course_page():
    member = make_member()
    course = make_course(lessons=V1)
    studied(member, course, "one")
    publish(course, lessons=(V1[0],))
    page = course_page(member, course, current(course), today=local_today(), now=now_utc())
    assert page.completion is not None and page.completion.version_number == 2


def test_a_page_opened_before_a_new_version_keeps_counting():
    member = make_member()
    course = make_course(lessons=V1)
    reader = Reader(member, course, "one")
    reader.beat(15)
    publish(course, lessons=(("one", "第一课", 1, "修订后的第一课。"), V1[1]))
    assert reader.beat(15).credited == 15
