"""Courses as a content kind of `learnhub content` (check, sync, export-zip, import-zip)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from learnhub.authoring.kinds import CheckReport, ContentKind, SyncReport
from learnhub.courses import services
from learnhub.courses.format.checks import check
from learnhub.courses.zip_commands import export_zip_command, import_zip_command


def check_courses(paths: Sequence[Path]) -> CheckReport:
    result = check(list(paths))
    return CheckReport(problems=result.all_problems,
                       summary=f"{len(result.courses)} courses, {result.lesson_count} lessons")


def sync_courses(paths: Sequence[Path], dry_run: bool) -> SyncReport:
    report = services.sync(list(paths), dry_run=dry_run)
    lines = [f"{result.status}: {result.slug}"
             + (f" v{result.version_number}" if result.version_number else "")
             for result in report.results]
    summary = (f"{report.count('created')} created, {report.count('updated')} updated, "
               f"{report.count('unchanged')} unchanged, {report.count('invalid')} invalid")
    return SyncReport(lines=lines, summary=summary, problems=report.problems)


COURSE_KIND = ContentKind(name="courses", folder="courses", check=check_courses,
                          sync=sync_courses,
                          commands=(export_zip_command, import_zip_command))
