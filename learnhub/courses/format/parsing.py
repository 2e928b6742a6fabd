"""Read course folders into `CourseContent`, collecting every problem as `path:line: message`.

Nothing here writes to the database; `content check` is `parse_path` plus printing, and
`content sync` publishes only courses that parsed without problems.
"""

from __future__ import annotations

import html as html_lib
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

from flask_babel import gettext

from learnhub.authoring import fields as shared_fields
from learnhub.authoring.asset_store import AssetSource
from learnhub.authoring.frontmatter import FrontMatter, check_keys, split
from learnhub.authoring.media_types import MAX_ASSET_BYTES, MEDIA_TYPES, VIDEO_TYPES, media_type_for
from learnhub.authoring.problems import Problem, display_path
from learnhub.core.control_characters import control_character_line
from learnhub.core.markdown import MarkdownLimits, MarkdownRefused
from learnhub.courses.assignments import audience as audience_rules
from learnhub.courses.format import fields
from learnhub.courses.format.content import CourseContent, LessonContent, content_hash
from learnhub.courses.format.fields import MAX_LENGTHS, MAX_VIDEO_URL, SLUG
from learnhub.courses.format.reading_time import estimate, honest, rounded
from learnhub.courses.format.rendering import (
    Reference,
    asset_url,
    normalise_reference,
    render_course_markdown,
)

T = TypeVar("T")
COURSE_FILE = "course.md"
COURSE_KEYS = ("title", "summary", "category", "tags", "credit_hours", "audience", "lessons",
               "owner_unit")
COURSE_REQUIRED = ("title", "summary", "category", "credit_hours", "lessons")
LESSON_KEYS = ("title", "minutes", "key", "video", "optional", "audience")
LESSON_REQUIRED = ("title", "minutes")
# A file is refused unread beyond 4 bytes (UTF-8's longest character) for each character
# its body may have, plus room for the front matter.
FRONT_MATTER_BYTES = 64 * 1024


@dataclass
class ParsedCourse:
    folder: Path
    slug: str
    content: CourseContent | None  # None when the course has problems
    problems: list[Problem] = field(default_factory=list)
    unit_lines: dict[str, tuple[str, int]] = field(default_factory=dict)  # code → (file, line)
    warnings: list[Problem] = field(default_factory=list)  # reported, never refused

    @property
    def content_hash(self) -> str | None:
        return content_hash(self.content) if self.content is not None else None


@dataclass
class ParseResult:
    courses: list[ParsedCourse] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # not tied to one course

    @property
    def all_problems(self) -> list[Problem]:
        return self.problems + [p for course in self.courses for p in course.problems]

    @property
    def all_warnings(self) -> list[Problem]:
        return [w for course in self.courses for w in course.warnings]

    @property
    def lesson_count(self) -> int:
        return sum(len(c.content.lessons) for c in self.courses if c.content is not None)


def parse_path(path: Path | Sequence[Path]) -> ParseResult:
    """Each PATH is one course folder (it has course.md) or a folder of course folders;
    a slug may appear only once across all of them."""
    result = ParseResult()
    folders: list[Path] = []
    real_folders: set[Path] = set()
    for root in [path] if isinstance(path, Path) else path:
        for folder in _course_folders(root, result):
            if folder.resolve() not in real_folders:  # a folder named twice is read once
                real_folders.add(folder.resolve())
                folders.append(folder)
    seen: dict[str, ParsedCourse] = {}
    for folder in folders:
        course = CourseReader(folder).read()
        other = seen.setdefault(course.slug.casefold(), course)
        if other is not course:  # neither is published: which one is meant is unclear
            for one, two in ((other, course), (course, other)):
                one.problems.append(Problem(display_path(one.folder / COURSE_FILE), 1, gettext(
                    "课程标识 %(slug)s 与 %(other)s 重复。", slug=one.slug,
                    other=display_path(two.folder))))
                one.content = None
        result.courses.append(course)
    return result


def _course_folders(path: Path, result: ParseResult) -> list[Path]:
    if (path / COURSE_FILE).is_file():
        return [path]
    if path.is_file():
        return []  # a quiz file (or a note): another content kind's
    if not path.is_dir():
        result.problems.append(Problem(display_path(path), 1, gettext("找不到该文件夹。")))
        return []
    children = [child for child in sorted(path.iterdir())
                if not child.name.startswith(".") and child.is_dir()]
    folders = [child for child in children if (child / COURSE_FILE).is_file()]
    if not folders and any(path.glob("*.md")):
        return []  # a folder of quiz files (quizzes/, with quizzes/imports/): not courses
    for child in children:
        if child not in folders:  # quiz files and notes beside course folders are skipped
            result.problems.append(Problem(display_path(child), 1, gettext(
                "文件夹里没有 course.md，不是课程文件夹。")))
    return folders


class CourseReader:
    """Reads one course folder; every check appends to `problems` and reading goes on."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.real_folder = folder.resolve()
        self.slug = folder.resolve().name if folder.name in ("", ".") else folder.name
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.assets: dict[str, AssetSource] = {}
        self.asset_errors: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        self.body_lines: dict[str, int] = {}
        self.unit_lines: dict[str, tuple[str, int]] = {}
        self.key_lines: dict[str, int] = {}
        self.listed: dict[str, str] = {}  # every lesson file named in course.md → its key
        self.limits = MarkdownLimits.configured()

    def problem(self, relative: str, line: int, message: str) -> None:
        self.problems.append(Problem(display_path(self.folder / relative), line, message))

    def read(self) -> ParsedCourse:
        if not SLUG.match(self.slug) or len(self.slug) > MAX_LENGTHS["slug"]:
            self.problem(COURSE_FILE, 1, gettext(
                "课程文件夹名 %(slug)s 不能用作课程标识：只能用小写字母、数字、- 和 _。", slug=self.slug))
        matter = self.front_matter(COURSE_FILE, COURSE_KEYS, COURSE_REQUIRED)
        if matter is None:
            return ParsedCourse(self.folder, self.slug, None, self.problems,
                                warnings=self.warnings)
        lessons = self.read_lessons(matter)
        content = CourseContent(
            slug=self.slug,
            title=self.text(matter, COURSE_FILE, "title"),
            summary=self.text(matter, COURSE_FILE, "summary"),
            category=self.text(matter, COURSE_FILE, "category"),
            tags=self.tags(matter),
            credit_hours=self.credit_hours(matter),
            audience=self.audience(matter),
            owner_unit=self.text(matter, COURSE_FILE, "owner_unit") or None,
            intro_markdown=matter.body,
            lessons=lessons,
        )
        if content.owner_unit:
            self.unit_lines[content.owner_unit] = (display_path(self.folder / COURSE_FILE),
                                                   matter.line_of("owner_unit"))
        self.check_rendering(content)
        content.assets = dict(sorted(self.assets.items()))
        self.problems.sort(key=lambda problem: (problem.path != display_path(
            self.folder / COURSE_FILE), problem.path, problem.line))
        return ParsedCourse(self.folder, self.slug, None if self.problems else content,
                            self.problems, self.unit_lines, self.warnings)

    # -- files ---------------------------------------------------------------------------

    def inside(self, relative: str) -> Path | str:
        """The real file for a course-relative path, or why it can't be used."""
        try:
            real = (self.folder / relative).resolve(strict=True)
        except (FileNotFoundError, NotADirectoryError):
            return gettext("找不到文件 %(path)s。", path=relative)
        except OSError as error:
            return gettext("无法读取 %(path)s：%(error)s", path=relative, error=error.strerror)
        if not real.is_relative_to(self.real_folder):
            return gettext("%(path)s 指向课程文件夹之外（符号链接）。", path=relative)
        if not real.is_file():
            return gettext("%(path)s 不是文件。", path=relative)
        return real

    def front_matter(self, relative: str, allowed: tuple[str, ...],
                     required: tuple[str, ...]) -> FrontMatter | None:
        real = self.inside(relative)
        if isinstance(real, str):
            self.problem(relative, 1, real)
            return None
        most = self.limits.max_chars * 4 + FRONT_MATTER_BYTES
        if real.stat().st_size > most:
            self.problem(relative, 1, gettext(
                "文件太大（%(size)s KB，最多 %(max)s KB）：正文最多 %(chars)s 个字符。",
                size=real.stat().st_size // 1024, max=most // 1024, chars=self.limits.max_chars))
            return None
        try:
            text = real.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            self.problem(relative, 1, gettext("文件不是 UTF-8 编码。"))
            return None
        found = control_character_line(text)  # PostgreSQL can't store a NUL, for one
        if found is not None:
            self.problem(relative, found[0], shared_fields.control_character_message(found[1]))
            return None
        # Line endings don't matter: a Windows checkout (CRLF) is the same course, same hash.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        matter = split(text)
        for line, message in matter.errors:
            self.problem(relative, line, message)
        if matter.node is None:
            return None
        escaped = shared_fields.control_characters(matter)  # "\0" in a quoted YAML value
        for line, message in escaped:
            self.problem(relative, line, message)
        if escaped:
            return None
        for line, message in check_keys(matter, allowed, required):
            self.problem(relative, line, message)
        self.texts[relative] = text.removeprefix("\ufeff")
        self.body_lines[relative] = matter.body_line
        return matter

    def lookup_asset(self, relative: str) -> AssetSource | str:
        if relative in self.assets:
            return self.assets[relative]
        if relative in self.asset_errors:
            return self.asset_errors[relative]
        media_type = media_type_for(relative)
        real = self.inside(relative)
        if len(relative) > MAX_LENGTHS["asset_path"]:
            found: AssetSource | str = gettext("文件路径 %(path)s 太长（最多 %(limit)s 个字符）。",
                                               path=relative, limit=MAX_LENGTHS["asset_path"])
        elif media_type is None:
            found = gettext(
                "不支持的文件类型 %(path)s（允许：%(types)s）。", path=relative,
                types=" ".join(sorted(MEDIA_TYPES)))
        elif isinstance(real, str):
            found = real
        elif real.stat().st_size > MAX_ASSET_BYTES:
            found = gettext("文件 %(path)s 超过 %(mb)s MB。", path=relative,
                            mb=MAX_ASSET_BYTES // (1024 * 1024))
        else:
            found = AssetSource.from_file(relative, real, media_type)
        if isinstance(found, str):
            self.asset_errors[relative] = found
        else:
            self.assets[relative] = found
        return found

    # -- course.md fields ----------------------------------------------------------------

    def text(self, matter: FrontMatter, relative: str, key: str) -> str:
        return self.take(relative, shared_fields.text(matter, key, MAX_LENGTHS.get(key)))

    def tags(self, matter: FrontMatter) -> list[str]:
        return self.take(COURSE_FILE, fields.tags(matter))

    def credit_hours(self, matter: FrontMatter) -> Decimal:
        return self.take(COURSE_FILE, shared_fields.credit_hours(matter))

    def take(self, relative: str, checked: shared_fields.Checked[T]) -> T:
        value, problems = checked
        for line, message in problems:
            self.problem(relative, line, message)
        return value

    def audience(self, matter: FrontMatter) -> dict:
        stored, problems = audience_rules.normalise(matter.data.get("audience"))
        for where, message in problems:
            self.problem(COURSE_FILE, matter.line_of("audience", *where), message)
        required = matter.data.get("audience")
        units = stored.get("required", {}).get("units", [])
        for code in units:
            index = _index_of(required, code)
            path: tuple[str | int, ...] = ("audience", "required", "units")
            line = matter.line_of(*path, index) if index is not None else matter.line_of(*path)
            self.unit_lines.setdefault(code, (display_path(self.folder / COURSE_FILE), line))
        return stored

    # -- lessons -------------------------------------------------------------------------

    def read_lessons(self, matter: FrontMatter) -> list[LessonContent]:
        value = matter.data.get("lessons")
        if value is None:
            return []
        if not isinstance(value, list) or not value:
            self.problem(COURSE_FILE, matter.line_of("lessons"),
                         gettext("lessons 必须是课节文件名的列表。"))
            return []
        lessons: list[LessonContent] = []
        keys: dict[str, str] = {}
        for index, item in enumerate(value):
            line = matter.line_of("lessons", index)
            name = normalise_reference(COURSE_FILE, item) if isinstance(item, str) else None
            if name is None or not name.lower().endswith(".md") or name == COURSE_FILE:
                self.problem(COURSE_FILE, line, gettext(
                    "lessons 第 %(n)s 项 %(item)s 不是课程文件夹内的 .md 课节文件。", n=index + 1,
                    item=item))
                continue
            if len(name) > MAX_LENGTHS["lesson_file"]:
                self.problem(COURSE_FILE, line, gettext(
                    "课节文件路径 %(name)s 太长（最多 %(limit)s 个字符）。", name=name,
                    limit=MAX_LENGTHS["lesson_file"]))
                continue
            if name in self.listed:
                self.problem(COURSE_FILE, line, gettext("课节 %(name)s 重复列出。", name=name))
                continue
            self.listed[name] = Path(name).stem
            lesson = self.read_lesson(name, line)
            if lesson is None:
                continue
            if lesson.key in keys:
                self.problem(name, self.key_lines.get(name, 1), gettext(
                    "课节标识 %(key)s 与 %(other)s 重复。", key=lesson.key, other=keys[lesson.key]))
            keys[lesson.key] = name
            lessons.append(lesson)
        return lessons

    def read_lesson(self, name: str, listed_at: int) -> LessonContent | None:
        real = self.inside(name)
        if isinstance(real, str):
            self.problem(COURSE_FILE, listed_at, real)
            return None
        matter = self.front_matter(name, LESSON_KEYS, LESSON_REQUIRED)
        if matter is None:
            return None
        key = self.take(name, fields.lesson_key(matter, Path(name).stem))
        self.key_lines[name] = matter.line_of("key") if "key" in matter.data else 1
        minutes = self.take(name, fields.minutes(matter))
        video = self.video(name, matter)
        if video is None and "minutes" in matter.data:
            self.check_minutes(name, matter, minutes)
        optional = self.take(name, fields.optional(matter))
        audience = self.lesson_audience(name, matter)
        if optional and audience:
            self.problem(name, matter.line_of("optional"), gettext(
                "optional: true 与 audience 不能同时使用：选学课节对所有人都是选学；"
                "写了 audience 的课节对其他人本来就是选学。"))
        return LessonContent(file_name=name, key=key, title=self.text(matter, name, "title"),
                             minutes=minutes,
                             markdown=matter.body, video=video, optional=optional,
                             audience=audience)

    def check_minutes(self, name: str, matter: FrontMatter, minutes: int) -> None:
        """A warning when `minutes` is far from what the text takes to study
        (reading_time); lessons with a video are not estimated."""
        estimated = estimate(matter.body)
        if not honest(minutes, estimated):
            self.warnings.append(Problem(display_path(self.folder / name),
                                         matter.line_of("minutes"), gettext(
                "提示：minutes 为 %(minutes)s，按正文估计约 %(estimate)s 分钟（每分钟约 300 个汉字，"
                "表格、思考题另加），相差一倍以上，请核对。", minutes=minutes,
                estimate=rounded(estimated))))

    def lesson_audience(self, name: str, matter: FrontMatter) -> dict:
        """`audience:` of a lesson: the criteria of a course's `audience.required`, written
        directly; stored like a course's ({"required": {...}})."""
        value = matter.data.get("audience")
        if value is None:
            return {}
        if not isinstance(value, dict) or not value:
            self.problem(name, matter.line_of("audience"), gettext(
                "课节的 audience 必须是条件的映射，例如 political_status: [中共党员]（可用：%(keys)s）。",
                keys=", ".join(audience_rules.CRITERIA)))
            return {}
        stored, problems = audience_rules.normalise({"required": value})
        for where, message in problems:
            self.problem(name, matter.line_of("audience", *where[1:]), message)
        for index, code in enumerate(stored.get("required", {}).get("units", [])):
            line = matter.line_of("audience", "units", index) if isinstance(
                value.get("units"), list) else matter.line_of("audience", "units")
            self.unit_lines.setdefault(code, (display_path(self.folder / name), line))
        return stored

    def video(self, name: str, matter: FrontMatter) -> str | None:
        value = matter.data.get("video")
        if value is None:
            return None
        line = matter.line_of("video")
        relative = normalise_reference(name, value) if isinstance(value, str) else None
        if relative is None:
            self.problem(name, line, gettext("video 必须是课程文件夹内的相对路径。"))
            return None
        if os.path.splitext(relative)[1].lower() not in VIDEO_TYPES:
            self.problem(name, line, gettext("video 只能是 .mp4 或 .webm 文件。"))
            return None
        found = self.lookup_asset(relative)
        if isinstance(found, str):
            self.problem(name, line, found)
            return None
        if len(asset_url(self.slug, found.sha256, relative)) > MAX_VIDEO_URL:
            self.problem(name, line, gettext("视频文件名太长，请改短。"))
            return None
        return relative

    # -- rendering: links, images, unsafe HTML -------------------------------------------

    def check_rendering(self, content: CourseContent) -> None:
        files = [(COURSE_FILE, content.intro_markdown)]
        files += [(lesson.file_name, lesson.markdown) for lesson in content.lessons]
        ids: dict[str, frozenset[str]] = {}
        references: list[Reference] = []
        # Links to a listed lesson that failed to load were reported with that lesson.
        lesson_files = {**self.listed, **content.lesson_files}
        occurrences: Counter[tuple[str, str]] = Counter()

        def line(relative: str, needle: str) -> int:
            """Each report of the same text in a file names the next place it stands."""
            nth = occurrences[relative, needle]
            occurrences[relative, needle] += 1
            return self.line_of(relative, needle, nth)

        for relative, text in files:
            try:
                result, refs = render_course_markdown(
                    text, slug=content.slug, source_file=relative, lesson_files=lesson_files,
                    lookup_asset=self.lookup_asset)
            except MarkdownRefused as error:
                self.problem(relative, self.refusal_line(relative, text, error),
                             error.translated())
                continue
            ids[relative] = frozenset(html_lib.unescape(i) for i in result.ids)
            references += refs
            for issue in result.issues:
                self.problem(relative, line(relative, issue.needle), issue.message)
            for anchor in re.findall(r'href="#([^"]*)"', result.html):
                anchor = html_lib.unescape(anchor)
                if anchor and anchor not in ids[relative]:
                    self.problem(relative, line(relative, "#" + anchor), gettext(
                        "页内链接 #%(anchor)s 找不到对应的标题。", anchor=anchor))
        for ref in references:
            if ref.kind == "invalid":
                self.problem(ref.source_file, line(ref.source_file, ref.url), ref.problem)
            elif (ref.kind == "lesson" and ref.fragment and ref.target in ids
                  and ref.fragment not in ids[ref.target]):
                self.problem(ref.source_file, line(ref.source_file, ref.url), gettext(
                    "链接 %(url)s：课节 %(target)s 中没有锚点 #%(anchor)s。", url=ref.url,
                    target=ref.target, anchor=ref.fragment))

    def refusal_line(self, relative: str, body: str, error: MarkdownRefused) -> int:
        """The line where the limit was crossed, or where the refused construct starts."""
        if error.offset is not None:
            return self.body_lines.get(relative, 1) + body.count("\n", 0, error.offset)
        return self.line_of(relative, error.needle) if error.needle else \
            self.body_lines.get(relative, 1)

    def line_of(self, relative: str, needle: str, nth: int = 0) -> int:
        """The body line of the `nth` place (from 0) where `needle` stands: as written,
        URL-decoded, or behind HTML character references (`jav&#x09;ascript:` is reported
        as the sanitiser read it, with a tab). The first body line if it stands nowhere."""
        text = self.texts.get(relative, "")
        start = self.body_lines.get(relative, 1)
        candidates = {n.lower() for n in {needle, unquote(needle)} if n}
        seen = 0
        for offset, written in enumerate(text.splitlines()[start - 1:]):
            forms = {written.lower(), html_lib.unescape(written).lower()}
            seen += max(form.count(candidate) for form in forms for candidate in candidates)
            if seen > nth:
                return start + offset
        return start


def _index_of(mapping: Any, code: str) -> int | None:
    try:
        values = mapping["required"]["units"]
        values = [values] if isinstance(values, str | int) else values
        return [str(v).strip() for v in values].index(code)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
