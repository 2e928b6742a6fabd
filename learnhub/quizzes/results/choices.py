"""Reading the JSON responses in SQL, per dialect, so item analysis can group by the
option chosen without loading attempts into Python.

A response is an int (single, true/false), a list of ints (multiple), a string (fill,
essay), JSON null or SQL NULL (unanswered). `chosen_options()` is a table-valued
expression with one row per option index a response chose (a lateral join on PostgreSQL;
SQLite's table-valued functions see the tables before them on their own).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, FromClause, Integer, Text, case, cast, func

from learnhub.extensions import db
from learnhub.quizzes.attempts.models import AttemptItem


def dialect_name() -> str:
    return db.session.get_bind().dialect.name


def chosen_options() -> tuple[FromClause, ColumnElement[int], ColumnElement[bool]]:
    """(from clause to join ON TRUE after quiz_attempt_item, the chosen index, the condition
    that the value is an index). Text answers and JSON null are not indexes."""
    response = AttemptItem.response
    if dialect_name() == "postgresql":
        # json_array_elements refuses a scalar: wrap non-arrays in a one-element array.
        as_array = case((func.json_typeof(response) == "array", response),
                        else_=func.json_build_array(response))
        values = func.json_array_elements(as_array).table_valued("value").lateral()
        return (values, cast(cast(values.c.value, Text), Integer),
                func.json_typeof(values.c.value) == "number")
    values = func.json_each(response).table_valued("value", "type")
    return values, cast(values.c.value, Integer), values.c.type == "integer"


def answered(response=AttemptItem.response) -> ColumnElement[bool]:
    """SQL: the response holds an answer (an index, a list of them, or text)."""
    if dialect_name() == "postgresql":
        return func.json_typeof(response).in_(("number", "array", "string"))
    return func.json_type(response).in_(("integer", "array", "text"))
