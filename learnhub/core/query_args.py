"""Numbers in query strings (`?page=`, `?version=`, `?year=`), read one way everywhere.

`str.isdigit()` accepts `²`, which `int()` then refuses (a 500); `int()` itself accepts
` 7`, `1_0`, `-3` and `١٢`, refuses more than 4,300 digits, and returns numbers that
overflow the database's integer columns. Views read numbers with `request.args.get(name,
default, type=positive_int)` (a malformed value gives the default) or call it and answer
404 on ValueError.
"""

from __future__ import annotations

from flask import request

from learnhub.core.pagination import clamp_per_page

MAX_INT = 2**31 - 1  # ids and version numbers are 32-bit columns: nothing larger exists


def positive_int(value: str) -> int:
    """A number written in ASCII digits, at least 1; larger than MAX_INT reads as MAX_INT
    (a page past the end is the last page, a version that big does not exist). Anything
    else raises ValueError."""
    if not (value.isascii() and value.isdigit()):
        raise ValueError(value)
    digits = value.lstrip("0")
    if not digits:
        raise ValueError(value)
    return MAX_INT if len(digits) > len(str(MAX_INT)) else min(int(digits), MAX_INT)


def requested_page(default_per_page: int) -> tuple[int, int]:
    """(page, per_page) asked for by `?page=` and `?per_page=` of the current request: the
    first page and `default_per_page` unless given, at most `MAX_PER_PAGE` rows."""
    per_page = clamp_per_page(request.args.get("per_page", type=positive_int), default_per_page)
    return request.args.get("page", 1, type=positive_int), per_page
