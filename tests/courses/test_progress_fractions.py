"""Heartbeats credit the exact wall-clock time: the fraction of a second a beat cannot
credit is carried to the next one, never lost, and never more than the clock."""

from __future__ import annotations

from decimal import Decimal

from learnhub.courses.study.heartbeats import BeatStatus
from tests.courses.learning_support import Reader, make_course
from tests.courses.test_progress_heartbeats import seconds_on
from tests.factories import make_member


def test_beats_of_fifteen_point_six_seconds_credit_the_full_sum():
    member, course = make_member(), make_course()
    reader = Reader(member, course, "intro")
    credited = sum(reader.beat(15.6).credited for _ in range(100))
    assert credited == 1560 == seconds_on(member, course, "intro")


def test_beats_shorter_than_a_second_add_up_instead_of_vanishing():
    member, course = make_member(), make_course()
    reader = Reader(member, course, "intro")
    assert [reader.beat(0.4).credited for _ in range(5)] == [0, 0, 1, 0, 1]
    assert seconds_on(member, course, "intro") == 2


def test_the_carried_fraction_never_credits_more_than_the_clock(app):
    member, course = make_member(), make_course()
    reader = Reader(member, course, "intro")
    cap = app.config["HEARTBEAT_SECONDS"] + app.config["HEARTBEAT_SLACK_SECONDS"]
    total = Decimal(0)
    for gap in ("15.6", "15.6", "0.3", "0.3", "29.0", "7.2", "0.01", "15.99"):
        total += Decimal(gap)
        reader.beat(float(gap))
        assert seconds_on(member, course, "intro") <= total
    assert seconds_on(member, course, "intro") == int(total) == 84
    # A beat after a long gap credits the cap, and the time beyond it is dropped, not
    # carried: the next beats credit only their own time.
    assert reader.beat(600.7).credited == cap
    assert reader.beat(15.6).credited == 15
    assert reader.beat(15.6).credited == 16
    assert seconds_on(member, course, "intro") == 84 + cap + 31


def test_a_resume_beat_drops_the_carried_fraction():
    member, course = make_member(), make_course()
    reader = Reader(member, course, "intro")
    assert reader.beat(15.9).credited == 15
    assert reader.beat(100, resume=True).credited == 0
    assert reader.beat(15.2).credited == 15  # not 16: the 0.9 s before hiding is gone
    assert seconds_on(member, course, "intro") == 30


def test_replayed_and_backward_beats_gain_nothing_from_the_carry():
    member, course = make_member(), make_course()
    reader = Reader(member, course, "intro")
    started = reader.now
    assert reader.beat(15.8).credited == 15
    assert reader.beat(15.8, seq=reader.seq).status == BeatStatus.IGNORED  # replayed
    assert reader.beat(-40).status == BeatStatus.OK  # a clock going backwards (another
    assert reader.beat(40).status == BeatStatus.OK  # server), then forwards again
    assert seconds_on(member, course, "intro") <= (reader.now - started).total_seconds()
