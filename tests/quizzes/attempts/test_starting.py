"""Starting an attempt: the rules that allow it, what it draws and shows, its deadline, and
one open attempt per member and quiz."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from learnhub.courses.models import CourseStatus
from learnhub.extensions import db
from learnhub.org.models import PoliticalStatus
from learnhub.quizzes.attempts import starting
from learnhub.quizzes.attempts.availability import Standing
from learnhub.quizzes.attempts.failures import (
    CoolingDown,
    NoAttemptsLeft,
    NoQuestions,
    QuizNotAvailable,
)
from learnhub.quizzes.attempts.grading import submit
from learnhub.quizzes.attempts.models import AttemptState
from learnhub.quizzes.attempts.starting import start
from learnhub.quizzes.banks.store import save_questions
from learnhub.quizzes.models import Question, QuestionBank, QuestionVersion, QuizMode
from tests.courses.learning_support import make_course
from tests.factories import make_member, make_unit
from tests.quizzes.attempts.support import NOW, items_of
from tests.quizzes.builders import judge, make_quiz, publish_version, single


def _keys(attempt) -> list[str]:
    return [db.session.get(QuestionVersion, item.question_version_id).question.key
            for item in items_of(attempt)]


def test_fixed_questions_come_in_their_order_with_a_bank_prefix_allowed():
    other = make_quiz("other-bank", [single("x1"), single("x2")])
    quiz = make_quiz("fixed", [single("a"), single("b")], keys=["b", "other-bank/x2", "a"])
    attempt = start(make_member(), quiz, quiz.current_version, NOW)
    assert _keys(attempt) == ["b", "x2", "a"]
    assert other.id


def test_outside_the_window_no_attempt_starts():
    quiz = make_quiz(opens_at=NOW + timedelta(hours=1))
    with pytest.raises(QuizNotAvailable):
        start(make_member(), quiz, quiz.current_version, NOW)
    closed = make_quiz("closed", closes_at=NOW, opens_at=NOW - timedelta(days=1))
    with pytest.raises(QuizNotAvailable):
        start(make_member(), closed, closed.current_version, NOW)


def test_attempts_allowed_and_the_cool_down_are_kept():
    member = make_member()
    quiz = make_quiz(attempts_allowed=2, cooldown_minutes=10)
    first = start(member, quiz, quiz.current_version, NOW)
    submit(first, NOW + timedelta(minutes=1))
    with pytest.raises(CoolingDown):
        start(member, quiz, quiz.current_version, NOW + timedelta(minutes=5))
    second = start(member, quiz, quiz.current_version, NOW + timedelta(minutes=11))
    assert second.number == 2
    submit(second, NOW + timedelta(minutes=12))
    with pytest.raises(NoAttemptsLeft):
        start(member, quiz, quiz.current_version, NOW + timedelta(days=1))


def test_an_audience_limits_who_may_start():
    unit = make_unit()
    quiz = make_quiz(audience={"required": {"political_status": ["中共党员"]}})
    masses = make_member(unit, political_status=PoliticalStatus.MASSES.value)
    with pytest.raises(QuizNotAvailable):
        start(masses, quiz, quiz.current_version, NOW)
    assert start(make_member(unit), quiz, quiz.current_version, NOW).state == AttemptState.OPEN


def test_a_quiz_owned_by_a_unit_is_for_its_subtree_only():
    root = make_unit()
    branch, elsewhere = make_unit(root), make_unit(root)
    quiz = make_quiz(owner_unit_id=branch.id)
    with pytest.raises(QuizNotAvailable):
        start(make_member(elsewhere), quiz, quiz.current_version, NOW)
    assert start(make_member(branch), quiz, quiz.current_version, NOW)


def test_a_quiz_of_an_unpublished_course_cannot_be_started():
    course = make_course()
    course.status = CourseStatus.ARCHIVED
    db.session.flush()
    quiz = make_quiz(course=course)
    with pytest.raises(QuizNotAvailable):
        start(make_member(), quiz, quiz.current_version, NOW)


def test_the_deadline_follows_the_time_limit_but_never_passes_the_closing_time():
    quiz = make_quiz(time_limit_minutes=30)
    assert start(make_member(), quiz, quiz.current_version, NOW).deadline_at == NOW + timedelta(
        minutes=30)
    closing = make_quiz("closing", time_limit_minutes=30, closes_at=NOW + timedelta(minutes=10))
    assert start(make_member(), closing, closing.current_version,
                 NOW).deadline_at == NOW + timedelta(minutes=10)
    untimed = make_quiz("untimed")
    assert start(make_member(), untimed, untimed.current_version, NOW).deadline_at is None


def test_a_second_start_resumes_the_open_attempt():
    member = make_member()
    quiz = make_quiz()
    first = start(member, quiz, quiz.current_version, NOW)
    assert start(member, quiz, quiz.current_version, NOW + timedelta(minutes=1)).id == first.id


def test_two_tabs_starting_at_once_meet_the_unique_index_and_resume(monkeypatch):
    """The second tab checked before the first inserted: the index refuses its row."""
    member = make_member()
    quiz = make_quiz()
    first = start(member, quiz, quiz.current_version, NOW)
    real = starting.open_attempt
    calls = []

    def not_yet(member_id, quiz_id):
        calls.append(1)
        return None if len(calls) == 1 else real(member_id, quiz_id)

    monkeypatch.setattr(starting, "open_attempt", not_yet)
    monkeypatch.setattr(starting, "standing_of", lambda member_id, quiz_id: Standing(used=1))
    assert start(member, quiz, quiz.current_version, NOW).id == first.id
    assert len(calls) == 2  # looked again after the insert failed


def test_an_open_attempt_past_its_deadline_is_graded_before_a_new_one_starts():
    member = make_member()
    quiz = make_quiz(time_limit_minutes=5)
    first = start(member, quiz, quiz.current_version, NOW)
    second = start(member, quiz, quiz.current_version, NOW + timedelta(minutes=6))
    db.session.refresh(first)
    assert first.state == AttemptState.GRADED and first.auto_submitted
    assert second.id != first.id and second.number == 2


def test_choices_are_shuffled_per_attempt_and_recorded():
    quiz = make_quiz("shuffled", [single(f"s{i}", options=5) for i in range(6)])
    orders = [[item.choice_order for item in items_of(
        start(make_member(), quiz, quiz.current_version, NOW, rng=random.Random(seed)))]
        for seed in (1, 2)]
    assert orders[0] != orders[1]
    assert all(sorted(order) == [0, 1, 2, 3, 4] for order in orders[0])
    assert any(order != [0, 1, 2, 3, 4] for order in orders[0])


def test_choices_keep_their_order_when_shuffling_is_off_and_true_false_never_moves():
    quiz = make_quiz("plain", [single("s", options=4), judge("j")], shuffle_choices=False)
    items = items_of(start(make_member(), quiz, quiz.current_version, NOW))
    assert [item.choice_order for item in items] == [[0, 1, 2, 3], [0, 1]]


def test_questions_are_shuffled_when_the_version_says_so():
    quiz = make_quiz("mixed-order", [single(f"s{i}") for i in range(8)], shuffle_questions=True)
    keys = _keys(start(make_member(), quiz, quiz.current_version, NOW, rng=random.Random(3)))
    assert sorted(keys) == [f"s{i}" for i in range(8)] and keys != [f"s{i}" for i in range(8)]


def _drawing_quiz(mode: QuizMode = QuizMode.QUIZ, count: int = 2):
    specs = [single(f"a{i}", category="甲") for i in range(4)] + [
        single(f"b{i}", category="乙") for i in range(3)]
    return make_quiz(f"draw-{mode.value}", specs, mode=mode, selection={"draw": [
        {"category": "甲", "count": count}, {"category": "乙", "count": 1}]})


def test_a_draw_takes_its_count_from_each_category():
    quiz = _drawing_quiz()
    keys = _keys(start(make_member(), quiz, quiz.current_version, NOW))
    assert len(keys) == 3 and sum(k.startswith("a") for k in keys) == 2 and keys[2][0] == "b"


def test_a_draw_never_takes_a_retired_question():
    quiz = _drawing_quiz(count=4)
    bank = db.session.get(QuestionBank, quiz.bank_id)
    specs = [single(f"a{i}", category="甲") for i in range(3)] + [
        single(f"b{i}", category="乙") for i in range(3)]
    save_questions(bank, specs)  # a3 retired
    assert db.session.query(Question).filter_by(key="a3").one().retired
    keys = _keys(start(make_member(), quiz, quiz.current_version, NOW))
    assert "a3" not in keys and sum(k.startswith("a") for k in keys) == 3


def test_a_draw_prefers_questions_the_member_has_not_seen():
    member = make_member()
    quiz = _drawing_quiz()
    first = start(member, quiz, quiz.current_version, NOW)
    submit(first, NOW)
    seen = {k for k in _keys(first) if k.startswith("a")}
    second = start(member, quiz, quiz.current_version, NOW + timedelta(minutes=1))
    assert {k for k in _keys(second) if k.startswith("a")}.isdisjoint(seen)


def test_a_contest_draws_the_same_questions_for_everyone():
    quiz = _drawing_quiz(QuizMode.CONTEST)
    draws = {tuple(_keys(start(make_member(), quiz, quiz.current_version, NOW,
                               rng=random.Random(seed)))) for seed in range(5)}
    assert len(draws) == 1


def test_a_selection_that_finds_nothing_says_so():
    quiz = make_quiz("empty", [single("a")])
    publish_version(quiz, selection={"fixed": ["gone"]})
    with pytest.raises(NoQuestions):
        start(make_member(), quiz, quiz.current_version, NOW)
