"""What a learner may see of their submitted attempt, per the version's review options:
each of score, responses (their answers and the feedback on them), correct answers and
explanations is shown immediately, after the quiz closes, or never."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from learnhub.quizzes.attempts.models import Attempt, AttemptState
from learnhub.quizzes.models import QuizVersion, ReviewWhen


@dataclass(frozen=True)
class VisibleParts:
    score: bool = False
    responses: bool = False
    correct: bool = False
    explanations: bool = False

    @property
    def any(self) -> bool:
        return self.score or self.responses or self.correct or self.explanations


NOTHING = VisibleParts()


def _allowed(when: ReviewWhen, version: QuizVersion, now: datetime) -> bool:
    if when == ReviewWhen.IMMEDIATELY:
        return True
    if when == ReviewWhen.AFTER_CLOSE:
        # A quiz without a closing time never closes: "after_close" parts stay hidden.
        return version.closes_at is not None and now >= version.closes_at
    return False


def visible_parts(version: QuizVersion, attempt: Attempt, now: datetime) -> VisibleParts:
    """Nothing while the attempt is open; the score only once every item is marked."""
    if attempt.state == AttemptState.OPEN:
        return NOTHING
    parts = {part: _allowed(version.review_when(part), version, now)
             for part in ("score", "responses", "correct", "explanations")}
    if attempt.state != AttemptState.GRADED:
        parts["score"] = False
    return VisibleParts(**parts)
