"""`learnhub content check|sync [PATH]`: the course files to versions, from the shell."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from learnhub.core.errors import DomainError

# A missing PATH is reported like any other problem (path:line: message, exit 1).
PATH_ARGUMENT = click.Path(path_type=Path)


@click.group("content")
def content_group() -> None:
    """Check and publish the Markdown courses (docs/authoring.md)."""


def _paths(paths: tuple[Path, ...]) -> list[Path]:
    """The PATHs, or the courses/ folder under CONTENT_ROOT (quizzes/ comes with the quiz
    format). Several PATHs are read together, so a slug may appear in only one of them."""
    from learnhub.courses.services import default_content_path

    if paths:
        return list(paths)
    default = default_content_path()
    return [default] if default.is_dir() else []


def _fail_with(problems) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    sys.exit(1)


@content_group.command("check")
@click.argument("paths", metavar="[PATH]...", nargs=-1, type=PATH_ARGUMENT)
@with_appcontext
def check_command(paths: tuple[Path, ...]) -> None:
    """Report every problem as `path:line: message` (exit 1); write nothing."""
    from learnhub.courses.services import check

    result = check(_paths(paths))
    if result.all_problems:
        _fail_with(result.all_problems)
    click.echo(f"OK: {len(result.courses)} courses, {result.lesson_count} lessons")


@content_group.command("sync")
@click.argument("paths", metavar="[PATH]...", nargs=-1, type=PATH_ARGUMENT)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@with_appcontext
def sync_command(paths: tuple[Path, ...], dry_run: bool) -> None:
    """Publish a new version of each course whose files changed; report every course."""
    from learnhub.courses.services import sync
    from learnhub.extensions import db

    prefix = "(dry run) " if dry_run else ""
    try:
        report = sync(_paths(paths), dry_run=dry_run)
    except DomainError as error:
        db.session.rollback()
        click.echo(error.translated(), err=True)
        sys.exit(1)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    for result in report.results:
        version = f" v{result.version_number}" if result.version_number else ""
        click.echo(f"{prefix}{result.status}: {result.slug}{version}")
    click.echo(f"{prefix}{report.count('created')} created, {report.count('updated')} "
               f"updated, {report.count('unchanged')} unchanged, "
               f"{report.count('invalid')} invalid")
    if report.problems:
        _fail_with(report.problems)


def register(cli_group: click.Group) -> None:
    cli_group.add_command(content_group)
