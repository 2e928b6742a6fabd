"""Pages marked @reads_without_transaction: they cannot write, and on PostgreSQL they run
in autocommit (no BEGIN and ROLLBACK round trips); everything else keeps a transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from learnhub.core.transactions import WriteInReadOnlyRequest
from learnhub.extensions import db as _db
from learnhub.org.models import Member
from tests.factories import make_member

LESSON_PAGE = "/courses/no-such-course/lessons/intro"  # marked; a 404 still loads the member


def test_the_lesson_page_is_marked_and_the_course_page_is_not(app):
    views = app.view_functions
    assert views["courses.lesson"].reads_without_transaction
    assert not getattr(views["courses.course"], "reads_without_transaction", False)


def test_a_write_during_a_marked_page_raises_and_writes_nothing(app, db):
    member = make_member(employee_no="E-RO-1")
    db.session.commit()
    with app.test_request_context(LESSON_PAGE):
        with pytest.raises(WriteInReadOnlyRequest, match="courses.lesson"):
            db.session.execute(text("UPDATE member SET name = 'x' WHERE id = :id"),
                               {"id": member.id})
        db.session.rollback()
    assert db.session.get(Member, member.id).name != "x"


def test_the_same_write_outside_such_a_page_is_allowed(app, db):
    member = make_member(employee_no="E-RO-2")
    with app.test_request_context("/courses/some-course"):  # may record a completion
        db.session.execute(text("UPDATE member SET name = 'y' WHERE id = :id"), {"id": member.id})
    db.session.expire_all()
    assert db.session.get(Member, member.id).name == "y"


class TestAutocommitOnPostgreSQL:
    """Against the real engine, not the test transaction: the connection is checked out
    by the request itself, as in production."""

    @pytest.fixture(autouse=True)
    def db(self, app):
        with app.app_context():
            if _db.engine.dialect.name != "postgresql":
                pytest.skip("autocommit for read-only pages is a PostgreSQL optimisation")
            yield _db

    @pytest.fixture
    def seen(self, app, count_queries):
        """Each statement the requests send, with whether its connection was in autocommit."""
        with app.app_context(), count_queries(on=_db.engine) as queries:
            yield queries.sent

    def visit(self, client, path: str, method: str = "GET"):
        with client.session_transaction() as session:
            session["_user_id"] = "2147483000:1"  # no such member: one lookup, then out
        return client.open(path, method=method)

    def test_a_marked_page_runs_its_statements_in_autocommit(self, app, client, seen):
        assert self.visit(client, LESSON_PAGE).status_code in (302, 404)
        assert seen and all(statement.autocommit for statement in seen)
        with app.app_context():
            pooled = _db.engine.raw_connection()
            try:
                assert pooled.dbapi_connection.autocommit is False  # undone at checkin
            finally:
                pooled.close()

    def test_other_pages_keep_their_transaction(self, client, seen):
        self.visit(client, "/courses/no-such-course")
        self.visit(client, "/logout", method="POST")
        assert seen and not any(statement.autocommit for statement in seen)
