"""Read a quiz file (docs/authoring.md, "测验 / Quizzes") into a `ParsedQuiz`, with every
problem as `path:line: message`. Pure: nothing here touches the database; the checks that
need it (the course, other banks) are in `quizzes.publishing`."""

from __future__ import annotations

import html as html_lib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from flask_babel import gettext

from learnhub.authoring import fields as shared_fields
from learnhub.authoring.frontmatter import split
from learnhub.authoring.problems import Problem, display_path
from learnhub.core.control_characters import control_character_line
from learnhub.core.markdown import MarkdownLimits, MarkdownRefused, check_size, render
from learnhub.core.timeutil import site_zone
from learnhub.quizzes.blueprint import RESERVED_SLUGS
from learnhub.quizzes.format.questions import read_body
from learnhub.quizzes.format.settings import MAX_LENGTHS, SLUG, QuizSettings, read_settings
from learnhub.quizzes.questions.spec import QuestionSpec

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_QUESTIONS = 2000


@dataclass
class ParsedQuiz:
    """A quiz file as read. `specs` is empty when there are problems (nothing of the quiz
    may be published); `settings` and `description` are what could be read."""

    path: str  # as printed in messages
    slug: str
    settings: QuizSettings
    description: str = ""
    specs: list[QuestionSpec] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    source: str = ""  # the file's text (line endings normalised), kept with each version

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_quiz_file(path: Path) -> ParsedQuiz:
    """Read a quiz file from disk (UTF-8, a byte-order mark tolerated); the slug is the
    file's stem."""
    shown = display_path(path)
    empty = ParsedQuiz(shown, path.stem, QuizSettings())
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            empty.problems.append(Problem(shown, 1, gettext(
                "文件太大（%(size)s KB，最多 %(max)s KB）。", size=size // 1024,
                max=MAX_FILE_BYTES // 1024)))
            return empty
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        empty.problems.append(Problem(shown, 1, gettext("文件不是 UTF-8 编码。")))
        return empty
    except OSError as error:
        empty.problems.append(Problem(shown, 1, gettext(
            "无法读取 %(path)s：%(error)s", path=path.name, error=error.strerror)))
        return empty
    return parse_quiz(text, path=shown, slug=path.stem)


def parse_quiz(text: str, *, path: str = "quiz.md", slug: str = "quiz",
               zone: ZoneInfo | None = None) -> ParsedQuiz:
    """Read a quiz's Markdown; every problem is collected and reading goes on."""
    result = ParsedQuiz(path, slug, QuizSettings())

    def problem(line: int, message: str) -> None:
        result.problems.append(Problem(path, line, message))

    if not SLUG.match(slug) or len(slug) > MAX_LENGTHS["slug"]:
        problem(1, gettext("文件名 %(slug)s 不能用作测验标识：只能用小写字母、数字、- 和 _。",
                           slug=slug))
    elif slug in RESERVED_SLUGS:
        problem(1, gettext("文件名 %(slug)s 是系统页面的地址，不能用作测验标识：请换一个文件名。",
                           slug=slug))
    found = control_character_line(text)
    if found is not None:
        problem(found[0], shared_fields.control_character_message(found[1]))
        return result
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    result.source = text.removeprefix("\ufeff")
    matter = split(text)
    for line, message in matter.errors:
        problem(line, message)
    if matter.node is None:
        return result
    for line, message in shared_fields.control_characters(matter):
        problem(line, message)
    settings, setting_problems = read_settings(matter, zone or site_zone())
    result.settings = settings
    for line, message in setting_problems:
        problem(line, message)
    body = read_body(matter.body, matter.body_line)
    result.description = body.description
    for line, message in body.problems:
        problem(line, message)
    if not body.specs and not body.problems and not _borrows_every_question(settings):
        problem(matter.body_line, gettext("测验里没有题目：每道题以 ## 单选、## 多选、## 判断、"
                                          "## 填空 或 ## 心得 开始。"))
    if len(body.specs) > MAX_QUESTIONS:
        problem(body.specs[MAX_QUESTIONS].line, gettext(
            "题目太多（一个文件最多 %(max)s 道）。", max=MAX_QUESTIONS))
    _check_keys(body.specs, problem)
    for spec in body.keyless:
        result.warnings.append(Problem(path, spec.line, gettext(
            "提示：这道题没有 {#key}，按位置叫 %(key)s；调整题目顺序会让它变成另一道题，"
            "已作答的记录对不上。请加上 {#key}。", key=spec.key)))
    _check_selection(settings, body.specs, problem)
    for line, markdown_text in body.texts:
        _check_markdown(line, markdown_text, problem)
    result.problems.sort(key=lambda p: p.line)
    if not result.problems:
        result.specs = body.specs
    return result


def _borrows_every_question(settings: QuizSettings) -> bool:
    """A quiz whose questions all come from other banks (a contest's `bank/key` list, or
    draws that each name a bank) needs none of its own."""
    if settings.questions:
        return all("/" in key for key in settings.questions)
    return bool(settings.draw) and all(draw.bank for draw in settings.draw or [])


def _check_keys(specs: list[QuestionSpec], problem) -> None:
    first: dict[str, int] = {}
    for spec in specs:
        if spec.key in first:
            problem(spec.line, gettext("题目标识 %(key)s 重复（第 %(line)s 行已经用过）。",
                                       key=spec.key, line=first[spec.key]))
        else:
            first[spec.key] = spec.line


def _check_selection(settings: QuizSettings, specs: list[QuestionSpec], problem) -> None:
    """Fixed keys of this file must exist; draws from this file's categories must find
    enough questions (other banks are checked at sync, against the database)."""
    keys = {spec.key for spec in specs}
    for key in settings.questions or []:
        if "/" not in key and key not in keys:
            problem(settings.lines.get(f"questions:{key}", 1), gettext("questions 中的 %(key)s 不是本文件的题目。", key=key))
    wanted: Counter[str] = Counter()
    lines: dict[str, int] = {}
    for draw in settings.draw or []:
        if not draw.bank:
            wanted[draw.category] += draw.count
            lines.setdefault(draw.category, draw.line)
    have = Counter(spec.category for spec in specs)
    for category, count in wanted.items():
        if have[category] < count:
            problem(lines[category], gettext(
                "draw 要从分类 %(category)s 抽 %(count)s 道题，本文件这个分类只有 %(have)s 道。",
                category=category, count=count, have=have[category]))


def _check_markdown(line: int, markdown_text: str, problem) -> None:
    """Size limits, nesting and what the sanitiser would remove, as for lessons."""
    limits = MarkdownLimits.configured()
    try:
        check_size(markdown_text, limits)
        rendered = render(markdown_text, limits=limits)
    except MarkdownRefused as error:
        offset = markdown_text.count("\n", 0, error.offset) if error.offset is not None else 0
        problem(line + offset, error.translated())
        return
    for issue in rendered.issues:
        problem(line + _line_of(markdown_text, issue.needle), issue.message)


def _line_of(text: str, needle: str) -> int:
    for offset, written in enumerate(text.split("\n")):
        if needle and needle.lower() in (written.lower() + html_lib.unescape(written).lower()):
            return offset
    return 0
