"""Courses as a content kind of `learnhub content`: check, sync, and the course zips of
the web editor from the shell, export-zip SLUG and import-zip FILE (docs/authoring.md,
"网页编辑器 / Web editor")."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import click
from flask.cli import with_appcontext

from learnhub.authoring.kinds import CheckReport, ContentKind, SyncReport
from learnhub.core.errors import NotFound
from learnhub.courses.format import checks
from learnhub.courses.publishing import services
from learnhub.extensions import db


def check_courses(paths: Sequence[Path]) -> CheckReport:
    result = checks.check(list(paths))
    return CheckReport(problems=result.all_problems,
                       summary=f"{len(result.courses)} courses, {result.lesson_count} lessons",
                       warnings=result.all_warnings)


def sync_courses(paths: Sequence[Path], dry_run: bool) -> SyncReport:
    return services.sync(list(paths), dry_run=dry_run).for_command()


@click.command("export-zip")
@click.argument("slug")
@click.option("--version", "number", type=int, help="Version number (default: the current one).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the zip (default: <slug>-v<N>.zip).")
@with_appcontext
def export_zip_command(slug: str, number: int | None, output: Path | None) -> None:
    """Write a published version as a zip of its files, in the authoring format."""
    course = services.course_by_slug(slug)
    version = None
    if course is not None and number is None:
        version = course.current_version
    elif course is not None and number is not None:
        try:
            version = services.version_by_number(course, number)
        except NotFound:
            version = None
    if course is None or version is None:
        click.echo(f"{slug}: 找不到该课程或版本。", err=True)
        sys.exit(1)
    target = output or Path(f"{slug}-v{version.number}.zip")
    with target.open("wb") as handle:
        services.write_version_zip(handle, course, version)
    click.echo(f"{target}: {slug} v{version.number}")


@click.command("import-zip")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slug", help="Course slug, when course.md is at the top of the zip.")
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@with_appcontext
def import_zip_command(file: Path, slug: str | None, dry_run: bool) -> None:
    """Check a course zip like `content check` and publish it if its content changed."""
    with tempfile.TemporaryDirectory(prefix="learnhub-zip-") as tmp, file.open("rb") as handle:
        check = checks.read_course_zip(handle, Path(tmp), slug=slug, upload_name=str(file))
        if check.problems or check.content is None:
            for problem in check.problems:
                click.echo(str(problem), err=True)
            sys.exit(1)
        status, number = services.publish_imported(check.content, dry_run=dry_run)
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
    version = f" v{number}" if number else ""
    click.echo(f"{'(dry run) ' if dry_run else ''}{status}: {check.content.slug}{version}")


COURSE_KIND = ContentKind(name="courses", folder="courses", check=check_courses,
                          sync=sync_courses,
                          commands=(export_zip_command, import_zip_command))
