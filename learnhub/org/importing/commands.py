"""`learnhub members import FILE [--dry-run] [--deactivate-missing] [--initial-passwords OUT]`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext

from learnhub.core.errors import DomainError
from learnhub.core.timeutil import local_today, now_utc
from learnhub.extensions import db
from learnhub.org.importing.passwords import passwords_csv
from learnhub.org.importing.plan import FIELD_LABELS, ImportInvalid, ImportPlan, plan_import
from learnhub.org.importing.services import confirm


@click.group("members")
def members_group() -> None:
    """Members: import a roster from CSV or XLSX."""


@members_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and show what would change; write nothing.")
@click.option("--deactivate-missing", is_flag=True,
              help="Deactivate active members under the file's units who are not in the file.")
@click.option("--initial-passwords", "passwords_out", metavar="OUT.csv",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Give new members initial passwords and write 工号,姓名,初始密码 to this new file.")
@with_appcontext
def import_command(file: Path, dry_run: bool, deactivate_missing: bool,
                   passwords_out: Path | None) -> None:
    """Import members from FILE (.csv in UTF-8/GB18030, or .xlsx); all or nothing.

    Problems are printed on stderr as `row N, column X: message`, and the exit code is 1.
    """
    if dry_run and passwords_out:
        _fail(["--initial-passwords cannot be used with --dry-run"])
    if passwords_out and passwords_out.exists():
        _fail([f"{passwords_out}: already exists; choose a new file name"])
    try:
        plan = plan_import(file.name, file.read_bytes(), deactivate_missing=deactivate_missing,
                           actor=None, today=local_today())
    except ImportInvalid as invalid:
        db.session.rollback()
        _fail([problem.cli_line() if problem.row else f"{file}: {problem.text()}"
               for problem in invalid.problems])
        return
    _print_plan(plan)
    if dry_run:
        db.session.rollback()
        click.echo("Dry run: nothing written.")
        return
    try:
        result = confirm(plan, actor=None, now=now_utc(), source="cli",
                         issue_passwords=passwords_out is not None)
    except DomainError as error:
        db.session.rollback()
        _fail([error.translated()])
        return
    if result is None:
        click.echo("The file matches the stored members; nothing written.")
        return
    if passwords_out is not None:
        write_private(passwords_out, passwords_csv(result.passwords))
    try:
        db.session.commit()
    except Exception:
        if passwords_out is not None:
            passwords_out.unlink(missing_ok=True)  # passwords of members that do not exist
        raise
    click.echo(f"Imported: {plan.counts['new']} new, {plan.counts['changed']} changed, "
               f"{plan.counts['deactivated']} deactivated, {plan.counts['unchanged']} unchanged.")
    if passwords_out is not None:
        click.echo(f"Initial passwords for {len(result.passwords)} new members: {passwords_out} "
                   "(hand them out privately, then delete the file).")
    elif plan.new:
        click.echo(f"{len(plan.new)} new members have no password yet; an administrator must "
                   "reset their passwords before they can log in.")


def write_private(path: Path, data: bytes) -> None:
    """Create the file readable by its owner only; never overwrite."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)


def _fail(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)
    sys.exit(1)


def _print_plan(plan: ImportPlan) -> None:
    counts = plan.counts
    click.echo(f"{plan.filename}: {counts['new']} new, {counts['changed']} changed, "
               f"{counts['unchanged']} unchanged, {counts['missing']} missing from the file")
    for item in plan.new:
        row = item.row
        click.echo(f"new        {row.employee_no} {row.name} {row.unit_code}")
    for item in plan.changed:
        changes = "; ".join(f"{gettext(FIELD_LABELS[c.field])} {_shown(c.field, c.old)} → "
                            f"{_shown(c.field, c.new)}" for c in item.changes)
        click.echo(f"changed    {item.row.employee_no} {item.row.name}: {changes}")
    verb = "deactivate" if plan.deactivate_missing else "missing   "
    for member in plan.missing:
        click.echo(f"{verb} {member.employee_no} {member.name}")
    if plan.missing and not plan.deactivate_missing:
        click.echo("Missing members stay active; --deactivate-missing deactivates them.")
    if plan.ignored_headers:
        click.echo("Ignored columns: " + ", ".join(plan.ignored_headers))


def _shown(field: str, value: str) -> str:
    if field == "active":
        return gettext("在册") if value == "true" else gettext("停用")
    return value or "（空）"
