"""Sessions that commit for real, for tests that need several connections (races, backups
under load): the per-test rollback transaction cannot see other connections' commits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy.engine import Engine
from sqlalchemy.orm import scoped_session, sessionmaker

from learnhub.extensions import db


@contextmanager
def committing_sessions(engine: Engine) -> Iterator[None]:
    """While the block runs, each app context (a thread, a request) gets its own session on
    its own connection of `engine`; the test's rolled-back session comes back after."""
    test_session = db.session
    db.session = scoped_session(sessionmaker(bind=engine), scopefunc=_app_ctx_id)
    try:
        yield
    finally:
        db.session.remove()
        db.session = test_session
