"""A member's QuizOutcome after a run of generated attempts: `update_outcome` is replayed
at each moment the engine would have settled one of them (its submit, and a trainer's
mark), with the engine's own `standing_by`, so `passed_at` is when the pass came."""

from __future__ import annotations

from datetime import datetime

from learnhub.quizzes.attempts.models import AttemptState
from learnhub.quizzes.demo.generated import Generated
from learnhub.quizzes.models import QuizVersion
from learnhub.quizzes.outcomes.services import FAILED_AFTER_PASS, Graded, standing_by


def _graded_at(attempts: list[Generated], moment: datetime) -> list[Graded]:
    return [Graded(g.row["number"], g.row["percent"], bool(g.row["passed"]))
            for g in attempts
            if g.state == AttemptState.GRADED and g.settled[-1] <= moment]


def outcome_row(version: QuizVersion, member_id: int, attempts: list[Generated],
                *, credited: bool = False) -> dict:
    """The QuizOutcome columns (without ledger_entry_id) after `attempts`, in number order.
    `credited`: a ledger entry was written at the pass (a later fail keeps a note)."""
    passed, passed_at, note = False, None, ""
    moments = sorted(moment for g in attempts for moment in g.settled)
    percent = None
    for moment in moments:
        percent, now_passed = standing_by(version.grading_method,
                                          _graded_at(attempts, moment), version.pass_percent)
        if now_passed and not passed:
            passed_at, note = moment, ""
        elif passed and not now_passed:
            passed_at, note = None, FAILED_AFTER_PASS if credited else note
        passed = now_passed
    return {"quiz_id": attempts[0].row["quiz_id"], "member_id": member_id,
            "attempts": len(attempts), "percent": percent, "passed": passed,
            "passed_at": passed_at, "updated_at": moments[-1], "note": note}
