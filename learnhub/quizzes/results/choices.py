"""What item analysis reads of a response in SQL. The options chosen are the integer
`quiz_attempt_item.chosen` (see attempts.answers.chosen_mask), so nothing expands JSON;
only whether a text answer was given looks at the JSON, and only where `chosen` is NULL."""

from __future__ import annotations

from sqlalchemy import ColumnElement, case, func

from learnhub.extensions import db
from learnhub.quizzes.attempts.models import AttemptItem


def dialect_name() -> str:
    return db.session.get_bind().dialect.name


def answered() -> ColumnElement[bool]:
    """SQL: the item holds an answer: options (an index or a list of them, which is what
    sets `chosen`) or text."""
    kind = (func.json_typeof(AttemptItem.response) == "string"
            if dialect_name() == "postgresql"
            else func.json_type(AttemptItem.response) == "text")
    return case((AttemptItem.chosen.is_not(None), True), else_=kind)
