"""The lines that mean something in a quiz file, shared by the reader and the writer so
that what one escapes the other reads back.

A line of text that would read as syntax (a `## ` heading, a choice, `答案：`, `解析：`,
an indented `反馈：`) is written with a `\\` before it (after its indentation); the
reader removes that one backslash. Inside fenced code blocks nothing is syntax.
"""

from __future__ import annotations

import re

TYPE_NAMES = {
    "单选": "single", "多选": "multiple", "判断": "true_false", "填空": "fill", "心得": "essay",
    "single": "single", "multiple": "multiple", "true_false": "true_false", "fill": "fill",
    "essay": "essay",
}
CHINESE_NAMES = {"single": "单选", "multiple": "多选", "true_false": "判断", "fill": "填空",
                 "essay": "心得"}

QUESTION_HEADING = re.compile(r"^##(?:[ \t]+(.*?))?[ \t]*$")
TOP_HEADING = re.compile(r"^#(?:[ \t]|$)")
# `- [x] text`, `- [ ] text`, `- [50%] text`, `- [-25%] text` (a decimal share is read,
# then refused with a message).
CHOICE = re.compile(r"^-[ \t]+\[( |x|X|[+-]?\d+(?:\.\d+)?%)\](?:[ \t]+(.*?))?[ \t]*$")
ANSWER = re.compile(r"^答案[ \t]*[：:][ \t]*(.*?)[ \t]*$")
EXPLANATION = re.compile(r"^解析[ \t]*[：:][ \t]*(.*?)[ \t]*$")
FEEDBACK = re.compile(r"^反馈[ \t]*[：:][ \t]*(.*?)[ \t]*$")  # after the indentation
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
ATTRIBUTES = re.compile(r'\{((?:[^{}"]|"(?:[^"\\\n]|\\.)*")*)\}[ \t]*$')
TOLERANCE = re.compile(r"^([+-]?\d+(?:\.\d+)?)[ \t]*(?:±|\+-|\+/-)[ \t]*(\d+(?:\.\d+)?)$")
INDENT = re.compile(r"^[ \t]*")


def split_indent(line: str) -> tuple[str, str]:
    indent = INDENT.match(line).group()  # type: ignore[union-attr]
    return indent, line[len(indent):]


def _is_syntax(indent: str, rest: str) -> bool:
    if indent:
        return bool(FEEDBACK.match(rest))
    return bool(QUESTION_HEADING.match(rest) or TOP_HEADING.match(rest) or CHOICE.match(rest)
                or ANSWER.match(rest) or EXPLANATION.match(rest))


def syntax_like(line: str) -> bool:
    """Whether the line reads as syntax, or as an escaped syntax line (so that a
    backslash written by the author survives a write and a read)."""
    indent, rest = split_indent(line)
    while rest.startswith("\\"):
        if _is_syntax(indent, rest):
            return True
        rest = rest[1:]
    return _is_syntax(indent, rest)


def escape(line: str) -> str:
    indent, rest = split_indent(line)
    return f"{indent}\\{rest}" if syntax_like(line) else line


def unescape(line: str) -> str:
    indent, rest = split_indent(line)
    if rest.startswith("\\") and syntax_like(indent + rest[1:]):
        return indent + rest[1:]
    return line


class Fences:
    """Follows fenced code blocks line by line (``` or ~~~, closed by a fence of the same
    character at least as long)."""

    def __init__(self) -> None:
        self.open: str | None = None
        self.opened_at = 0

    def step(self, line: str, number: int = 0) -> bool:
        """Feed a line; True when the line is inside a block or is one of its fences."""
        found = FENCE.match(line)
        if self.open is None:
            if found:
                self.open, self.opened_at = found.group(1), number
                return True
            return False
        if found and found.group(1)[0] == self.open[0] and len(found.group(1)) >= len(
                self.open) and not line[found.end():].strip():
            self.open = None
        return True


def escape_block(text: str) -> list[str]:
    """Markdown text as lines of a quiz file: syntax-like lines escaped outside fences."""
    fences = Fences()
    lines = []
    for line in text.split("\n"):
        lines.append(line if fences.step(line) else escape(line))
    return lines
