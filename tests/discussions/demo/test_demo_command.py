"""`make run` runs `learnhub demo` then `learnhub content sync`; in either order the demo
gets its meeting history once, and whatever runs second changes nothing. Every branch is
written in bulk here (the order of the steps is the point; test_history and test_bulk hold
the lived branches), which halves the time of these runs."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from learnhub.discussions.demo import history
from learnhub.discussions.models import Invitation, Meeting, MeetingReading
from learnhub.extensions import db
from learnhub.records.models import LedgerEntry


@pytest.fixture(autouse=True)
def _all_in_bulk(monkeypatch):
    monkeypatch.setattr(history, "LIVED_UNITS", ())


def _run(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(model)) or 0
                 for model in (Meeting, Invitation, MeetingReading, LedgerEntry))


def test_demo_then_content_sync(app):
    output = _run(app, "demo")
    assert "meeting kinds: 7 added" in output and "Meeting history:" in output
    made = _counts()
    assert made[0] > 200 and made[2] > 0  # readings point at the synced sample courses
    _run(app, "content", "sync")
    assert _counts() == made
    assert "nothing changed" in _run(app, "demo")
    assert _counts() == made


def test_content_sync_then_demo(app):
    _run(app, "content", "sync")
    assert _counts()[0] == 0
    output = _run(app, "demo")
    assert "Meeting history:" in output
    assert _counts()[0] > 200 and _counts()[2] > 0
