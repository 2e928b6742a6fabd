"""GIFT, Moodle's text format for questions, into QuestionSpecs: pure, no database.

A question is a block of lines (blank lines between questions): an optional
`::title::`, an optional `[format]` marker, the question text with one answer section
`{…}` at its end or in its middle (then the prompt shows the blank as ____), and
`$CATEGORY: a/b` lines that set the category of the questions after them. The mapping,
construct by construct, and what is refused are in docs/quiz-imports.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext

from learnhub.authoring.problems import Problem
from learnhub.quizzes.format.gift_answers import Answers, Refused, parse_answers
from learnhub.quizzes.format.gift_text import (
    Block,
    as_markdown,
    as_text,
    blocks,
    restore,
    split_format,
)
from learnhub.quizzes.format.keys import normalise_newlines, slug_key, unique_keys
from learnhub.quizzes.questions.spec import QuestionSpec

MAX_TITLE = 200
MAX_CATEGORY = 100
BLANK = "____"
_CATEGORY = re.compile(r"\s*\$CATEGORY:", re.IGNORECASE)
# Moodle writes a `/` inside a category name as `//`.
_PATH_SEPARATOR = re.compile(r"(?<!/)/(?!/)")


@dataclass
class _Reading:
    path: str
    category: str = ""
    problems: list[Problem] = field(default_factory=list)

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))


def parse_gift(text: str, path: str) -> tuple[list[QuestionSpec], list[Problem]]:
    """Every question of a GIFT file, and every problem as `path:line: message`."""
    reading = _Reading(path=path)
    specs: list[QuestionSpec] = []
    wanted_keys: list[str | None] = []
    for written in blocks(normalise_newlines(text)):
        block = _take_category(written, reading)
        if block is None:
            continue
        parsed = _question(block, reading)
        if parsed is not None:
            spec, key = parsed
            specs.append(spec)
            wanted_keys.append(key)
    keys = unique_keys(wanted_keys)
    specs = [spec.with_key(key) for spec, key in zip(specs, keys, strict=True)]
    return specs, reading.problems


def category_name(path: str) -> str:
    """Our category is the last part of Moodle's category path: `$course$/top/党章/党员权利`
    → 党员权利 (`$…$` contexts and Moodle's `top` are containers, not names)."""
    parts = [part.strip().replace("//", "/") for part in _PATH_SEPARATOR.split(path.strip())]
    parts = [part for part in parts if part and not (part.startswith("$") and part.endswith("$"))]
    if parts and parts[0] == "top":
        parts = parts[1:]
    return parts[-1] if parts else ""


def _take_category(block: Block, reading: _Reading) -> Block | None:
    """Apply a leading `$CATEGORY:` line; the rest of the block (if any) is a question."""
    found = _CATEGORY.match(block.text)
    if found is None:
        return block
    line_end = block.text.find("\n")
    line_end = len(block.text) if line_end < 0 else line_end
    name = category_name(as_text(block.text[found.end():line_end], "plain"))
    if len(name) > MAX_CATEGORY:
        reading.problem(block.line_at(0), gettext(
            "分类名称“%(name)s…”超过 %(max)s 个字符。", name=name[:20], max=MAX_CATEGORY))
    else:
        reading.category = name
    rest = block.slice(line_end + 1)
    return rest if rest.text.strip() else None


def _question(block: Block, reading: _Reading) -> tuple[QuestionSpec, str | None] | None:
    text = block.text
    start = len(text) - len(text.lstrip())
    first_line = block.line_at(start)
    title = ""
    if text.startswith("::", start):
        title_end = text.find("::", start + 2)
        if title_end < 0:
            reading.problem(first_line, gettext("题目名称少了结尾的 ::（写法：::名称:: 题干）。"))
            return None
        title = as_text(text[start + 2:title_end], "plain", one_line=True)
        start = title_end + 2
        if len(title) > MAX_TITLE:
            reading.problem(first_line, gettext(
                "题目名称超过 %(max)s 个字符。", max=MAX_TITLE))
            return None
    opening, closing = text.find("{", start), text.find("}", start)
    if opening < 0 and closing < 0:
        reading.problem(first_line, gettext(
            "这段文字没有答案部分 {…}：Moodle 的“说明”（description）不是题目，无法导入。"
            "请删除它，或在每行前加 // 改为注释。"))
        return None
    if closing < 0:
        reading.problem(block.line_at(opening), gettext(
            "答案部分的 { 没有对应的 }（答案中的 { } 要写成 \\{ \\}）。"))
        return None
    if opening < 0 or closing < opening:
        reading.problem(block.line_at(closing), gettext("多了一个 }：前面没有对应的 {。"))
        return None
    extra = min((i for i in (text.find("{", opening + 1), text.find("}", closing + 1))
                 if i >= 0), default=-1)
    if extra >= 0:
        reading.problem(block.line_at(extra), gettext(
            "一道题只能有一个答案部分 {…}：多空题（一题多个空）无法导入。"
            "请拆成几道题，或把文字中的 { } 写成 \\{ \\}。"))
        return None
    text_format, before = split_format(text[start:opening], "moodle")
    answer_end = text.rfind("####", opening + 1, closing)
    explanation = ""
    if answer_end >= 0:
        feedback_format, feedback = split_format(text[answer_end + 4:closing].strip(),
                                                 text_format)
        explanation = as_markdown(feedback, feedback_format).strip()
    else:
        answer_end = closing
    try:
        answers = parse_answers(block, opening + 1, answer_end, text_format)
    except Refused as refused:
        reading.problem(refused.line, refused.message)
        return None
    prompt = _prompt(before, text[closing + 1:], text_format)
    if not prompt:
        reading.problem(first_line, gettext("题干是空的。"))
        return None
    return _spec(answers, prompt, title, explanation, reading.category, first_line), \
        slug_key(title) or None


def _prompt(before: str, after: str, text_format: str) -> str:
    """The question text; an answer section with text after it is a blank (Moodle's
    "missing word"), shown as ____."""
    head = as_markdown(before.strip(), text_format)
    if not restore(after).strip():
        return head.strip()
    tail = as_markdown(after.rstrip(), text_format)
    return f"{head}{' ' if before.endswith(' ') else ''}{BLANK}{tail}".strip()


def _spec(answers: Answers, prompt: str, title: str, explanation: str, category: str,
          line: int) -> QuestionSpec:
    return QuestionSpec(type=answers.type, prompt=prompt, choices=answers.choices,
                        title=title, category=category, partial_credit=answers.partial_credit,
                        explanation=explanation, line=line)
