"""The site keeps an active admin when two admins act on each other at the same moment
(org.grants.services takes the admin-set lock before counting admins).

PostgreSQL only: two real connections whose transactions overlap and commit. SQLite has
one writer at a time (requests begin with BEGIN IMMEDIATE), so the race cannot happen there.
The per-test rollback transaction cannot see other connections' commits, so these tests
give every app context its own session on its own connection and delete their rows after.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import create_engine, delete, or_, select, text
from sqlalchemy.pool import NullPool

from config import TestConfig
from learnhub.core.errors import DomainError
from learnhub.extensions import db
from learnhub.org.grants.services import remove_grant
from learnhub.org.members.services import set_member_active
from learnhub.org.models import AuditEvent, Member, Role, RoleGrant, Unit
from tests.committing import committing_sessions
from tests.factories import make_member, make_unit

URL = TestConfig.SQLALCHEMY_DATABASE_URI
pytestmark = pytest.mark.skipif(not URL.startswith("postgresql"),
                                reason="SQLite runs one writer at a time")
CODE = "RACE-ROOT"


@pytest.fixture
def committing(app: Flask) -> Iterator[None]:
    """Each app context gets its own session on its own connection, committing for real."""
    engine = create_engine(URL, poolclass=NullPool)
    try:
        with committing_sessions(engine):
            yield
    finally:
        _delete_rows(engine)
        engine.dispose()


def _delete_rows(engine) -> None:
    with engine.begin() as connection:
        unit_ids = list(connection.scalars(select(Unit.id).where(Unit.code == CODE)))
        member_ids = list(connection.scalars(select(Member.id).where(Member.unit_id.in_(unit_ids))))
        connection.execute(delete(AuditEvent).where(or_(
            AuditEvent.actor_id.in_(member_ids),
            (AuditEvent.object_type == "member") & AuditEvent.object_id.in_(map(str, member_ids)),
            (AuditEvent.object_type == "unit") & AuditEvent.object_id.in_(map(str, unit_ids)))))
        connection.execute(delete(RoleGrant).where(RoleGrant.member_id.in_(member_ids)))
        connection.execute(delete(Member).where(Member.id.in_(member_ids)))
        connection.execute(delete(Unit).where(Unit.id.in_(unit_ids)))


def _two_admins(app: Flask) -> tuple[int, int]:
    with app.app_context():
        root = make_unit(code=CODE, name="并发测试党委")
        first = make_member(root, roles=(Role.ADMIN,))
        second = make_member(root, roles=(Role.ADMIN,))
        db.session.commit()
        return first.id, second.id


def _active_admins(app: Flask) -> set[int]:
    with app.app_context():
        return set(db.session.scalars(
            select(RoleGrant.member_id).join(Member, Member.id == RoleGrant.member_id)
            .where(RoleGrant.role == Role.ADMIN, Member.active.is_(True))))


def _act(action: str, actor_id: int, target_id: int) -> None:
    """What the admin pages do: revoke the target's admin grant, or deactivate the target."""
    actor = db.session.get(Member, actor_id)
    target = db.session.get(Member, target_id)
    assert actor is not None and target is not None
    if action == "revoke":
        grant = db.session.scalar(select(RoleGrant).where(
            RoleGrant.member_id == target_id, RoleGrant.role == Role.ADMIN))
        remove_grant(actor, grant)
    else:
        set_member_active(actor, target, False)
    db.session.flush()


def _blocked_or_done(pid: int, thread: threading.Thread) -> bool:
    with create_engine(URL, poolclass=NullPool).connect() as connection:
        waiting = connection.scalar(text(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = :pid AND wait_event_type = 'Lock'"),
            {"pid": pid})
    return bool(waiting) or not thread.is_alive()


@pytest.mark.parametrize("first_action,second_action", [
    ("revoke", "revoke"), ("deactivate", "deactivate"),
    ("revoke", "deactivate"), ("deactivate", "revoke"),
])
def test_two_admins_acting_on_each_other_at_once_leave_one_active_admin(
        app, committing, first_action, second_action):
    a, b = _two_admins(app)
    assert _active_admins(app) == {a, b}  # nobody else could stand in for them
    second: dict[str, object] = {}

    def second_admin() -> None:
        with app.app_context():
            second["pid"] = db.session.scalar(text("SELECT pg_backend_pid()"))
            try:
                _act(second_action, b, a)
                db.session.commit()
                second["outcome"] = "committed"
            except DomainError as error:
                db.session.rollback()
                second["outcome"] = error.code

    with app.app_context():
        _act(first_action, a, b)  # A's transaction has acted on B and not committed yet
        thread = threading.Thread(target=second_admin)
        thread.start()
        deadline = time.monotonic() + 30  # a guard against hanging, not a timing assertion
        while "pid" not in second or not _blocked_or_done(second["pid"], thread):
            assert time.monotonic() < deadline, "the second admin neither waited nor finished"
            time.sleep(0.01)
        db.session.commit()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert second["outcome"] == "last_admin"
    assert _active_admins(app) == {a}
