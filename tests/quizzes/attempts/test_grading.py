"""Submitting and settling: graded once whatever submits it, the outcome by grading method,
credit and course completion the first time it is passed, a regrade safe to run again."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from learnhub.courses.study.models import CourseCompletion
from learnhub.extensions import db
from learnhub.quizzes.attempts import views
from learnhub.quizzes.attempts.grading import finalise_expired, settle, submit
from learnhub.quizzes.attempts.models import AttemptItem, AttemptState, QuizOutcome
from learnhub.quizzes.attempts.saving import save_answer
from learnhub.quizzes.attempts.starting import start
from learnhub.quizzes.models import GradingMethod
from learnhub.quizzes.outcomes.services import FAILED_AFTER_PASS
from learnhub.records.models import LedgerEntry
from tests.courses.learning_support import Reader, make_course, required_seconds
from tests.factories import make_member
from tests.quizzes.attempts.support import (
    NOW,
    attempt_url,
    items_of,
    right_answer,
    wrong_answer,
)
from tests.quizzes.builders import make_quiz, single


def _outcome(member, quiz) -> QuizOutcome:
    return db.session.scalar(select(QuizOutcome).where(QuizOutcome.member_id == member.id,
                                                       QuizOutcome.quiz_id == quiz.id))


def _take(member, quiz, right: int, when=NOW):
    """An attempt with `right` of its items answered correctly, submitted."""
    attempt = start(member, quiz, quiz.current_version, when)
    for index, item in enumerate(items_of(attempt)):
        answer = right_answer(item) if index < right else wrong_answer(item)
        save_answer(member, attempt.id, item.position, answer, when)
    return submit(attempt, when + timedelta(minutes=1))


def _ledger(member) -> list[LedgerEntry]:
    return list(db.session.scalars(select(LedgerEntry).where(LedgerEntry.member_id == member.id)))


def test_the_submitted_form_saves_every_answer_and_grades(client, login_as, post, monkeypatch):
    monkeypatch.setattr(views, "now_utc", lambda: NOW)
    member = make_member()
    quiz = make_quiz()
    attempt = start(member, quiz, quiz.current_version, NOW)
    login_as(member)
    form = {f"q{item.position}": right_answer(item) for item in items_of(attempt)}
    response = post(attempt_url(attempt, "/submit"), form)
    assert response.status_code == 302 and response.location.endswith("/result")
    db.session.refresh(attempt)
    assert attempt.state == AttemptState.GRADED and attempt.percent == 100 and attempt.passed
    assert not attempt.auto_submitted and attempt.seconds_taken == 0


def test_a_double_submit_grades_once_and_shows_the_same_result(client, login_as, post,
                                                               monkeypatch):
    monkeypatch.setattr(views, "now_utc", lambda: NOW)
    member = make_member()
    quiz = make_quiz(credit_hours=Decimal("0.5"))
    attempt = start(member, quiz, quiz.current_version, NOW)
    login_as(member)
    items = items_of(attempt)
    right = {f"q{item.position}": right_answer(item) for item in items}
    wrong = {f"q{item.position}": wrong_answer(item) for item in items}
    first = post(attempt_url(attempt, "/submit"), right)
    monkeypatch.setattr(views, "now_utc", lambda: NOW + timedelta(seconds=2))
    second = post(attempt_url(attempt, "/submit"), wrong)  # the second tab, other answers
    assert first.location == second.location
    db.session.refresh(attempt)
    assert attempt.percent == 100 and attempt.submitted_at == NOW
    assert len(_ledger(member)) == 1
    assert client.get(first.location).status_code == 200


def test_a_submit_after_the_deadline_ignores_the_form_and_grades_what_was_saved():
    member = make_member()
    quiz = make_quiz(time_limit_minutes=5)
    attempt = start(member, quiz, quiz.current_version, NOW)
    items = items_of(attempt)
    save_answer(member, attempt.id, 1, right_answer(items[0]), NOW)
    submit(attempt, NOW + timedelta(minutes=6),
           {item.position: right_answer(item) for item in items})
    assert attempt.auto_submitted and attempt.score == 1
    assert attempt.submitted_at == NOW + timedelta(minutes=5) and attempt.seconds_taken == 300


def test_finalise_expired_grades_every_overdue_open_attempt_and_nothing_else():
    quiz = make_quiz(time_limit_minutes=5)
    overdue = start(make_member(), quiz, quiz.current_version, NOW)
    running = start(make_member(), quiz, quiz.current_version, NOW + timedelta(minutes=3))
    untimed_quiz = make_quiz("untimed")
    untimed = start(make_member(), untimed_quiz, untimed_quiz.current_version, NOW)
    assert finalise_expired(NOW + timedelta(minutes=6)) == 1
    assert overdue.state == AttemptState.GRADED and overdue.auto_submitted
    db.session.refresh(running)
    db.session.refresh(untimed)
    assert running.state == AttemptState.OPEN and untimed.state == AttemptState.OPEN
    assert finalise_expired(NOW + timedelta(minutes=6)) == 0


def test_the_close_expired_command_grades_overdue_attempts(app, monkeypatch):
    from learnhub.quizzes.attempts import commands

    quiz = make_quiz(time_limit_minutes=5)
    overdue = start(make_member(), quiz, quiz.current_version, NOW)
    monkeypatch.setattr(commands, "now_utc", lambda: NOW + timedelta(hours=1))
    monkeypatch.setattr(db.session, "commit", db.session.flush)
    result = app.test_cli_runner().invoke(args=["quiz", "close-expired"])
    assert result.exit_code == 0 and "graded 1" in result.output
    db.session.refresh(overdue)
    assert overdue.state == AttemptState.GRADED


ONE_LESSON = (("intro", "导言", 1, "正文。"),)


def _study(member, course) -> None:
    Reader(member, course, "intro").read(required_seconds(1))


def _completed(member) -> bool:
    return db.session.scalar(select(CourseCompletion).where(
        CourseCompletion.member_id == member.id)) is not None


def test_passing_credits_once_and_completes_the_course():
    member = make_member()
    course = make_course(lessons=ONE_LESSON)
    quiz = make_quiz(course=course, credit_hours=Decimal("1.5"), pass_percent=75)
    _study(member, course)
    assert not _completed(member)  # the quiz is still to pass
    _take(member, quiz, right=2)  # 50%: not passed
    assert not _outcome(member, quiz).passed and not _ledger(member)
    _take(member, quiz, right=4, when=NOW + timedelta(hours=1))
    outcome = _outcome(member, quiz)
    assert outcome.passed and outcome.attempts == 2 and outcome.percent == 100
    assert _completed(member)
    entries = _ledger(member)
    quiz_entries = [e for e in entries if e.kind == "quiz"]
    assert len(quiz_entries) == 1 and quiz_entries[0].credit_hours == Decimal("1.5")
    assert quiz_entries[0].source_id == str(quiz.id)
    assert outcome.ledger_entry_id == quiz_entries[0].id
    _take(member, quiz, right=4, when=NOW + timedelta(hours=2))
    assert len([e for e in _ledger(member) if e.kind == "quiz"]) == 1


def test_a_quiz_without_credit_hours_writes_no_ledger_entry():
    member = make_member()
    quiz = make_quiz()
    _take(member, quiz, right=4)
    assert _outcome(member, quiz).passed and _outcome(member, quiz).ledger_entry_id is None
    assert not _ledger(member)


def _percent_by(method: GradingMethod, rights: list[int]) -> tuple[Decimal, bool]:
    member = make_member()
    quiz = make_quiz(f"m-{method.value}", grading_method=method, pass_percent=60)
    for n, right in enumerate(rights):
        _take(member, quiz, right, when=NOW + timedelta(hours=n))
    outcome = _outcome(member, quiz)
    return outcome.percent, outcome.passed


def test_the_grading_method_chooses_what_counts():
    rights = [2, 4, 1]  # 50%, 100%, 25%
    assert _percent_by(GradingMethod.HIGHEST, rights) == (Decimal(100), True)
    assert _percent_by(GradingMethod.FIRST, rights)[0] == Decimal(50)
    assert _percent_by(GradingMethod.AVERAGE, rights) == (Decimal("58.33"), False)


def test_last_attempt_counts_and_a_pass_can_become_a_fail():
    member = make_member()
    quiz = make_quiz(grading_method=GradingMethod.LAST, credit_hours=Decimal(1))
    _take(member, quiz, 4)
    assert _outcome(member, quiz).passed
    _take(member, quiz, 1, when=NOW + timedelta(hours=1))
    outcome = _outcome(member, quiz)
    assert not outcome.passed and outcome.percent == 25
    assert outcome.note == FAILED_AFTER_PASS and outcome.ledger_entry_id is not None


def test_settle_again_after_a_regrade_recomputes_and_can_turn_a_pass_into_a_fail():
    member = make_member()
    quiz = make_quiz(specs=[single("a"), single("b")], credit_hours=Decimal(1), pass_percent=60)
    attempt = _take(member, quiz, 2)
    assert attempt.passed
    settle(attempt, NOW + timedelta(days=1))  # nothing changed: the same result
    assert attempt.passed and len(_ledger(member)) == 1
    item = items_of(attempt)[0]
    item.score = Decimal(0)  # what a corrected key would do
    db.session.flush()
    settle(attempt, NOW + timedelta(days=2))
    assert attempt.percent == 50 and not attempt.passed
    outcome = _outcome(member, quiz)
    assert not outcome.passed and outcome.passed_at is None
    assert outcome.ledger_entry_id is not None and outcome.note == FAILED_AFTER_PASS


def test_an_attempt_with_an_essay_waits_for_marking_and_gets_no_score():
    from tests.quizzes.builders import essay

    member = make_member()
    quiz = make_quiz(specs=[single("a"), essay("e")])
    attempt = start(member, quiz, quiz.current_version, NOW)
    items = items_of(attempt)
    save_answer(member, attempt.id, 1, right_answer(items[0]), NOW)
    save_answer(member, attempt.id, 2, "我的心得", NOW)
    submit(attempt, NOW)
    assert attempt.state == AttemptState.MARKING and attempt.score is None
    assert db.session.scalar(select(func.count()).select_from(AttemptItem).where(
        AttemptItem.attempt_id == attempt.id, AttemptItem.score.is_(None))) == 1
    assert not _outcome(member, quiz).passed


def test_completion_waits_for_every_required_quiz_but_not_optional_ones():
    member = make_member()
    course = make_course(lessons=ONE_LESSON)
    first = make_quiz("first", course=course)
    second = make_quiz("second", course=course)
    make_quiz("optional", course=course, required=False)
    _study(member, course)
    _take(member, first, 4)
    assert not _completed(member)
    _take(member, second, 4)
    assert _completed(member)
