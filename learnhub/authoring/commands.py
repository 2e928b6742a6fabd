"""`learnhub content check|sync [PATH]...`: every registered content kind, from the shell.

Each PATH goes to every kind (courses read course folders, quizzes read quiz files); with
no PATH, each kind reads its own folder under CONTENT_ROOT (courses/, quizzes/).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext

from learnhub.authoring.kinds import ContentKind
from learnhub.authoring.problems import Problem, display_path
from learnhub.core.errors import DomainError, fail
from learnhub.core.feature import registry

# A missing PATH is reported like any other problem (path:line: message, exit 1).
PATH_ARGUMENT = click.Path(path_type=Path)


def content_group(kinds: Sequence[ContentKind]) -> click.Group:
    """The `content` command group for these kinds, with the subcommands they add."""
    group = click.Group("content", help="Check and publish content kept as files "
                                        "(docs/authoring.md).")
    group.add_command(check_command)
    group.add_command(sync_command)
    for kind in kinds:
        for command in kind.commands:
            group.add_command(command)
    return group


def _paths_for(kind: ContentKind, paths: tuple[Path, ...]) -> list[Path]:
    if paths:
        return list(paths)
    default = Path(current_app.config["CONTENT_ROOT"]) / kind.folder
    return [default] if default.is_dir() else []


def _missing(paths: Iterable[Path]) -> list[Problem]:
    return [Problem(display_path(path), 1, gettext("找不到该文件或文件夹。"))
            for path in paths if not path.exists()]


def _warn(warnings: Iterable[Problem]) -> None:
    """Warnings go to stderr like problems, and change nothing else."""
    for warning in warnings:
        click.echo(str(warning), err=True)


def _fail_with(problems: Iterable[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    sys.exit(1)


@click.command("check")
@click.argument("paths", metavar="[PATH]...", nargs=-1, type=PATH_ARGUMENT)
@with_appcontext
def check_command(paths: tuple[Path, ...]) -> None:
    """Report every problem as `path:line: message` (exit 1) and every warning as
    `path:line: 提示：…` (exit 0 if there are only warnings); write nothing."""
    problems = _missing(paths)
    existing = tuple(path for path in paths if path.exists())
    summaries = []
    warnings: list[Problem] = []
    if existing or not paths:
        for kind in registry().content_kinds:
            report = kind.check(_paths_for(kind, existing))
            problems += report.problems
            warnings += report.warnings
            if report.summary:  # a kind that found none of its files says nothing
                summaries.append(report.summary)
    _warn(warnings)
    if problems:
        _fail_with(problems)
    click.echo(f"OK: {'; '.join(summaries)}"
               + (f" ({len(warnings)} warnings)" if warnings else ""))


@click.command("sync")
@click.argument("paths", metavar="[PATH]...", nargs=-1, type=PATH_ARGUMENT)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@with_appcontext
def sync_command(paths: tuple[Path, ...], dry_run: bool) -> None:
    """Publish a new version of whatever changed; report every item."""
    from learnhub.extensions import db

    problems = _missing(paths)
    if problems:
        _fail_with(problems)
    prefix = "(dry run) " if dry_run else ""
    reports = []
    try:
        for kind in registry().content_kinds:
            reports.append(kind.sync(_paths_for(kind, paths), dry_run))
    except DomainError as error:
        db.session.rollback()
        fail(error.translated())
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    for report in reports:
        for line in report.lines:
            click.echo(f"{prefix}{line}")
        if report.summary:
            click.echo(f"{prefix}{report.summary}")
    _warn(warning for report in reports for warning in report.warnings)
    problems = [problem for report in reports for problem in report.problems]
    if problems:
        _fail_with(problems)
