"""Quizzes as a content kind of `learnhub content` (check, sync), and the `learnhub quiz`
command group, assembled in quizzes/feature.py from every room's commands."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from learnhub.authoring.kinds import CheckReport, ContentKind, SyncReport
from learnhub.core.errors import NotFound
from learnhub.extensions import db
from learnhub.quizzes.publishing import services
from learnhub.quizzes.publishing.exporting import export_bank


def check_quizzes(paths: Sequence[Path]) -> CheckReport:
    """Every problem of the quiz files under PATHs; the database's too when one answers.
    The summary is empty when PATHs hold no quiz file (so course-only checks read as
    before)."""
    parsed, problems = services.parse_paths(paths)
    try:
        found = services.checked(parsed)
    except SQLAlchemyError:
        db.session.rollback()  # no database (or not migrated): file checks only
        found = {quiz.path: quiz.problems for quiz in parsed}
    problems += [problem for quiz in parsed for problem in found[quiz.path]]
    questions = sum(len(quiz.specs) for quiz in parsed if not found[quiz.path])
    summary = f"{len(parsed)} quizzes, {questions} questions" if parsed else ""
    return CheckReport(problems=problems, summary=summary,
                       warnings=[w for quiz in parsed for w in quiz.warnings])


def sync_quizzes(paths: Sequence[Path], dry_run: bool) -> SyncReport:
    return services.sync(list(paths), dry_run=dry_run).for_command()


QUIZ_KIND = ContentKind(name="quizzes", folder="quizzes", check=check_quizzes,
                        sync=sync_quizzes)


@click.command("export")
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the file (default: <slug>.md).")
@with_appcontext
def export_command(slug: str, output: Path | None) -> None:
    """Write a question bank (and its quiz's settings) in the Markdown quiz format."""
    try:
        text = export_bank(slug)
    except NotFound:
        click.echo(f"{slug}: 找不到该题库。", err=True)
        sys.exit(1)
    target = output or Path(f"{slug}.md")
    target.write_text(text, encoding="utf-8")
    click.echo(f"{target}: {slug}")


def quiz_group_with(*commands: click.Command) -> click.Group:
    """The `learnhub quiz` group holding these subcommands."""
    group = click.Group("quiz", help="Question banks and quizzes (docs/authoring.md).")
    for command in commands:
        group.add_command(command)
    return group

