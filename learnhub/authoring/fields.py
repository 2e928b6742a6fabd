"""Front-matter values any content kind reads: each reader returns the cleaned value and its
problems as (line, message)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TypeVar

import yaml
from flask_babel import gettext

from learnhub.authoring.frontmatter import FrontMatter
from learnhub.core.control_characters import control_character

T = TypeVar("T")
Checked = tuple[T, list[tuple[int, str]]]

MAX_CREDIT_HOURS = Decimal("9999.99")  # the columns are Numeric(6, 2)
CENT = Decimal("0.01")

# `tags: 党建, 三会一课` written without brackets is a list, as the web editor reads it.
LIST_SEPARATORS = re.compile(r"[,，、;；]+")


def control_character_message(char: str) -> str:
    return gettext("含有不允许的控制字符（%(char)s），请删除。", char=char)


def control_characters(matter: FrontMatter) -> list[tuple[int, str]]:
    """Control characters that YAML escapes (`"\\0"`, `"\\x1b"`) put in keys or values."""
    problems = []
    pending = [matter.node] if matter.node is not None else []
    seen: set[int] = set()  # aliases share nodes, and may even make a cycle (`&a [*a]`)
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            char = control_character(str(node.value))
            if char is not None:
                problems.append((node.start_mark.line + 2, control_character_message(char)))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            pending.extend(part for pair in node.value for part in pair)
    return sorted(problems)


def split_scalar(value: str) -> list[str]:
    """A list written as one string (`党建, 三会一课、组织生活`) → its items."""
    return [item.strip() for item in LIST_SEPARATORS.split(value) if item.strip()]


def scalar_text(value: object) -> str | None:
    """YAML gives numbers and dates for some text (`title: 2026`); take them as written."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value).strip()


def text(matter: FrontMatter, key: str, max_length: int | None = None) -> Checked[str]:
    value = matter.data.get(key)
    if value is None:
        return "", []
    cleaned = scalar_text(value)
    if cleaned is None:
        return "", [(matter.line_of(key), gettext("%(key)s 必须是文字。", key=key))]
    if max_length and len(cleaned) > max_length:
        return cleaned, [(matter.line_of(key), gettext(
            "%(key)s 太长（最多 %(limit)s 个字符）。", key=key, limit=max_length))]
    return cleaned, []


def _finite_decimal(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _credit_hours_in_range(hours: Decimal) -> bool:
    """学时 from 0 to 9999.99, with at most two decimals."""
    return 0 <= hours <= MAX_CREDIT_HOURS and hours == hours.quantize(CENT)


def credit_hours_value(value: object) -> Decimal | None:
    """`value` (as typed in a form or written in a file) as credit hours, or None when it
    is not a number in range."""
    hours = _finite_decimal(value)
    if hours is None or not _credit_hours_in_range(hours):
        return None
    return hours.quantize(CENT)


def credit_hours(matter: FrontMatter) -> Checked[Decimal]:
    value = matter.data.get("credit_hours")
    zero = Decimal("0.00")
    if value is None:
        return zero, []
    line = matter.line_of("credit_hours")
    hours = _finite_decimal(value)
    if hours is None:
        return zero, [(line, gettext("credit_hours 必须是数字，例如 2 或 1.5。"))]
    if not _credit_hours_in_range(hours):
        return zero, [(line, gettext("credit_hours 必须在 0 到 9999.99 之间，最多两位小数。"))]
    return hours.quantize(CENT), []
