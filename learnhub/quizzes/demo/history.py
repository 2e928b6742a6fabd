"""A year of quiz history for the demo organisation: members of every 党支部 take the six
course quizzes over the twelve months before today (one to three attempts, more when they
fail), and most branches take the 2026 knowledge contest in its window up to today. The
demo `learner` has a history of their own and two course quizzes (and the contest) left
to take. Deterministic for a given day, and done once: `history_needed` is false as soon
as any sample quiz has an attempt."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, insert, select

from learnhub.core.timeutil import site_zone, to_local
from learnhub.courses.models import Course, CourseVersion
from learnhub.courses.study.completion import complete_if_met
from learnhub.courses.study.models import LessonProgress
from learnhub.extensions import db
from learnhub.org.models import Member, PoliticalStatus, Unit, UnitKind
from learnhub.quizzes.attempts.drawing import _fixed
from learnhub.quizzes.attempts.models import Attempt, AttemptItem, QuizOutcome
from learnhub.quizzes.demo.calendar import (
    CAMPAIGN_MONTH,
    anchor_of,
    contest_start,
    quiz_day,
    working_time,
)
from learnhub.quizzes.demo.generated import Generated, Question, QuizPlan, generate
from learnhub.quizzes.demo.learners import profile_for, stable_rng
from learnhub.quizzes.demo.standings import outcome_row
from learnhub.quizzes.models import QuestionVersion, Quiz, QuizStatus
from learnhub.quizzes.questions.spec import QuestionType
from learnhub.records.services import credit

SEED = 20261201
COURSE_QUIZZES = tuple(CAMPAIGN_MONTH)
CONTEST = "knowledge-contest-2026"
LEARNER, MARKER = "learner", "trainer"
CHUNK = 5000  # rows per INSERT
BATCH = 1000  # members generated and written at a time (memory stays small at --scale 100)
# The demo learner's own history: (days before today, passes?) per attempt; None leaves
# the 心得 in the trainer's marking queue. The other two course quizzes and the contest are
# left for whoever logs in as learner.
LEARNER_HISTORY: dict[str, tuple[tuple[int, bool | None], ...]] = {
    "party-constitution-rights-duties-quiz": ((200, False), (193, True)),
    "party-discipline-study-quiz": ((120, True),),
    "grassroots-party-building-quiz": ((41, False), (40, True)),
    "organisational-life-meeting-quiz": ((4, None),),
}


@dataclass(frozen=True)
class Taker:
    id: int
    employee_no: str
    unit_code: str
    ability: float


def history_needed() -> bool:
    """No attempt on a sample quiz yet (the history is made once, never over real use)."""
    return not db.session.scalar(select(exists().where(
        Attempt.quiz_id == Quiz.id, Quiz.slug.in_((*COURSE_QUIZZES, CONTEST)))))


def plan_for(slug: str) -> QuizPlan | None:
    """The published quiz's current version with its fixed questions; None if missing."""
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == slug,
                                                Quiz.status == QuizStatus.PUBLISHED))
    if quiz is None or quiz.current_version is None:
        return None
    version = quiz.current_version
    ids = _fixed(quiz, list((version.selection or {}).get("fixed") or []))
    rows = {row.id: row for row in db.session.scalars(
        select(QuestionVersion).where(QuestionVersion.id.in_(ids)))}
    refs = {row.id: row.question.bank.slug + "/" + row.question.key for row in rows.values()}
    specs = {vid: rows[vid].spec() for vid in ids}
    fills = tuple(choice.text for spec in specs.values() if spec.type == QuestionType.FILL
                  for choice in spec.choices)
    questions = [Question(vid, specs[vid], profile_for(refs[vid], specs[vid], fills))
                 for vid in ids]
    return QuizPlan(quiz.id, slug, version, questions) if questions else None


def takers() -> list[Taker]:
    """Members of the 党支部 with a latent ability: a branch's own level, and a little
    more for party members and for those who hold a post."""
    rows = db.session.execute(
        select(Member.id, Member.employee_no, Member.political_status, Member.party_post,
               Unit.code).join(Unit, Unit.id == Member.unit_id)
        .where(Unit.kind == UnitKind.BRANCH, Member.active.is_(True))
        .order_by(Member.id)).all()
    found = []
    for row in rows:
        rng = stable_rng(SEED, "ability", row.employee_no)
        party = row.political_status in (PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY)
        level = stable_rng(SEED, "branch", row.code).gauss(0, 0.35)
        ability = rng.gauss(0, 1) + level + (0.3 if party else 0) + (0.3 if row.party_post else 0)
        found.append(Taker(row.id, row.employee_no, row.code, ability))
    return found


def load_history(now: datetime) -> str:
    """Write the history (attempts, items, outcomes; credit and completion where the
    rules give them), a batch of members at a time, and say what was made."""
    zone = site_zone()
    anchor = anchor_of(now, zone)
    marker = db.session.scalar(select(Member.id).where(Member.employee_no == MARKER))
    people = takers()
    attempts, members, quizzes = 0, set(), 0
    plans = [plan for slug in COURSE_QUIZZES if (plan := plan_for(slug)) is not None]
    contest = plan_for(CONTEST)
    for plan in plans + ([contest] if contest is not None else []):
        quizzes += 1
        for first in range(0, len(people), BATCH):
            batch = people[first:first + BATCH]
            made = (contest_history(plan, batch, anchor) if plan is contest
                    else course_history(plan, batch, anchor, marker))
            write(made)
            attempts += sum(len(runs) for _, _, runs in made)
            members |= {member_id for _, member_id, _ in made}
    return f"Quiz history: {attempts} attempts by {len(members)} members on {quizzes} quizzes."


def _marking(rng: random.Random, anchor: datetime) -> Callable[[datetime], datetime | None]:
    """When the trainer marks a 心得 submitted at some time: within ten days, except that
    about half of those from the last three weeks still wait in the queue."""
    zone = site_zone()

    def mark_at(submitted: datetime) -> datetime | None:
        if anchor - submitted < timedelta(days=21) and rng.random() < 0.5:
            return None
        day = to_local(submitted, zone).date() + timedelta(days=rng.randint(1, 10))
        moment = working_time(rng, day, zone)
        return moment if submitted < moment < anchor else None

    return mark_at


def course_history(plan: QuizPlan, people: list[Taker], anchor: datetime,
                   marker: int | None) -> list[tuple[QuizPlan, int, list[Generated]]]:
    zone = site_zone()
    made = []
    allowed = plan.version.attempts_allowed or 3
    for person in people:
        rng = stable_rng(SEED, plan.slug, person.employee_no)
        if person.employee_no == LEARNER:
            if plan.slug in LEARNER_HISTORY:
                made.append((plan, person.id, learner_runs(plan, person, anchor, marker)))
            continue
        share = 0.65 if person.ability > -0.5 else 0.45
        if rng.random() >= share:
            continue
        ability = person.ability + rng.gauss(0, 0.3)
        started = working_time(rng, quiz_day(rng, plan.slug, anchor, zone), zone)
        runs: list[Generated] = []
        while True:
            run = generate(plan, member_id=person.id, number=len(runs) + 1, started=started,
                           ability=ability, rng=rng, marker_id=marker,
                           marking=_marking(rng, anchor))
            runs.append(run)
            again = 0.75 if not run.passed else (0.08 if run.row["percent"] < 85 else 0)
            if len(runs) >= allowed or run.row["percent"] is None or rng.random() >= again:
                break
            day = to_local(run.row["submitted_at"], zone).date() + timedelta(
                days=rng.choice((0, 1, 2, 3, 5, 7, 14)))
            started = working_time(rng, day, zone)
            if started <= run.row["submitted_at"] or started >= anchor:
                break
            ability += 0.5  # read the 解析, studied again
        made.append((plan, person.id, runs))
    return made


def learner_runs(plan: QuizPlan, person: Taker, anchor: datetime,
                 marker: int | None) -> list[Generated]:
    """The demo learner's scripted attempts (re-drawn until each passes or fails as
    LEARNER_HISTORY says), so logging in as learner shows a believable history."""
    zone = site_zone()
    runs: list[Generated] = []
    for days, passes in LEARNER_HISTORY[plan.slug]:
        day = (anchor - timedelta(days=days)).astimezone(zone).date()
        marking = _queued if passes is None else _two_days_later
        for attempt in range(100):
            rng = stable_rng(SEED, "learner", plan.slug, days, attempt)
            run = generate(plan, member_id=person.id, number=len(runs) + 1,
                           started=working_time(rng, day, zone),
                           ability=0.6 if passes else -0.4, rng=rng, marker_id=marker,
                           marking=marking)
            if passes is None or run.passed == passes:
                break
        runs.append(run)
    return runs


def _queued(submitted: datetime) -> datetime | None:
    return None


def _two_days_later(submitted: datetime) -> datetime | None:
    return submitted + timedelta(days=2)


def contest_history(plan: QuizPlan, people: list[Taker],
                    anchor: datetime) -> list[tuple[QuizPlan, int, list[Generated]]]:
    """One attempt each, by branch: most branches take part, some hardly at all."""
    zone = site_zone()
    opens = plan.version.opens_at
    closes = plan.version.closes_at
    if opens is None:
        return []
    ends = min(closes, anchor) if closes is not None else anchor
    made = []
    for person in people:
        if person.employee_no == LEARNER:
            continue
        branch = stable_rng(SEED, "contest-branch", person.unit_code)
        turnout = 0.05 if branch.random() < 0.15 else branch.uniform(0.45, 0.95)
        rng = stable_rng(SEED, plan.slug, person.employee_no)
        if rng.random() >= turnout:
            continue
        started = contest_start(rng, opens, ends, zone)
        if started is None:
            continue
        run = generate(plan, member_id=person.id, number=1, started=started,
                       ability=person.ability + rng.gauss(0, 0.25), rng=rng, marker_id=None,
                       marking=_queued)
        made.append((plan, person.id, [run]))
    return made


def write(made: list[tuple[QuizPlan, int, list[Generated]]]) -> None:
    """Bulk-insert the attempts and items, then each member's outcome; credit and course
    completion go through the ledger and completion services where the rules give them."""
    runs = [run for _, _, member_runs in made for run in member_runs]
    for start in range(0, len(runs), CHUNK):
        chunk = runs[start:start + CHUNK]
        ids = db.session.scalars(insert(Attempt).returning(
            Attempt.id, sort_by_parameter_order=True), [run.row for run in chunk]).all()
        items = [{**item, "attempt_id": attempt_id}
                 for attempt_id, run in zip(ids, chunk, strict=True) for item in run.items]
        for first in range(0, len(items), CHUNK):
            db.session.execute(insert(AttemptItem), items[first:first + CHUNK])
    outcomes = []
    passes = []
    for plan, member_id, member_runs in made:
        row = outcome_row(plan.version, member_id, member_runs)
        row["ledger_entry_id"] = _credit(plan, member_id, row)
        outcomes.append(row)
        if row["passed"]:
            passes.append((plan, member_id, row["passed_at"]))
    for first in range(0, len(outcomes), CHUNK):
        db.session.execute(insert(QuizOutcome), outcomes[first:first + CHUNK])
    _complete(passes)


def _credit(plan: QuizPlan, member_id: int, outcome: dict) -> int | None:
    """The ledger entry a pass gives when the quiz gives hours (the samples give none)."""
    if not outcome["passed"] or plan.version.credit_hours <= 0:
        return None
    member = db.session.get(Member, member_id)
    assert member is not None
    entry = credit(member, kind="quiz", source_type="quiz", source_id=plan.quiz_id,
                   credit_hours=plan.version.credit_hours,
                   occurred_on=to_local(outcome["passed_at"], member.timezone or None).date(),
                   note=plan.version.title)
    return entry.id


def _complete(passes: list[tuple[QuizPlan, int, datetime]]) -> None:
    """Course completion, for the passes whose member has studied the course's lessons
    (completion also asks for the lessons, so nobody else can complete)."""
    course_of = {plan.quiz_id: plan for plan, _, _ in passes}
    quiz_courses = {row.id: row.course_id for row in db.session.execute(
        select(Quiz.id, Quiz.course_id).where(Quiz.id.in_(course_of),
                                              Quiz.course_id.is_not(None)))}
    if not quiz_courses:
        return
    studying = {(row.member_id, row.course_id) for row in db.session.execute(
        select(LessonProgress.member_id, LessonProgress.course_id).distinct()
        .where(LessonProgress.course_id.in_(set(quiz_courses.values()))))}
    for plan, member_id, passed_at in passes:
        course_id = quiz_courses.get(plan.quiz_id)
        if course_id is None or (member_id, course_id) not in studying:
            continue
        member, course = db.session.get(Member, member_id), db.session.get(Course, course_id)
        if member is None or course is None or course.current_version_id is None:
            continue
        version = db.session.get(CourseVersion, course.current_version_id)
        if version is not None:
            complete_if_met(member, course, version, now=passed_at)
