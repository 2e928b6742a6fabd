"""One spec for files, the web editor and zips: all of them are read by the file parser.

Web content is written out in the file format (`packaging.course_files`) and read back
with `parsing.CourseReader`, so the editor reports the same problems `content check`
would, in the same `path:line: message` form; what gets published is what the parser
read, exactly as a file sync would publish it. The checks that need the database (unit
codes) are added here for every surface.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

from flask_babel import gettext
from sqlalchemy.exc import SQLAlchemyError

from learnhub.authoring.asset_store import AssetSource
from learnhub.authoring.problems import Problem
from learnhub.courses.assignments import audience as audience_rules
from learnhub.courses.format.content import DEFAULT_OWNER_UNIT, CourseContent
from learnhub.courses.format.packaging import extract_course_zip, write_markdown_files
from learnhub.courses.format.parsing import CourseReader, ParsedCourse, ParseResult, parse_path
from learnhub.extensions import db


@dataclass
class ContentCheck:
    """What the parser made of some content: `content` is None when there are problems."""

    content: CourseContent | None
    problems: list[Problem] = field(default_factory=list)
    prefix: str = ""  # what problem paths start with: `<slug>/` for a member of a zip


class StoredAssetReader(CourseReader):
    """Reads Markdown files from a folder and looks assets up among stored ones (the
    editor's uploads), so checking a course never copies its videos to disk."""

    def __init__(self, folder: Path, stored: dict[str, AssetSource]) -> None:
        super().__init__(folder)
        self.stored = stored

    def lookup_asset(self, relative: str) -> AssetSource | str:
        found = self.stored.get(relative)
        if found is None:
            return gettext("找不到文件 %(path)s。", path=relative)
        self.assets[relative] = found
        return found


def relative_problems(parsed: ParsedCourse, folder: Path, prefix: str = "") -> list[Problem]:
    """The parser's problems (and the database's), with paths relative to the course
    folder, after `prefix` (e.g. `<slug>/` for a member of a zip)."""
    problems = list(parsed.problems)
    if parsed.content is not None:
        problems += database_problems(parsed)
    real = folder.resolve()
    result = []
    for problem in problems:
        try:
            inside = Path(problem.path).resolve().relative_to(real).as_posix()
        except ValueError:
            inside = problem.path
        result.append(replace(problem, path=prefix + inside))
    return result


def check_web_content(content: CourseContent) -> ContentCheck:
    """Write `content` as files, read it back with the file parser, report every problem."""
    with tempfile.TemporaryDirectory(prefix="learnhub-check-") as tmp:
        folder = Path(tmp) / content.slug
        write_markdown_files(content, folder)
        parsed = StoredAssetReader(folder, content.assets).read()
        problems = relative_problems(parsed, folder)
    return ContentCheck(parsed.content if not problems else None, problems)


def read_course_folder(folder: Path, prefix: str = "") -> ContentCheck:
    """Read an extracted zip's course folder with the file parser itself."""
    parsed = CourseReader(folder).read()
    problems = relative_problems(parsed, folder, prefix)
    return ContentCheck(parsed.content if not problems else None, problems, prefix)


def read_course_zip(source: IO[bytes], dest: Path, *, slug: str | None,
                    upload_name: str) -> ContentCheck:
    """A course zip, extracted under `dest` and read with the file parser: zip import on the
    web and from the shell. The content's asset bytes are read from `dest` when it is
    stored, so the caller removes `dest` only after that."""
    extracted = extract_course_zip(source, dest, slug=slug, upload_name=upload_name)
    if extracted.problems or extracted.folder is None:
        return ContentCheck(None, extracted.problems, extracted.prefix)
    return read_course_folder(extracted.folder, extracted.prefix)


def database_problems(parsed: ParsedCourse) -> list[Problem]:
    """Checks that need the database: the unit codes a course names must exist, and the
    units it is required for must lie in its owner unit's subtree (where its rules reach)."""
    if not parsed.unit_lines:
        return []
    owner = (parsed.content.owner_unit or DEFAULT_OWNER_UNIT) if parsed.content else None
    known = audience_rules.unit_paths([*parsed.unit_lines, *([owner] if owner else [])])
    problems = [Problem(path, line, gettext("未知的组织编码 %(code)s。", code=code))
                for code, (path, line) in parsed.unit_lines.items() if code not in known]
    if parsed.content is not None and owner is not None:
        codes = audience_rules.unit_codes(parsed.content.audience)
        for lesson in parsed.content.lessons:  # a lesson's audience narrows, never reaches out
            codes += [c for c in audience_rules.unit_codes(lesson.audience) if c not in codes]
        for code in codes:
            if code in known and not audience_rules.within_owner(known[code], known.get(owner)):
                path, line = parsed.unit_lines[code]
                problems.append(Problem(path, line,
                                        audience_rules.outside_owner_problem(code, owner)))
    return problems


def check(path: Path | Sequence[Path], *, with_database: bool = True) -> ParseResult:
    """Parse everything under `path` (one or several); add database checks when a
    database answers."""
    result = parse_path(path)
    if with_database:
        try:
            for course in result.courses:
                course.problems += database_problems(course)
        except SQLAlchemyError:
            db.session.rollback()  # no database (or not migrated): file checks only
    return result
