"""Front-matter values: each reader returns the cleaned value and its problems as (line, message)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TypeVar

import yaml
from flask_babel import gettext

from learnhub.core.control_characters import control_character
from learnhub.courses.frontmatter import FrontMatter

T = TypeVar("T")
Checked = tuple[T, list[tuple[int, str]]]

SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
LESSON_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
MAX_LENGTHS = {"title": 200, "summary": 1000, "category": 100, "tag": 50, "owner_unit": 64,
               "slug": 100, "key": 100, "lesson_file": 200, "asset_path": 500}
MAX_VIDEO_URL = 700
MAX_CREDIT_HOURS = Decimal("9999.99")
MAX_MINUTES = 1440


# `tags: 党建, 三会一课` written without brackets is a list, as the web editor reads it.
LIST_SEPARATORS = re.compile(r"[,，、;；]+")


def split_scalar(value: str) -> list[str]:
    """A list written as one string (`党建, 三会一课、组织生活`) → its items."""
    return [item.strip() for item in LIST_SEPARATORS.split(value) if item.strip()]


def _scalar_text(value: object) -> str | None:
    """YAML gives numbers and dates for some text (`title: 2026`); take them as written."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value).strip()


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


def text(matter: FrontMatter, key: str) -> Checked[str]:
    value = matter.data.get(key)
    if value is None:
        return "", []
    cleaned = _scalar_text(value)
    if cleaned is None:
        return "", [(matter.line_of(key), gettext("%(key)s 必须是文字。", key=key))]
    limit = MAX_LENGTHS.get(key)
    if limit and len(cleaned) > limit:
        return cleaned, [(matter.line_of(key), gettext(
            "%(key)s 太长（最多 %(limit)s 个字符）。", key=key, limit=limit))]
    return cleaned, []


def tags(matter: FrontMatter) -> Checked[list[str]]:
    value = matter.data.get("tags")
    if value is None:
        return [], []
    if isinstance(value, str):
        value = split_scalar(value)
    if not isinstance(value, list):
        return [], [(matter.line_of("tags"), gettext("tags 必须是列表。"))]
    result: list[str] = []
    problems = []
    for index, item in enumerate(value):
        cleaned = _scalar_text(item)
        if not cleaned or len(cleaned) > MAX_LENGTHS["tag"]:
            problems.append((matter.line_of("tags", index), gettext(
                "标签必须是 1 到 %(limit)s 个字符的文字。", limit=MAX_LENGTHS["tag"])))
        elif cleaned not in result:
            result.append(cleaned)
    return result, problems


def credit_hours(matter: FrontMatter) -> Checked[Decimal]:
    value = matter.data.get("credit_hours")
    zero = Decimal("0.00")
    if value is None:
        return zero, []
    line = matter.line_of("credit_hours")
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        hours = Decimal(str(value).strip())
        if not hours.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        return zero, [(line, gettext("credit_hours 必须是数字，例如 2 或 1.5。"))]
    if hours < 0 or hours > MAX_CREDIT_HOURS or hours != hours.quantize(Decimal("0.01")):
        return zero, [(line, gettext("credit_hours 必须在 0 到 9999.99 之间，最多两位小数。"))]
    return hours.quantize(Decimal("0.01")), []


def minutes(matter: FrontMatter) -> Checked[int]:
    value = matter.data.get("minutes")
    if value is None:
        return 1, []  # reported as a missing required key
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_MINUTES:
        return 1, [(matter.line_of("minutes"), gettext(
            "minutes 必须是 1 到 %(max)s 之间的整数（预计学习分钟数）。", max=MAX_MINUTES))]
    return value, []


def lesson_key(matter: FrontMatter, default: str) -> Checked[str]:
    value = matter.data.get("key", default)
    if not isinstance(value, str) or not LESSON_KEY.match(value) or len(value) > MAX_LENGTHS["key"]:
        return default, [(matter.line_of("key"), gettext(
            "课节标识 %(key)s 无效：只能用字母、数字、.、- 和 _（写在引号里），最多 100 个字符。",
            key=value))]
    return value, []
