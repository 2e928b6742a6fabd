"""Helpers for the org admin tests: an admin on a fresh tree, and a query counter."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import event

from learnhub.extensions import db
from learnhub.org.models import Member, Role, Unit
from tests.factories import make_member, make_unit


def admin_on_new_tree() -> tuple[Member, Unit]:
    root = make_unit(name="测试党委")
    return make_member(root, roles=(Role.ADMIN,), name="管理员甲"), root


@contextmanager
def counted_queries() -> Iterator[list[str]]:
    """Every statement sent on the tests' shared connection while the block runs."""
    statements: list[str] = []
    connection = db.session.connection()

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    event.listen(connection, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", record)


def query_count(action: Callable[[], object]) -> int:
    with counted_queries() as statements:
        action()
    return len(statements)


PASSWORD_PATTERN = re.compile(r'id="initial-password">([^<]+)<')


def shown_password(page: str) -> str:
    match = PASSWORD_PATTERN.search(page)
    assert match, "no initial password on the page"
    return match.group(1)
