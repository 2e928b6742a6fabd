"""`learnhub training import FILE [--dry-run] --actor EMPLOYEE_NO`: the import page's
checks and writes, from a shell; the actor's manager scope applies as on the page."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from learnhub.core.errors import DomainError
from learnhub.core.timeutil import local_today, now_utc
from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.transcripts.offline import importing


@click.group("training")
def training_group() -> None:
    """Offline training (线下培训): bulk import from CSV or XLSX."""


@training_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and show what would be imported; write nothing.")
@click.option("--actor", "actor_no", required=True, metavar="EMPLOYEE_NO",
              help="The manager (or admin) importing; only members in their scope are taken.")
@with_appcontext
def import_command(file: Path, dry_run: bool, actor_no: str) -> None:
    """Import offline training from FILE (.csv or .xlsx); all or nothing, re-import skips
    rows already imported. Problems go to stderr as `row N, column X: message`, exit 1."""
    actor = db.session.scalar(select(Member).where(Member.employee_no == actor_no,
                                                   Member.active.is_(True)))
    if actor is None:
        _fail([f"no active member with employee number {actor_no}"])
        return
    try:
        plan = importing.plan_import(actor, file.name, file.read_bytes(), local_today())
    except importing.TrainingImportInvalid as invalid:
        db.session.rollback()
        _fail([p.cli_line() if p.row else f"{file}: {p.text()}" for p in invalid.problems])
        return
    click.echo(f"{len(plan.new)} to import, {len(plan.skipped)} already imported (skipped).")
    if dry_run:
        db.session.rollback()
        click.echo("Dry run: nothing written.")
        return
    try:
        result = importing.apply_plan(actor, plan, now=now_utc(), today=local_today())
    except DomainError as error:
        db.session.rollback()
        _fail([error.translated()])
        return
    db.session.commit()
    click.echo(f"Imported: {result.imported} trainings, {result.hours} 学时; "
               f"skipped {result.skipped} already imported.")


def _fail(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)
    sys.exit(1)
