"""The migration that folds the seminar outcome into the minutes, run for real on a database
of its own (a SQLite file, or a schema of its own in the PostgreSQL test database): rows
written at the revision before it end up in the minutes, and downgrading copies them back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, make_url, select, text

from config import TestConfig
from learnhub import create_app
from learnhub.core.timeutil import now_utc
from learnhub.discussions.minutes.models import ActionItem, MeetingMinutes, MinutesStatus
from learnhub.discussions.minutes.services import ActionItemInput, save_draft
from learnhub.extensions import db
from tests.committing import committing_sessions
from tests.discussions.builders import make_seminar
from tests.factories import make_member, make_unit

FOLD = "4d8b2f6a1c93"
SCHEMA = "seminar_fold"
WRITTEN = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def fresh_app(app: Flask, tmp_path) -> Iterator[Flask]:
    """An app on an empty database of its own, dropped afterwards."""
    url = make_url(TestConfig.SQLALCHEMY_DATABASE_URI)
    if url.get_backend_name() == "sqlite":
        fresh_url = f"sqlite:///{tmp_path / 'fold.db'}"
    else:
        with app.app_context(), db.engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
        fresh_url = url.update_query_dict({"options": f"-c search_path={SCHEMA}"}) \
            .render_as_string(hide_password=False)
    fresh = create_app(type("FoldConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": fresh_url}))
    try:
        with fresh.app_context():
            engine = db.engine
            with committing_sessions(engine):
                yield fresh
            engine.dispose()
    finally:
        if url.get_backend_name() != "sqlite":
            with app.app_context(), db.engine.begin() as connection:
                connection.execute(text(f"DROP SCHEMA {SCHEMA} CASCADE"))


def _before_fold() -> str:
    """The revision the fold follows (read, so a re-chained history still works)."""
    config = current_app.extensions["migrate"].migrate.get_config()
    before = ScriptDirectory.from_config(config).get_revision(FOLD).down_revision
    assert isinstance(before, str)
    return before


def _outcome(meeting_id: int, markdown: str, html: str, writer_id: int) -> None:
    db.session.execute(text(
        "INSERT INTO seminar_outcome (meeting_id, conclusions_markdown, conclusions_html,"
        " written_by_id, updated_at) VALUES (:m, :md, :html, :w, :at)"),
        {"m": meeting_id, "md": markdown, "html": html, "w": writer_id, "at": WRITTEN})


def _item(meeting_id: int, position: int, task: str, owner_id: int | None,
          due_on: date | None) -> None:
    db.session.execute(text(
        "INSERT INTO seminar_action_item (meeting_id, position, task, owner_id, due_on)"
        " VALUES (:m, :p, :t, :o, :d)"),
        {"m": meeting_id, "p": position, "t": task, "o": owner_id, "d": due_on})


def _minutes(meeting_id: int) -> MeetingMinutes | None:
    return db.session.scalar(select(MeetingMinutes).where(MeetingMinutes.meeting_id == meeting_id))


def _items(minutes: MeetingMinutes) -> list[tuple[int, str, int | None, date | None]]:
    return [(i.position, i.task, i.owner_id, i.due_on) for i in db.session.scalars(
        select(ActionItem).where(ActionItem.minutes_id == minutes.id)
        .order_by(ActionItem.position))]


def test_seminar_outcomes_move_into_the_minutes_and_back(fresh_app):
    before = _before_fold()
    upgrade(revision=before)
    unit = make_unit()
    recorder, member = make_member(unit, name="记录人"), make_member(unit, name="党员")
    bare = make_seminar(unit, invitees=[member], recorder=recorder)  # no minutes yet
    minuted = make_seminar(unit, invitees=[member], recorder=recorder, title="有记录的研讨")
    save_draft(recorder, minuted, topics="议题", decisions="已有决议", attendance={},
               items=[ActionItemInput("已有任务", member.id, None)], revision=None,
               now=now_utc())
    _outcome(bare.id, "形成共识", "<p>形成共识</p>", recorder.id)
    _item(bare.id, 1, "报党总支", recorder.id, date(2026, 12, 1))
    _item(bare.id, 2, "改进措施", None, None)
    _outcome(minuted.id, "研讨结论", "<p>研讨结论</p>", recorder.id)
    _item(minuted.id, 1, "已有任务", member.id, None)  # the minutes have it already
    _item(minuted.id, 2, "新任务", member.id, date(2027, 1, 15))
    db.session.commit()

    upgrade(revision=FOLD)
    db.session.expire_all()
    tables = inspect(db.session.connection()).get_table_names()
    assert "seminar_outcome" not in tables and "seminar_action_item" not in tables
    created = _minutes(bare.id)
    assert created.status == MinutesStatus.DRAFT and created.revision == 1
    assert created.decisions_markdown == "形成共识" and created.decisions_html == "<p>形成共识</p>"
    assert created.saved_by_id == recorder.id and created.saved_at == WRITTEN
    assert _items(created) == [(1, "报党总支", recorder.id, date(2026, 12, 1)),
                               (2, "改进措施", None, None)]
    merged = _minutes(minuted.id)
    assert merged.decisions_markdown == "已有决议\n\n研讨结论" and merged.revision == 2
    assert "研讨结论" in merged.decisions_html and merged.topics_markdown == "议题"
    assert _items(merged) == [(1, "已有任务", member.id, None),
                              (2, "新任务", member.id, date(2027, 1, 15))]
    db.session.commit()

    downgrade(revision=before)
    rows = db.session.execute(text(
        "SELECT meeting_id, conclusions_markdown FROM seminar_outcome ORDER BY meeting_id")).all()
    assert [tuple(r) for r in rows] == [(bare.id, "形成共识"), (minuted.id, "已有决议\n\n研讨结论")]
    tasks = db.session.execute(text(
        "SELECT task FROM seminar_action_item WHERE meeting_id = :m ORDER BY position"),
        {"m": bare.id}).scalars().all()
    assert tasks == ["报党总支", "改进措施"]
    db.session.rollback()
