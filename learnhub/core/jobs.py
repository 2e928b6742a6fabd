"""`learnhub jobs run`: the features' scheduled work (core.feature.Job), for cron.

Every registered job runs in registry order, each in its own transaction: committed when
it returns, rolled back when it raises, and the next job runs either way. One line per
job; the exit status is 1 when any job failed, so cron's mail says so.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import datetime

import click
from flask.cli import with_appcontext

from learnhub.core.feature import Job, registry
from learnhub.core.timeutil import now_utc
from learnhub.extensions import db


def run_jobs(jobs: Sequence[Job], echo: Callable[[str], None],
             clock: Callable[[], datetime] = now_utc) -> int:
    """Run each job once; the number that failed."""
    failed = 0
    for job in jobs:
        db.session.commit()  # each job starts a transaction of its own
        try:
            line = job.run(clock())
            db.session.commit()
        except Exception as error:  # one job's failure must not stop the others
            db.session.rollback()
            failed += 1
            line = f"failed: {type(error).__name__}: {error}"
        echo(f"{job.name}: {line}")
    return failed


@click.group("jobs")
def jobs_group() -> None:
    """Scheduled work, run from cron (docs/operations.md)."""


@jobs_group.command("run")
@with_appcontext
def run_command() -> None:
    """Run every registered job once (notices, reminders, emails, closing overdue quizzes)."""
    if run_jobs(registry().jobs, click.echo):
        sys.exit(1)
