"""`learnhub report completions|credits [--unit CODE] [--course SLUG] [--year Y]
[--political-status S] --format csv|xlsx -o FILE [--actor EMPLOYEE_NO]`: the page's rows
as a file. Without --actor the operator sees every unit; with it, that member's scope."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from learnhub.core.errors import DomainError, fail
from learnhub.core.timeutil import local_today
from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.reports import files, services
from learnhub.reports.filters import ReportFilters


def _report_command(report: str, help_text: str) -> click.Command:
    @click.command(report, help=help_text)
    @click.option("--unit", "unit_code", default="", help="Unit code: its subtree only.")
    @click.option("--course", "course_slug", default="", help="Course slug: that course only.")
    @click.option("--year", type=int, default=None, help="Year (default: this year).")
    @click.option("--political-status", "political_status", default="",
                  help="政治面貌, e.g. 中共党员.")
    @click.option("--format", "fmt", type=click.Choice(files.FORMATS), required=True)
    @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                  required=True, help="Where to write the file.")
    @click.option("--actor", "actor_no", default="",
                  help="Employee number: limit the report to what this member may see.")
    @with_appcontext
    def command(unit_code: str, course_slug: str, year: int | None, political_status: str,
                fmt: str, output: Path, actor_no: str) -> None:
        today = local_today()
        actor = None
        if actor_no:
            actor = db.session.scalar(select(Member).where(Member.employee_no == actor_no))
            if actor is None:
                fail(f"--actor {actor_no}: 找不到该成员。")
        filters = ReportFilters(year=year or today.year, unit_code=unit_code,
                                course_slug=course_slug, political_status=political_status)
        try:
            prepared = services.prepare(actor, filters)
        except DomainError as error:
            fail(error.translated())
        with output.open("wb") as out:
            files.write(report, fmt, prepared, out, today=today)
        click.echo(f"{output}: {report} {filters.year}")

    return command


@click.group("report")
def report_group() -> None:
    """Reports for managers as CSV or XLSX (docs/reports.md)."""


report_group.add_command(_report_command(
    "completions", "Required courses per member: status, version, completion and due dates."))
report_group.add_command(_report_command(
    "credits", "学时 per member for the year: earned, required, online part, status."))
