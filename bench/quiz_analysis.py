"""Item analysis of a quiz with 20,000 graded attempts (budget, issue 11: under 1 s).

    python -m bench.quiz_analysis [--scale 100] [--attempts 20000] [--runs 10] [--wait-idle 80]

On the scaled demo database of `bench.run` (LEARNHUB_BENCH_DATABASE_URL for PostgreSQL),
adds once a quiz `bench-items` (15 questions: single, multiple, true/false) owned by the
root unit and `--attempts` graded attempts by demo members, answered by a simple ability
model (deterministic), then times `item_analysis` alone and the whole analysis page
(as `admin`, so every attempt counts) and the results page. Figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bench.harness import build_app, calibration_ms, logged_in_client, measure, wait_for_idle

SLUG = "bench-items"
QUESTIONS = 15


def _specs():
    from learnhub.quizzes.questions.spec import Choice, QuestionSpec, QuestionType, true_false

    specs = []
    for n in range(QUESTIONS):
        key = f"q{n + 1:02d}"
        if n % 5 == 3:
            specs.append(QuestionSpec(type=QuestionType.MULTIPLE, key=key, prompt=f"多选题 {key}",
                                      choices=tuple(Choice(f"选项{i + 1}", correct=i < 2)
                                                    for i in range(4))))
        elif n % 5 == 4:
            specs.append(true_false(f"判断题 {key}", n % 2 == 0, key=key))
        else:
            specs.append(QuestionSpec(type=QuestionType.SINGLE, key=key, prompt=f"单选题 {key}",
                                      choices=tuple(Choice(f"选项{i + 1}", correct=i == n % 4)
                                                    for i in range(4))))
    return specs


def ensure_quiz(app, attempts: int) -> None:
    """The bench quiz and its attempts, once (skipped when the attempts are there)."""
    from sqlalchemy import func, insert, select

    from learnhub.courses.models import ContentSource
    from learnhub.extensions import db
    from learnhub.org.models import Member, Unit
    from learnhub.quizzes.attempts.answers import chosen_mask
    from learnhub.quizzes.attempts.models import Attempt, AttemptItem, AttemptState
    from learnhub.quizzes.banks.store import save_questions
    from learnhub.quizzes.models import Question, QuestionBank, Quiz, QuizStatus, QuizVersion
    from learnhub.quizzes.questions.types import grade

    with app.app_context():
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == SLUG))
        if quiz is not None and (db.session.scalar(select(func.count()).where(
                Attempt.quiz_id == quiz.id)) or 0) >= attempts:
            return
        started = time.perf_counter()
        root = db.session.scalar(select(Unit).where(Unit.code == "ROOT"))
        bank = QuestionBank(slug=SLUG, title="基准题库", source=ContentSource.FILE,
                            owner_unit_id=root.id)
        db.session.add(bank)
        db.session.flush()
        save_questions(bank, _specs())
        quiz = Quiz(slug=SLUG, title="基准测验（题目分析）", status=QuizStatus.PUBLISHED,
                    bank_id=bank.id, owner_unit_id=root.id)
        db.session.add(quiz)
        db.session.flush()
        version = QuizVersion(quiz_id=quiz.id, number=1, source=ContentSource.FILE,
                              content_hash="bench", title=quiz.title,
                              selection={"fixed": [f"q{n + 1:02d}" for n in range(QUESTIONS)]},
                              credit_hours=Decimal(0))
        db.session.add(version)
        db.session.flush()
        quiz.current_version_id = version.id
        questions = db.session.scalars(select(Question).where(Question.bank_id == bank.id)
                                       .order_by(Question.position)).all()
        versions = [q.current_version for q in questions]
        specs = [v.spec() for v in versions]
        members = db.session.scalars(select(Member.id).order_by(Member.id)).all()
        rng = random.Random(11)
        base = datetime(2026, 1, 1, tzinfo=UTC)
        counts: dict[int, int] = {}
        plan = []
        for n in range(attempts):
            member_id = members[n % len(members)]
            counts[member_id] = counts.get(member_id, 0) + 1
            ability = rng.random()
            responses = []
            for i, spec in enumerate(specs):
                right = [j for j, c in enumerate(spec.choices) if c.correct]
                knows = rng.random() < 0.25 + 0.6 * ability - 0.03 * i
                if spec.type == "multiple":
                    responses.append(right if knows else sorted(rng.sample(range(4), 2)))
                else:
                    wrong = [j for j in range(len(spec.choices)) if j not in right]
                    responses.append(right[0] if knows else rng.choice(wrong))
            plan.append((member_id, counts[member_id], responses))
        submitted = [base + timedelta(minutes=17 * n) for n in range(attempts)]
        max_score = Decimal(QUESTIONS)
        rows = []
        scores = []
        for (member_id, number, responses), at in zip(plan, submitted, strict=True):
            item_scores = [grade(spec, r) or Decimal(0) for spec, r in zip(specs, responses,
                                                                          strict=True)]
            score = sum(item_scores, Decimal(0))
            percent = (score * 100 / max_score).quantize(Decimal("0.01"))
            scores.append(item_scores)
            rows.append({"quiz_id": quiz.id, "quiz_version_id": version.id,
                         "member_id": member_id, "number": number,
                         "state": AttemptState.GRADED.value, "started_at": at - timedelta(minutes=9),
                         "submitted_at": at, "seconds_taken": 540, "score": score,
                         "max_score": max_score, "percent": percent, "passed": percent >= 60,
                         "auto_submitted": False})
        for chunk in range(0, len(rows), 5000):
            db.session.execute(insert(Attempt), rows[chunk:chunk + 5000])
        ids = {(m, k): i for i, m, k in db.session.execute(
            select(Attempt.id, Attempt.member_id, Attempt.number)
            .where(Attempt.quiz_id == quiz.id))}
        items = []
        for (member_id, number, responses), item_scores, at in zip(plan, scores, submitted,
                                                                    strict=True):
            attempt_id = ids[member_id, number]
            for position, (v, r, s) in enumerate(zip(versions, responses, item_scores,
                                                     strict=True), start=1):
                items.append({"attempt_id": attempt_id, "position": position,
                              "question_version_id": v.id, "choice_order": [0, 1, 2, 3][
                                  :len(v.data["choices"])], "response": r,
                              "chosen": chosen_mask(r), "saved_at": at,
                              "score": s, "mark_comment": ""})
            if len(items) >= 20000:
                db.session.execute(insert(AttemptItem), items)
                items = []
        if items:
            db.session.execute(insert(AttemptItem), items)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    "VACUUM ANALYZE quiz_attempt, quiz_attempt_item")
        print(f"{attempts} attempts, {attempts * QUESTIONS} items written in "
              f"{time.perf_counter() - started:.1f}s", flush=True)


def time_service(app, runs: int) -> None:
    from sqlalchemy import select

    from learnhub.extensions import db
    from learnhub.org.models import Member
    from learnhub.quizzes.models import Quiz
    from learnhub.quizzes.results.item_analysis import item_analysis
    from learnhub.quizzes.results.scope import ResultFilter

    timings, cpu = [], []
    with app.test_request_context():
        admin = db.session.scalar(select(Member).where(Member.employee_no == "admin"))
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == SLUG))
        analysis = item_analysis(admin, quiz, ResultFilter())
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            item_analysis(admin, quiz, ResultFilter())
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    timings.sort()
    # cpu: this process only (SQLite's work included; PostgreSQL's is in the server).
    print(f"{'item_analysis() alone, ' + str(analysis.attempts) + ' attempts':<52} "
          f"p50 {statistics.median(timings):7.2f} ms   max {timings[-1]:7.2f} ms   "
          f"cpu p50 {statistics.median(cpu):7.2f} ms   runs {runs}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--attempts", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--wait-idle", type=int, default=0, metavar="PERCENT",
                        help="first wait until the CPUs were this idle for 5 s (shared machines)")
    args = parser.parse_args()
    app = build_app(args.scale, courses=False)
    ensure_quiz(app, args.attempts)
    wait_for_idle(args.wait_idle)
    print(f"calibration {calibration_ms():.1f} ms", flush=True)
    time_service(app, args.runs)
    client = logged_in_client(app, "admin")
    measure("item analysis page (admin, every attempt)", app,
            lambda: client.get(f"/quizzes/{SLUG}/analysis"), runs=args.runs, warmup=2)
    measure("results page (admin, every attempt)", app,
            lambda: client.get(f"/quizzes/{SLUG}/results"), runs=args.runs, warmup=2)


if __name__ == "__main__":
    main()
