"""Commands for whoever runs the site: the demo data, the first administrator, backups."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from learnhub.core.errors import DomainError, fail


@click.command("demo")
@click.option("--scale", default=1, show_default=True, type=click.IntRange(1, 1000),
              help="Multiply the demo organisation (100 gives about 20,000 members).")
@with_appcontext
def demo_command(scale: int) -> None:
    """Load the demo organisation and accounts, the sample courses and quizzes, and a year
    of quiz history (deterministic, idempotent)."""
    from learnhub.core.timeutil import now_utc
    from learnhub.demo import load_demo
    from learnhub.extensions import db
    from learnhub.operator.demo_content import run_demo_steps

    result = load_demo(scale=scale)
    db.session.commit()
    if result.created:
        click.echo(f"Demo loaded: {result.units} units, {result.members} members.")
    lines, problems = run_demo_steps(now_utc())
    for problem in problems:
        click.echo(f"{problem} (sample content)", err=True)
    for line in lines:
        click.echo(line)
    if not result.created and not lines:
        click.echo("Demo data already present; nothing changed.")
    click.echo("Demo logins (password learnhub-demo): admin, manager, trainer, learner")


@click.command("create-admin")
@click.option("--employee-no", prompt=True)
@click.option("--name", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@with_appcontext
def create_admin_command(employee_no: str, name: str, password: str) -> None:
    """Create a site administrator on the root unit (making the root unit if needed)."""
    from learnhub.demo import create_site_admin
    from learnhub.extensions import db

    try:
        member = create_site_admin(employee_no=employee_no, name=name, password=password)
    except DomainError as error:
        db.session.rollback()
        fail(error.translated())
        return
    db.session.commit()
    click.echo(f"Administrator {member.employee_no} created.")


@click.command("backup")
@click.option("-o", "--output", "out", required=True, metavar="FILE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="The new backup file (never overwritten).")
@with_appcontext
def backup_command(out: Path) -> None:
    """Write a consistent copy of the database to FILE while the app runs.

    SQLite: a database file; PostgreSQL: pg_dump's custom format (pg_dump must be on PATH).
    """
    from learnhub.extensions import db
    from learnhub.operator.backup import BackupError, backup

    try:
        made = backup(db.engine.url, out)
    except BackupError as error:
        fail(str(error))
        return
    click.echo(f"Backup written: {made.path} ({made.size} bytes, {made.kind}).")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
@with_appcontext
def restore_command(file: Path, yes: bool) -> None:
    """Replace the SQLite database with the backup FILE; stop the app first.

    The database being replaced is kept next to it as <name>.before-restore-<time>.
    PostgreSQL databases are restored with pg_restore (docs/operations.md).
    """
    from learnhub.core.timeutil import now_utc
    from learnhub.extensions import db
    from learnhub.operator.backup import PG_RESTORE_HINT, BackupError, restore_sqlite, sqlite_path

    url = db.engine.url
    try:
        if url.get_backend_name() != "sqlite":
            raise BackupError(PG_RESTORE_HINT)
        target = sqlite_path(url)
        if not yes:
            click.confirm(f"Replace {target} with {file}? Everything written after that "
                          "backup was taken is lost.", abort=True)
        db.engine.dispose()  # no pooled connection of ours stays on the old pages
        kept = restore_sqlite(url, file, now=now_utc())
    except BackupError as error:
        fail(str(error))
        return
    if kept is not None:
        click.echo(f"The replaced database was kept as {kept}.")
    click.echo(f"Restored {target} from {file}. Run `learnhub db upgrade` if the backup is "
               "older than this version of LearnHub.")
