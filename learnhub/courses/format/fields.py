"""The course format's names and limits, and the readers of course and lesson front-matter
values that only courses have; each reader returns the cleaned value and its problems as
(line, message). The readers every kind shares are in `learnhub.authoring.fields`."""

from __future__ import annotations

import re

from flask_babel import gettext

from learnhub.authoring.fields import Checked, scalar_text, split_scalar
from learnhub.authoring.frontmatter import FrontMatter

SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
LESSON_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
MAX_LENGTHS = {"title": 200, "summary": 1000, "category": 100, "tag": 50, "owner_unit": 64,
               "slug": 100, "key": 100, "lesson_file": 200, "asset_path": 500}
MAX_VIDEO_URL = 700
MAX_MINUTES = 1440


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
        cleaned = scalar_text(item)
        if not cleaned or len(cleaned) > MAX_LENGTHS["tag"]:
            problems.append((matter.line_of("tags", index), gettext(
                "标签必须是 1 到 %(limit)s 个字符的文字。", limit=MAX_LENGTHS["tag"])))
        elif cleaned not in result:
            result.append(cleaned)
    return result, problems


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


def optional(matter: FrontMatter) -> Checked[bool]:
    value = matter.data.get("optional")
    if value is None:
        return False, []
    if not isinstance(value, bool):
        return False, [(matter.line_of("optional"), gettext(
            "optional 只能是 true（选学）或 false。"))]
    return value, []
