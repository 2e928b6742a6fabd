"""Honest progress: what a heartbeat credits, which page counts, and which heartbeats are
ignored."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learnhub.core.timeutil import now_utc
from learnhub.courses.study import heartbeats
from learnhub.courses.study.heartbeats import BeatStatus
from learnhub.courses.study.models import ActiveStudy, Enrolment, LessonProgress
from learnhub.extensions import db
from tests.courses.learning_support import Reader, current, make_course, required_seconds
from tests.factories import make_member


def seconds_on(member, course, key: str) -> int:
    db.session.expire_all()
    return db.session.scalar(select(LessonProgress.seconds_studied).where(
        LessonProgress.member_id == member.id, LessonProgress.course_id == course.id,
        LessonProgress.lesson_key == key)) or 0


def test_heartbeat_credits_the_wall_clock_time_since_the_previous_beat():
    member, course = make_member(), make_course()
    reader = Reader(member, course, "intro")
    assert reader.beat(15).credited == 15
    assert reader.beat(12).credited == 12
    assert seconds_on(member, course, "intro") == 27


def test_one_heartbeat_credits_at_most_the_interval_plus_slack(app):
    member, course = make_member(), make_course()
    reader = Reader(member, course, "intro")
    cap = app.config["HEARTBEAT_SECONDS"] + app.config["HEARTBEAT_SLACK_SECONDS"]
    assert reader.beat(600).credited == cap
    assert seconds_on(member, course, "intro") == cap


def test_a_resume_beat_restarts_the_clock_without_crediting_hidden_time():
    member, course = make_member(), make_course()
    reader = Reader(member, course, "intro")
    reader.beat(15)
    result = reader.beat(3600, resume=True)  # the page was hidden for an hour
    assert result.status == BeatStatus.OK and result.credited == 0
    assert reader.beat(15).credited == 15
    assert seconds_on(member, course, "intro") == 30


def test_replayed_or_reordered_sequence_numbers_are_ignored():
    member, course = make_member(), make_course()
    reader = Reader(member, course, "intro")
    reader.beat(15, seq=5)
    assert reader.beat(15, seq=5).status == BeatStatus.IGNORED
    assert reader.beat(15, seq=4).status == BeatStatus.IGNORED
    assert seconds_on(member, course, "intro") == 15


def test_a_forged_token_is_ignored():
    member, course = make_member(), make_course()
    reader = Reader(member, course, "intro")
    result = reader.beat(15, token="made-up-token")
    assert result.status == BeatStatus.ELSEWHERE
    assert seconds_on(member, course, "intro") == 0


def test_another_members_token_credits_nobody():
    course = make_course()
    victim, attacker = make_member(), make_member()
    stolen = Reader(victim, course, "intro").token
    attacking = Reader(attacker, course, "intro")
    assert attacking.beat(15, token=stolen).status == BeatStatus.ELSEWHERE
    assert seconds_on(victim, course, "intro") == 0
    assert seconds_on(attacker, course, "intro") == 0


def test_a_second_tab_takes_over_when_it_starts_beating():
    member, course = make_member(), make_course()
    first = Reader(member, course, "intro")
    first.beat(15)
    second = Reader(member, course, "rights", at=first.now)
    assert first.beat(15).status == BeatStatus.ELSEWHERE
    assert second.beat(15).credited == 15
    assert seconds_on(member, course, "intro") == 15
    assert seconds_on(member, course, "rights") == 15


def test_two_tabs_on_the_same_lesson_do_not_double_count():
    member, course = make_member(), make_course()
    first = Reader(member, course, "intro")
    second = Reader(member, course, "intro", at=first.now + timedelta(seconds=1))
    for _ in range(4):
        assert second.beat(15).credited == 15
        first.now = second.now
        assert first.beat(0).status == BeatStatus.ELSEWHERE
    assert seconds_on(member, course, "intro") == 60


def test_a_clock_going_backwards_credits_nothing():
    member, course = make_member(), make_course()
    reader = Reader(member, course, "intro")
    assert reader.beat(-30).credited == 0


def test_a_lesson_is_studied_when_time_reaches_the_required_share(app):
    member, course = make_member(), make_course()  # "rights" expects 5 minutes
    needed = required_seconds(5)
    assert needed == round(5 * 60 * app.config["STUDY_SHARE_REQUIRED"])
    reader = Reader(member, course, "rights")
    result = reader.read(needed - 15)
    assert not result.studied
    result = reader.beat(15)
    assert result.studied and result.seconds == needed
    progress = db.session.scalar(select(LessonProgress).where(
        LessonProgress.member_id == member.id, LessonProgress.lesson_key == "rights"))
    assert progress.studied_at == reader.now
    assert progress.studied_version_id == course.current_version_id


def test_progress_survives_reopening_the_lesson():
    member, course = make_member(), make_course()
    reader = Reader(member, course, "intro")
    reader.read(60)
    again = Reader(member, course, "intro", at=reader.now)
    assert again.session.seconds == 60
    assert again.beat(15).seconds == 75


def test_the_first_beat_remembers_the_lesson_for_resume_and_one_active_row_per_member():
    member, course = make_member(), make_course()
    Reader(member, course, "intro")
    Reader(member, course, "rights")
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.member_id == member.id))
    assert enrolment.last_lesson_key == "rights"
    active = db.session.scalars(select(ActiveStudy).where(ActiveStudy.member_id == member.id))
    assert [row.lesson_key for row in active] == ["rights"]


def test_a_member_who_never_opened_a_lesson_has_nothing_to_credit():
    from learnhub.core.timeutil import now_utc
    from learnhub.courses.study.heartbeats import heartbeat

    result = heartbeat(make_member(), token="x", seq=1, now=now_utc())
    assert result.status == BeatStatus.IGNORED


def test_opening_a_page_changes_nothing_until_it_beats():
    member, course = make_member(), make_course()
    first = Reader(member, course, "intro")
    # a second tab opened in the background, never visible
    heartbeats.issue_token(member.id, course.id, current(course).id, "rights", now=first.now)
    assert first.beat(15).credited == 15
    assert db.session.get(ActiveStudy, member.id).lesson_key == "intro"


def test_the_first_beat_of_a_page_starts_the_clock_and_credits_nothing():
    member, course = make_member(), make_course()
    reader = Reader(member, course, "intro")
    assert reader.session.status == BeatStatus.OK and reader.session.credited == 0
    assert seconds_on(member, course, "intro") == 0


def test_a_page_opened_before_the_active_one_cannot_take_over():
    member, course = make_member(), make_course()
    start = now_utc()
    older = heartbeats.issue_token(member.id, course.id, current(course).id, "intro",
                                   now=start)
    newer = Reader(member, course, "rights", at=start + timedelta(seconds=5))
    result = heartbeats.heartbeat(member, token=older, seq=1, resume=True,
                                  now=start + timedelta(seconds=10))
    assert result.status == BeatStatus.ELSEWHERE
    assert newer.beat(15).credited == 15


def test_a_tampered_token_is_ignored():
    member, course = make_member(), make_course()
    reader = Reader(member, course, "intro")
    other = Reader(make_member(), course, "intro").token
    payload, timestamp, signature = other.split(".")
    mine = reader.token.split(".")[0]
    assert reader.beat(15, token=f"{mine}.{timestamp}.{signature}").status == BeatStatus.ELSEWHERE
    assert seconds_on(member, course, "intro") == 0


def test_an_expired_token_is_ignored():
    member, course = make_member(), make_course()
    start = now_utc()
    stale = heartbeats.issue_token(member.id, course.id, current(course).id, "intro",
                                   now=start)
    result = heartbeats.heartbeat(member, token=stale, seq=1, resume=True,
                                  now=start + heartbeats.STUDY_TOKEN_MAX_AGE + timedelta(seconds=1))
    assert result.status == BeatStatus.IGNORED
    assert db.session.get(ActiveStudy, member.id) is None
