"""`learnhub quiz close-expired`: grade the open attempts whose deadline passed (for cron).

Pages already grade an overdue attempt whenever its member touches it; this catches the
ones left in a closed tab, so their outcome, credit and completion don't wait."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from learnhub.core.timeutil import now_utc
from learnhub.extensions import db
from learnhub.quizzes.attempts.grading import finalise_expired


@click.group("quiz")
def quiz_group() -> None:
    """Quizzes: grading attempts past their deadline."""


@quiz_group.command("close-expired")
@with_appcontext
def close_expired_command() -> None:
    """Grade every open attempt past its deadline on what was saved by then."""
    graded = finalise_expired(now_utc())
    db.session.commit()
    click.echo(f"graded {graded} overdue attempt(s)")
