"""Control characters are refused where text comes in: requests, forms, roster and course files.

PostgreSQL refuses NUL in text outright (every statement binding one fails), and the
other C0/C1 controls are invisible: nobody types them, and a name or a title holding one
is an error waiting to happen on some page or export. Tab, LF and CR are text where text
has lines (a textarea, a Markdown file); a single-line value has no business with them.
"""

from __future__ import annotations

import re

from flask import request

from learnhub.core.errors import DomainError

# C0 controls except tab, LF and CR; DEL; the C1 controls (U+0080-U+009F).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f]")


def control_character(text: str, *, multiline: bool = True) -> str | None:
    """The first control character in `text`, named as `U+0000`; None when there is none.
    With `multiline`, tab, LF and CR are allowed."""
    found = (_CONTROL if multiline else _CONTROL_IN_LINE).search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def control_character_line(text: str) -> tuple[int, str] | None:
    """(1-based line, `U+0000`) of the first control character in a text file, or None."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    return text.count("\n", 0, found.start()) + 1, f"U+{ord(found.group()):04X}"


class ControlCharacterInRequest(DomainError):
    """A query string, form field, path or file name held a control character."""

    code = "control_character"
    status = 400
    message = "提交的内容含有不允许的控制字符（%(char)s），请删除后重试。"


def refuse_control_characters() -> None:
    """Before every request: one check for every value a view or form may read, so no
    view has to remember it (names and paths are single-line; values may hold lines)."""
    found = _first_in_request()
    if found is not None:
        name, char = found
        raise ControlCharacterInRequest(char=char, fields={name: "control_character"})


def _first_in_request() -> tuple[str, str] | None:
    char = control_character(request.path, multiline=False)
    if char:
        return "path", char
    for source in (request.args, request.form):
        for name, value in source.items(multi=True):
            char = control_character(name, multiline=False) or control_character(value)
            if char:
                return name, char
    for name, upload in request.files.items(multi=True):
        char = (control_character(name, multiline=False)
                or control_character(upload.filename or "", multiline=False))
        if char:
            return name, char
    return None
