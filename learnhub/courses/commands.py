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


def _paths(path: Path | None) -> list[Path]:
    """PATH, or the courses/ folder under CONTENT_ROOT (quizzes/ comes with the quiz format)."""
    from learnhub.courses.services import default_content_path

    if path is not None:
        return [path]
    default = default_content_path()
    return [default] if default.is_dir() else []


def _fail_with(problems) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    sys.exit(1)


@content_group.command("check")
@click.argument("path", required=False, type=PATH_ARGUMENT)
@with_appcontext
def check_command(path: Path | None) -> None:
    """Report every problem as `path:line: message` (exit 1); write nothing."""
    from learnhub.courses.services import check

    courses = lessons = 0
    problems = []
    for root in _paths(path):
        result = check(root)
        problems += result.all_problems
        courses += len(result.courses)
        lessons += result.lesson_count
    if problems:
        _fail_with(problems)
    click.echo(f"OK: {courses} courses, {lessons} lessons")


@content_group.command("sync")
@click.argument("path", required=False, type=PATH_ARGUMENT)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@with_appcontext
def sync_command(path: Path | None, dry_run: bool) -> None:
    """Publish a new version of each course whose files changed; report every course."""
    from learnhub.courses.services import sync
    from learnhub.extensions import db

    problems = []
    prefix = "(dry run) " if dry_run else ""
    for root in _paths(path):
        try:
            report = sync(root, dry_run=dry_run)
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
        problems += report.problems
        click.echo(f"{prefix}{report.count('created')} created, {report.count('updated')} "
                   f"updated, {report.count('unchanged')} unchanged, "
                   f"{report.count('invalid')} invalid")
    if problems:
        _fail_with(problems)


def register(cli_group: click.Group) -> None:
    cli_group.add_command(content_group)
