"""`learnhub quiz import FILE --format md|gift|aiken [--bank SLUG] [--dry-run]`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from learnhub.authoring.problems import display_path
from learnhub.extensions import db
from learnhub.quizzes.importing.formats import FORMAT_NAMES
from learnhub.quizzes.importing.services import (
    ImportInvalid,
    ImportResult,
    import_file,
    top_unit,
)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "file_format", type=click.Choice(FORMAT_NAMES), required=True,
              help="The file's format: md (our Markdown quiz), gift (Moodle), aiken.")
@click.option("--bank", "bank_slug", metavar="SLUG",
              help="The question bank to create or replace (default: the file's name).")
@click.option("--dry-run", is_flag=True, help="Check and show what would change; write nothing.")
@with_appcontext
def import_command(file: Path, file_format: str, bank_slug: str | None, dry_run: bool) -> None:
    """Import the questions of FILE into a question bank, all or nothing.

    A new bank also gets a draft quiz over all its questions, to publish in the web.
    Problems are printed on stderr as `path:line: message`, and the exit code is 1.
    """
    path = display_path(file)
    try:
        result = import_file(path, file.read_bytes(), file_format=file_format,
                             bank_slug=bank_slug, actor=None, owner_unit=top_unit(),
                             dry_run=dry_run)
    except ImportInvalid as invalid:
        db.session.rollback()
        _fail([str(problem) for problem in invalid.problems])
        return
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    _print_result(path, result)


def _fail(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)
    sys.exit(1)


def _print_result(path: str, result: ImportResult) -> None:
    click.echo(f"{path} ({result.encoding}): {len(result.questions)} questions → bank "
               f"{result.bank_slug}{' (new)' if result.bank_created else ''}: "
               f"{result.count('new')} new, {result.count('changed')} changed, "
               f"{result.count('unchanged')} unchanged, {len(result.retired)} retired")
    for question in result.questions:
        if question.status != "unchanged":
            click.echo(f"{question.status:<9} {question.key} ({question.type}"
                       f"{', ' + question.category if question.category else ''})")
    for key in result.retired:
        click.echo(f"retired   {key}")
    if result.dry_run:
        click.echo("Dry run: nothing written.")
    elif result.bank_created:
        click.echo(f"Created the draft quiz {result.quiz_slug}; publish it in the web.")
    elif result.quiz_updated:
        click.echo(f"The draft quiz {result.quiz_slug} now holds the file's questions.")
    elif not result.changed_anything:
        click.echo("The bank already holds these questions; nothing changed.")
