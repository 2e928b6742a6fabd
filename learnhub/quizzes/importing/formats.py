"""The formats `quiz import` reads, and how an uploaded file's bytes become text.

Adding a format is one line in PARSERS: a pure function (text, path) →
(question specs, problems), like `parse_gift`.
"""

from __future__ import annotations

from collections.abc import Callable

from learnhub.authoring.problems import Problem
from learnhub.core.messages import N_
from learnhub.quizzes.format.aiken import parse_aiken
from learnhub.quizzes.format.gift import parse_gift
from learnhub.quizzes.format.parsing import parse_quiz
from learnhub.quizzes.questions.spec import QuestionSpec

Parser = Callable[[str, str], tuple[list[QuestionSpec], list[Problem]]]


def parse_markdown_questions(text: str, path: str) -> tuple[list[QuestionSpec], list[Problem]]:
    """The questions of a file in our Markdown quiz format (an exported bank, or a quiz
    file); its settings stay with the file: a bank holds questions only."""
    parsed = parse_quiz(text, path=path, slug="imported-bank")
    return parsed.specs, parsed.problems


PARSERS: dict[str, Parser] = {
    "md": parse_markdown_questions,
    "gift": parse_gift,
    "aiken": parse_aiken,
}

# What `learnhub quiz import --format` accepts (a pinned interface).
FORMAT_NAMES = ("md", "gift", "aiken")

FORMAT_LABELS = {"md": N_("Markdown 测验格式"), "gift": N_("GIFT（Moodle 导出）"),
                 "aiken": N_("Aiken（选择题）")}  # msgids


def available_formats() -> list[str]:
    """The formats that can be imported now, in FORMAT_NAMES order."""
    return [name for name in FORMAT_NAMES if name in PARSERS]


class Undecodable(ValueError):
    """The bytes are neither UTF-8 nor GB18030 text."""


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without a byte order mark, UTF-16 with one (Windows
    Notepad's "Unicode"), else GB18030 (what Chinese Windows saves as "ANSI")."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise Undecodable() from None
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 (BOM)"
        except UnicodeDecodeError:
            pass  # some tools put a UTF-8 BOM in front of GB18030 text
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("gb18030"), "GB18030"
    except UnicodeDecodeError:
        raise Undecodable() from None
