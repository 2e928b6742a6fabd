"""GIFT's text layer: escapes, the block a question is written in, and `[format]` markers.

Escaped characters (`\\=` `\\~` `\\#` `\\{` `\\}` `\\:` and `\\n`) are swapped for private-use
placeholders as the block is read, so the parser can look for `{`, `~`, `=`, `#`, `:`
without ever meeting an escaped one; `restore` gives the characters back at the end.
Every character of a block remembers its source line, for `path:line` problems.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from learnhub.core.markdown import plain_text
from learnhub.quizzes.format.keys import hard_breaks

ESCAPABLE = ":#={}~"
_PLACEHOLDERS = {char: chr(0xE000 + index) for index, char in enumerate(ESCAPABLE)}
NEWLINE = "\ue010"  # `\n`: a line break the author asked for
BACKSLASH = "\ue011"  # `\\`
_RESTORE = str.maketrans({**{v: k for k, v in _PLACEHOLDERS.items()}, BACKSLASH: "\\"})

FORMATS = ("moodle", "markdown", "plain", "html")
_FORMAT_MARKER = re.compile(r"\s*\[(moodle|markdown|plain|html)\]")
# What Markdown would take as markup in text the author marked [plain].
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|])")
_LINE_START_SPECIAL = re.compile(r"^(\s*)([-+>]|\d+\.)", re.MULTILINE)


@dataclass(frozen=True)
class Block:
    """Consecutive lines of one question (or `$CATEGORY:`), escapes replaced;
    `lines[i]` is the source line of `text[i]`."""

    text: str
    lines: tuple[int, ...]

    def line_at(self, offset: int) -> int:
        if not self.lines:
            return 1
        return self.lines[max(0, min(offset, len(self.lines) - 1))]

    def slice(self, start: int, end: int | None = None) -> Block:
        return Block(self.text[start:end], self.lines[start:end])


def _escape_line(raw: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(raw):
        char = raw[index]
        following = raw[index + 1] if index + 1 < len(raw) else ""
        if char == "\\" and following == "\\":
            out.append(BACKSLASH)
            index += 2
        elif char == "\\" and following in _PLACEHOLDERS:
            out.append(_PLACEHOLDERS[following])
            index += 2
        elif char == "\\" and following == "n":
            out.append(NEWLINE)
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def blocks(text: str) -> Iterator[Block]:
    """The file's blocks: separated by blank lines, without `//` comment lines. A blank
    line inside an open `{…}` does not end the block (Moodle would end it there and then
    complain that the `}` is missing)."""
    chars: list[str] = []
    lines: list[int] = []
    depth = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if stripped.startswith("//"):
            continue
        if not stripped and depth == 0:
            if chars:
                yield Block("".join(chars), tuple(lines))
                chars, lines = [], []
            continue
        line = _escape_line(raw.rstrip())
        if chars:
            chars.append("\n")
            lines.append(lines[-1])
        chars.extend(line)
        lines.extend([number] * len(line))
        depth = max(0, depth + line.count("{") - line.count("}"))
    if chars:
        yield Block("".join(chars), tuple(lines))


def restore(text: str) -> str:
    """The author's characters for the placeholders (`\\n` stays NEWLINE)."""
    return text.translate(_RESTORE)


def split_format(text: str, default: str) -> tuple[str, str]:
    """(format, text without its `[format]` marker); `default` when there is none."""
    found = _FORMAT_MARKER.match(text)
    if found is None:
        return default, text
    return found.group(1), text[found.end():]


def as_markdown(text: str, text_format: str) -> str:
    """Question text or general feedback in our Markdown.

    markdown: as written. html: as written, since Markdown takes HTML as it is and the one
    renderer's allow-list (`core.markdown`) removes what is not safe when it is saved.
    moodle (the default) and plain: text whose line breaks are line breaks; plain also
    has the characters Markdown would read as markup escaped, so it shows as typed."""
    text = restore(text)
    if text_format == "markdown":
        return text.replace(NEWLINE, "\n")
    if text_format == "html":
        return text.replace(NEWLINE, "<br>")
    if text_format == "plain":
        text = _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;")
        text = _LINE_START_SPECIAL.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return hard_breaks(text.replace(NEWLINE, "\n"))


def as_text(text: str, text_format: str, *, one_line: bool = False) -> str:
    """An option or a feedback as plain text: HTML is reduced to its text (tags dropped,
    entities decoded), the other formats are kept as written."""
    text = restore(text).replace(NEWLINE, "\n")
    if text_format == "html":
        text = plain_text(text.replace("\n", "<br>"))
    if one_line:
        text = " ".join(text.split())
    return text.strip()
