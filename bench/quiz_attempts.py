"""Quiz attempt budgets (issue 11): handing in and grading a 100-question attempt (< 50 ms
server time) and saving one answer (< 10 ms p50), through the app's test client.

    python -m bench.quiz_attempts [--scale 1] [--runs 50]

Runs on the bench's demo database (bench/harness.py; LEARNHUB_BENCH_DATABASE_URL for
PostgreSQL). Each grading run starts a fresh attempt with all 100 answers saved, untimed.
"""

from __future__ import annotations

import argparse
import uuid
from datetime import UTC, datetime
from decimal import Decimal

from bench.harness import build_app, logged_in_client, measure

QUESTIONS = 100


def _quiz(app) -> tuple[str, str]:
    """A published quiz of 100 mixed questions and the learner's 工号."""
    from learnhub.courses.models import ContentSource
    from learnhub.extensions import db
    from learnhub.quizzes.banks.store import save_questions
    from learnhub.quizzes.models import QuestionBank, Quiz, QuizStatus, QuizVersion
    from learnhub.quizzes.questions.spec import Choice, QuestionSpec, QuestionType

    slug = f"bench-quiz-{uuid.uuid4().hex[:8]}"
    specs = []
    for n in range(QUESTIONS):
        kind = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.FILL)[n % 3]
        choices = (tuple(Choice(f"答案{n}", correct=True) for _ in range(1))
                   if kind == QuestionType.FILL else
                   tuple(Choice(f"选项{n}-{i}", correct=i in (0, 2) if kind ==
                                QuestionType.MULTIPLE else i == 1) for i in range(4)))
        specs.append(QuestionSpec(type=kind, key=f"q{n}", prompt=f"第 {n} 题的题干。",
                                  choices=choices, explanation="解析。"))
    with app.app_context():
        bank = QuestionBank(slug=slug, title=slug, source=ContentSource.FILE)
        db.session.add(bank)
        db.session.flush()
        save_questions(bank, specs)
        quiz = Quiz(slug=slug, title=slug, status=QuizStatus.PUBLISHED, bank_id=bank.id)
        db.session.add(quiz)
        db.session.flush()
        version = QuizVersion(quiz_id=quiz.id, number=1, source=ContentSource.FILE,
                              content_hash=slug, title=slug, credit_hours=Decimal(0),
                              selection={"fixed": [s.key for s in specs]})
        db.session.add(version)
        db.session.flush()
        quiz.current_version = version
        db.session.commit()
    return slug, "learner"


def _fresh_attempt(app, slug: str, employee_no: str) -> int:
    """A new open attempt with every answer saved (closing any left open)."""
    from sqlalchemy import select

    from learnhub.extensions import db
    from learnhub.org.models import Member
    from learnhub.quizzes.attempts.grading import submit
    from learnhub.quizzes.attempts.models import AttemptItem
    from learnhub.quizzes.attempts.starting import open_attempt, start
    from learnhub.quizzes.models import Quiz

    now = datetime.now(UTC)
    with app.app_context():
        member = db.session.scalar(select(Member).where(Member.employee_no == employee_no))
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == slug))
        left = open_attempt(member.id, quiz.id)
        if left is not None:
            submit(left, now)
        attempt = start(member, quiz, quiz.current_version, now)
        for item in db.session.scalars(select(AttemptItem).where(
                AttemptItem.attempt_id == attempt.id)):
            item.response = "答案" if not item.choice_order else [0] if len(
                item.choice_order) == 4 and item.position % 3 == 2 else 0
        db.session.commit()
        return attempt.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    app = build_app(args.scale, courses=False)
    slug, employee_no = _quiz(app)
    client = logged_in_client(app, employee_no)
    current = {"id": 0, "n": 0}

    def rewind() -> None:
        current["id"] = _fresh_attempt(app, slug, employee_no)

    def hand_in():
        return client.post(f"/quizzes/{slug}/attempts/{current['id']}/submit")

    measure("quiz submit + grade (100 questions)", app, hand_in, runs=args.runs, warmup=3,
            before=rewind, status=302)

    rewind()

    def save():
        current["n"] += 1
        return client.post(f"/quizzes/{slug}/attempts/{current['id']}/answers",
                           json={"position": 1 + 3 * (current["n"] % 33), "answer": 1},
                           headers={"Accept": "application/json"})

    def check(response) -> None:
        assert response.get_json()["status"] == "saved"

    measure("quiz answer save (single choice)", app, save, runs=args.runs * 4, check=check)


if __name__ == "__main__":
    main()
