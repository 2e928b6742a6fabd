"""The demo's year of quiz history: made once, the same each time, and with the engine's
rows (item scores by `grade`, results and outcomes as `settle` leaves them)."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import select

from learnhub.core.timeutil import site_zone
from learnhub.extensions import db
from learnhub.operator.demo_content import run_demo_steps, sync_sample_content
from learnhub.org.models import Member, Unit
from learnhub.quizzes.attempts.grading import settle, submit
from learnhub.quizzes.attempts.models import Attempt, AttemptItem, AttemptState, QuizOutcome
from learnhub.quizzes.attempts.saving import save_answer
from learnhub.quizzes.attempts.starting import start
from learnhub.quizzes.demo.calendar import anchor_of
from learnhub.quizzes.demo.generated import drawn_order, generate
from learnhub.quizzes.demo.history import (
    CONTEST,
    COURSE_QUIZZES,
    contest_history,
    course_history,
    history_needed,
    plan_for,
    takers,
)
from learnhub.quizzes.demo.learners import HARD
from learnhub.quizzes.marking.services import marking_queue
from learnhub.quizzes.models import Question, QuestionBank, QuestionVersion, Quiz
from learnhub.quizzes.questions.spec import QuestionType
from learnhub.quizzes.questions.types import grade
from tests.quizzes.demo.support import NOW, build_demo, counts


def _snapshot() -> list[tuple]:
    return db.session.execute(
        select(Member.employee_no, Quiz.slug, Attempt.number, Attempt.started_at,
               Attempt.submitted_at, Attempt.state, Attempt.score, Attempt.passed,
               AttemptItem.position, AttemptItem.choice_order, AttemptItem.response,
               AttemptItem.score)
        .join(Attempt, Attempt.member_id == Member.id).join(Quiz, Quiz.id == Attempt.quiz_id)
        .join(AttemptItem, AttemptItem.attempt_id == Attempt.id)
        .order_by(Member.employee_no, Quiz.slug, Attempt.number, AttemptItem.position)).all()


def test_history_is_made_once_and_a_later_sync_changes_nothing(app):
    lines = build_demo()
    assert lines and lines[0].startswith("Quiz history:")
    assert not history_needed()
    made = counts()
    assert made[0] > 800  # attempts on the seven sample quizzes by ~200 members
    assert run_demo_steps(NOW) == ([], [])
    assert sync_sample_content() == []
    assert counts() == made


def _generated_again() -> list[tuple]:
    """The history generated again for the same day, in memory, in `_snapshot`'s shape."""
    anchor = anchor_of(NOW, site_zone())
    people = takers()
    marker = db.session.scalar(select(Member.id).where(Member.employee_no == "trainer"))
    numbers = {person.id: person.employee_no for person in people}
    made = []
    for slug in COURSE_QUIZZES:
        plan = plan_for(slug)
        assert plan is not None
        made += course_history(plan, people, anchor, marker)
    contest = plan_for(CONTEST)
    assert contest is not None
    made += contest_history(contest, people, anchor)
    return sorted(
        (numbers[member_id], plan.slug, run.row["number"], run.row["started_at"],
         run.row["submitted_at"], run.row["state"], run.row["score"], run.row["passed"],
         item["position"], item["choice_order"], item["response"], item["score"])
        for plan, member_id, runs in made for run in runs for item in run.items)


def test_history_is_the_same_every_time(app):
    build_demo()
    assert sorted(_snapshot()) == _generated_again()


def test_item_scores_are_grades_and_results_are_what_settle_gives(app):
    build_demo()
    rows = db.session.execute(select(AttemptItem, QuestionVersion).join(
        QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)).all()
    for item, version in rows:
        expected = grade(version.spec(), item.response)
        assert item.score == expected or (expected is None and item.marked_by_id is not None)
    attempts = db.session.scalars(select(Attempt).order_by(Attempt.id)).all()
    sample = random.Random(5).sample(list(attempts), 80)
    columns = ("state", "score", "max_score", "percent", "passed")
    before = {a.id: tuple(getattr(a, c) for c in columns) for a in sample}
    outcomes = {(o.quiz_id, o.member_id): (o.attempts, o.percent, o.passed, o.passed_at)
                for o in db.session.scalars(select(QuizOutcome))}
    for attempt in sample:
        settle(attempt, NOW)  # the engine again, on the same items
    for attempt in sample:
        db.session.refresh(attempt)
        assert tuple(getattr(attempt, c) for c in columns) == before[attempt.id]
        outcome = db.session.scalar(select(QuizOutcome).where(
            QuizOutcome.quiz_id == attempt.quiz_id, QuizOutcome.member_id == attempt.member_id))
        assert outcome is not None
        assert (outcome.attempts, outcome.percent, outcome.passed, outcome.passed_at) == \
            outcomes[(attempt.quiz_id, attempt.member_id)]


def test_a_generated_attempt_is_the_one_the_engine_makes(app):
    build_demo()
    plan = plan_for(CONTEST)
    assert plan is not None
    manager = db.session.scalar(select(Member).where(Member.employee_no == "manager"))
    quiz = db.session.get(Quiz, plan.quiz_id)
    made = generate(plan, member_id=manager.id, number=1, started=NOW, ability=0.3,
                    rng=random.Random(11), marker_id=None, marking=lambda submitted: None)
    engine = start(manager, quiz, plan.version, NOW, rng=random.Random(11))
    items = db.session.scalars(select(AttemptItem).where(AttemptItem.attempt_id == engine.id)
                               .order_by(AttemptItem.position)).all()
    assert [(i.question_version_id, i.choice_order) for i in items] == \
        [(m["question_version_id"], m["choice_order"]) for m in made.items]
    shown = drawn_order(plan, random.Random(11))
    for made_item, (question, order) in zip(made.items, shown, strict=True):
        response = made_item["response"]
        if response is None:
            continue
        if question.spec.type == QuestionType.MULTIPLE:
            answer: object = [order.index(i) for i in response]
        elif question.spec.type == QuestionType.FILL:
            answer = response
        else:
            answer = order.index(response)
        save_answer(manager, engine.id, made_item["position"], answer, made_item["saved_at"])
    submit(engine, made.row["submitted_at"])
    db.session.expire_all()
    items = db.session.scalars(select(AttemptItem).where(AttemptItem.attempt_id == engine.id)
                               .order_by(AttemptItem.position)).all()
    assert [(i.response, i.chosen, i.saved_at, i.score) for i in items] == \
        [(m["response"], m["chosen"], m["saved_at"], m["score"]) for m in made.items]
    for column in ("state", "score", "max_score", "percent", "passed", "deadline_at",
                   "submitted_at", "seconds_taken", "auto_submitted"):
        assert getattr(engine, column) == made.row[column], column


def test_item_analysis_shows_real_patterns(app):
    """Most questions discriminate (the top third by score does better than the bottom
    third), the two hard ones are answered right by under a fifth, and some wrong options
    are all but never chosen: what item analysis should flag, from behaviour alone."""
    build_demo()
    rows = db.session.execute(
        select(Quiz.slug, Attempt.id, Attempt.percent, AttemptItem.score,
               AttemptItem.response, QuestionVersion.points, QuestionVersion.type,
               QuestionVersion.question_id, QuestionVersion.data)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id).join(Quiz, Quiz.id == Attempt.quiz_id)
        .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
        .where(Attempt.state == AttemptState.GRADED, QuestionVersion.type != QuestionType.ESSAY)
    ).all()
    by_question = defaultdict(list)
    for row in rows:
        by_question[(row.slug, row.question_id)].append(row)
    positive, facility_of, unpicked = 0, {}, 0
    for answers in by_question.values():
        answers.sort(key=lambda r: r.percent)
        third = len(answers) // 3
        right = [float(r.score / r.points) for r in answers]
        assert third >= 10
        if sum(right[-third:]) > sum(right[:third]):
            positive += 1
        facility_of[answers[0].question_id] = sum(right) / len(right)
        if answers[0].type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            picks = defaultdict(int)
            for r in answers:
                for index in r.response if isinstance(r.response, list) else [r.response]:
                    picks[index] += 1
            if any(picks[i] <= 1 for i in range(len(answers[0].data["choices"]))):
                unpicked += 1
    assert positive >= 0.9 * len(by_question)
    hard = set(db.session.scalars(select(Question.id).join(QuestionBank).where(
        (QuestionBank.slug + "/" + Question.key).in_(HARD))))
    assert len(hard) == len(HARD)
    assert {qid for qid, facility in facility_of.items() if facility < 0.2} == hard
    assert sorted(facility_of.values())[len(facility_of) // 2] > 0.6  # most are fair
    assert unpicked >= 3


def test_the_contest_has_graded_attempts_across_branches_in_its_window(app):
    build_demo()
    rows = db.session.execute(
        select(Unit.code, Attempt.member_id, Attempt.started_at, Attempt.submitted_at,
               Attempt.state, Attempt.number)
        .join(Member, Member.id == Attempt.member_id).join(Unit, Unit.id == Member.unit_id)
        .join(Quiz, Quiz.id == Attempt.quiz_id).where(Quiz.slug == CONTEST)).all()
    plan = plan_for(CONTEST)
    assert plan is not None and plan.version.opens_at is not None
    assert len({row.code for row in rows}) >= 4
    assert all(row.state == AttemptState.GRADED and row.number == 1 for row in rows)
    assert len({row.member_id for row in rows}) == len(rows)
    assert all(plan.version.opens_at <= row.started_at and row.submitted_at < NOW
               for row in rows)


def test_no_contest_attempts_before_its_window_opens(app):
    build_demo(datetime(2026, 6, 1, tzinfo=UTC))
    contest = db.session.scalar(select(Quiz).where(Quiz.slug == CONTEST))
    assert contest is not None
    assert db.session.scalar(select(Attempt.id).where(Attempt.quiz_id == contest.id)) is None
    latest = db.session.scalar(select(Attempt.submitted_at).order_by(
        Attempt.submitted_at.desc()).limit(1))
    assert latest is not None and latest < datetime(2026, 6, 1, tzinfo=UTC)


def test_the_learner_has_a_history_and_quizzes_left_to_take(app, login_as):
    build_demo()
    learner = db.session.scalar(select(Member).where(Member.employee_no == "learner"))
    taken = {row.slug: row.passed for row in db.session.execute(
        select(Quiz.slug, QuizOutcome.passed).join(Quiz, Quiz.id == QuizOutcome.quiz_id)
        .where(QuizOutcome.member_id == learner.id))}
    assert sum(taken.values()) >= 3
    assert set(COURSE_QUIZZES) - set(taken) and CONTEST not in taken
    waiting = db.session.scalar(select(Attempt).where(
        Attempt.member_id == learner.id, Attempt.state == AttemptState.MARKING))
    assert waiting is not None
    trainer = db.session.scalar(select(Member).where(Member.employee_no == "trainer"))
    queue = marking_queue(trainer)
    assert any(entry.member_name == learner.name for entry in queue)
    assert db.session.scalar(select(AttemptItem.id).where(
        AttemptItem.marked_by_id == trainer.id).limit(1)) is not None
    page = login_as(learner).get("/quizzes/mine")
    assert page.status_code == 200
