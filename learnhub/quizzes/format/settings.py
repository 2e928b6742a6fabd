"""A quiz file's front matter: the quiz settings, each value checked with its line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext

from learnhub.authoring import fields as shared_fields
from learnhub.authoring.fields import scalar_text
from learnhub.authoring.frontmatter import FrontMatter, check_keys

# The same rule as a course's slug (a file stem here, a folder name there).
SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
KEY = re.compile(r"^[A-Za-z0-9_-]+$")
MAX_LENGTHS = {"title": 200, "slug": 100, "key": 100, "category": 100, "owner_unit": 64}
MODES = ("quiz", "practice", "contest")
GRADING = ("highest", "last", "average", "first")
REVIEW_PARTS = ("score", "responses", "correct", "explanations")
REVIEW_WHEN = ("immediately", "after_close", "never")
MAX_MINUTES = 100_000  # about ten weeks: beyond that a limit means nothing
MAX_ATTEMPTS = 1000
MAX_DRAW = 1000
QUIZ_KEYS = ("title", "course", "required", "mode", "pass_percent", "time_limit", "attempts",
             "cooldown", "grading", "opens", "closes", "shuffle_questions", "shuffle_choices",
             "credit_hours", "review", "questions", "draw", "show_names", "owner_unit")
TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S")

Problems = list[tuple[int, str]]


@dataclass(frozen=True)
class Draw:
    """`count` questions at random from `category` of a bank ("" = the quiz's own)."""

    category: str
    count: int
    bank: str = ""
    line: int = 0


@dataclass
class QuizSettings:
    """What the front matter says, with the defaults of docs/authoring.md. Times are UTC."""

    title: str = ""
    course: str | None = None
    required: bool = True
    mode: str = "quiz"
    pass_percent: int = 60
    time_limit: int | None = None
    attempts: int = 0
    cooldown: int = 0
    grading: str = "highest"
    opens: datetime | None = None
    closes: datetime | None = None
    shuffle_questions: bool = False
    shuffle_choices: bool = True
    credit_hours: Decimal = Decimal("0.00")
    review: dict[str, str] = field(
        default_factory=lambda: dict.fromkeys(REVIEW_PARTS, "immediately"))
    questions: list[str] | None = None  # fixed keys; `bank/key` for another bank's
    draw: list[Draw] | None = None
    show_names: bool = False
    owner_unit: str | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False)  # key → line


def read_settings(matter: FrontMatter, zone: ZoneInfo) -> tuple[QuizSettings, Problems]:
    """The settings and every problem in them (unknown keys, bad values), with lines."""
    reader = _Reader(matter, zone)
    problems = check_keys(matter, QUIZ_KEYS, ("title",))
    settings = reader.read()
    return settings, problems + reader.problems


class _Reader:
    def __init__(self, matter: FrontMatter, zone: ZoneInfo) -> None:
        self.matter = matter
        self.data: dict[str, Any] = matter.data
        self.zone = zone
        self.problems: Problems = []
        self.item_lines: dict[str, int] = {}

    def problem(self, key: str, message: str, *path: str | int) -> None:
        self.problems.append((self.matter.line_of(key, *path), message))

    def read(self) -> QuizSettings:
        s = QuizSettings()
        title, problems = shared_fields.text(self.matter, "title", MAX_LENGTHS["title"])
        self.problems += problems
        s.title = title
        s.course = self.slug("course")
        s.owner_unit = self.text("owner_unit") or None
        s.required = self.flag("required", True)
        s.mode = self.choice("mode", MODES, "quiz")
        s.pass_percent = self.integer("pass_percent", 60, 0, 100)
        s.time_limit = self.integer("time_limit", None, 1, MAX_MINUTES)
        s.attempts = self.integer("attempts", 0, 0, MAX_ATTEMPTS)
        s.cooldown = self.integer("cooldown", 0, 0, MAX_MINUTES)
        s.grading = self.choice("grading", GRADING, "highest")
        s.opens, s.closes = self.time("opens"), self.time("closes")
        if s.opens and s.closes and s.closes <= s.opens:
            self.problem("closes", gettext("closes 必须晚于 opens。"))
        s.shuffle_questions = self.flag("shuffle_questions", False)
        s.shuffle_choices = self.flag("shuffle_choices", True)
        hours, problems = shared_fields.credit_hours(self.matter)
        self.problems += problems
        s.credit_hours = hours
        s.review = self.review()
        s.show_names = self.flag("show_names", False)
        if s.show_names and s.mode != "contest":
            self.problem("show_names", gettext("show_names 只用于知识竞赛（mode: contest）。"))
        s.questions = self.fixed()
        s.draw = self.draws()
        if s.questions is not None and s.draw is not None:
            self.problem("draw", gettext("questions 和 draw 只能写一个：固定题目，或随机抽题。"))
        s.lines = {str(key): self.matter.line_of(str(key)) for key in self.data}
        s.lines.update(self.item_lines)
        return s

    # -- values ----------------------------------------------------------------------

    def text(self, key: str) -> str:
        value, problems = shared_fields.text(self.matter, key, MAX_LENGTHS.get(key))
        self.problems += problems
        return value

    def slug(self, key: str) -> str | None:
        value = self.text(key)
        if value and not SLUG.match(value):
            self.problem(key, gettext("%(key)s 必须是课程标识（小写字母、数字、- 和 _）。", key=key))
            return None
        return value or None

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(key, gettext("%(key)s 只能是 true 或 false。", key=key))
            return default
        return value

    def choice(self, key: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.data.get(key)
        if value is None:
            return default
        if value not in allowed:
            self.problem(key, gettext("%(key)s 只能是 %(allowed)s 之一。", key=key,
                                      allowed=", ".join(allowed)))
            return default
        return str(value)

    def integer(self, key: str, default: int | None, low: int, high: int) -> Any:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(key, gettext("%(key)s 必须是 %(low)s 到 %(high)s 之间的整数。", key=key,
                                      low=low, high=high))
            return default
        return value

    def time(self, key: str) -> datetime | None:
        value = self.data.get(key)
        if value is None:
            return None
        local: datetime | None = None
        if isinstance(value, datetime):
            local = value
        elif isinstance(value, str):
            for pattern in TIME_FORMATS:
                try:
                    local = datetime.strptime(value.strip(), pattern)
                    break
                except ValueError:
                    continue
        if local is None:
            self.problem(key, gettext(
                "%(key)s 必须是日期和时间，例如 2026-12-01 09:00（站点时区）。", key=key))
            return None
        if local.tzinfo is None:
            local = local.replace(tzinfo=self.zone)
        return local.astimezone(ZoneInfo("UTC"))

    def review(self) -> dict[str, str]:
        review = dict.fromkeys(REVIEW_PARTS, "immediately")
        value = self.data.get("review")
        if value is None:
            return review
        if not isinstance(value, dict):
            self.problem("review", gettext("review 必须是映射，例如 score: immediately。"))
            return review
        for part, when in value.items():
            if part not in REVIEW_PARTS:
                self.problem("review", gettext("review 中未知的键 %(key)s（允许的键：%(allowed)s）。",
                                               key=part, allowed=", ".join(REVIEW_PARTS)),
                             str(part))
            elif when not in REVIEW_WHEN:
                self.problem("review", gettext("review.%(key)s 只能是 %(allowed)s 之一。", key=part,
                                               allowed=", ".join(REVIEW_WHEN)), part)
            else:
                review[part] = when
        return review

    def fixed(self) -> list[str] | None:
        value = self.data.get("questions")
        if value is None:
            return None
        if not isinstance(value, list) or not value:
            self.problem("questions", gettext("questions 必须是题目标识的列表。"))
            return None
        keys: list[str] = []
        for index, item in enumerate(value):
            key = scalar_text(item)
            if not key or not valid_reference(key):
                self.problem("questions", gettext(
                    "题目标识 %(key)s 无效：写本文件的 key，或 题库标识/key。", key=item), index)
            elif key in keys:
                self.problem("questions", gettext("题目 %(key)s 重复列出。", key=key), index)
            else:
                keys.append(key)
                self.item_lines[f"questions:{key}"] = self.matter.line_of("questions", index)
        return keys

    def draws(self) -> list[Draw] | None:
        value = self.data.get("draw")
        if value is None:
            return None
        if not isinstance(value, list) or not value:
            self.problem("draw", gettext("draw 必须是列表，每项写 category 和 count（可选 bank）。"))
            return None
        draws = []
        for index, item in enumerate(value):
            line = self.matter.line_of("draw", index)
            if not isinstance(item, dict):
                self.problems.append((line, gettext(
                    "draw 的每一项必须写 category 和 count（可选 bank）。")))
                continue
            draw = self.draw(item, index, line)
            if draw is not None:
                draws.append(draw)
        return draws

    def draw(self, item: dict, index: int, line: int) -> Draw | None:
        ok = True
        for key in item:
            if key not in ("bank", "category", "count"):
                ok = False
                self.problem("draw", gettext("draw 中未知的键 %(key)s（允许的键：bank, category, count）。",
                                             key=key), index, str(key))
        bank = scalar_text(item.get("bank", "")) or ""
        if bank and (not SLUG.match(bank) or len(bank) > MAX_LENGTHS["slug"]):
            ok = False
            self.problem("draw", gettext("bank 必须是题库标识（小写字母、数字、- 和 _）。"),
                         index, "bank")
        category = scalar_text(item.get("category"))
        if not category or len(category) > MAX_LENGTHS["category"]:
            ok = False
            self.problem("draw", gettext("draw 的每一项必须写 category（1 到 %(max)s 个字符）。",
                                         max=MAX_LENGTHS["category"]), index, "category")
        count = item.get("count")
        if isinstance(count, bool) or not isinstance(count, int) or not 0 < count <= MAX_DRAW:
            ok = False
            self.problem("draw", gettext("count 必须是 1 到 %(max)s 之间的整数。", max=MAX_DRAW),
                         index, "count")
        return Draw(category or "", int(count), bank, line) if ok and count is not None else None


def valid_reference(reference: str) -> bool:
    """A question key, or `bank-slug/key` for a question of another bank."""
    bank, _, key = reference.rpartition("/")
    return (not bank or bool(SLUG.match(bank))) and bool(KEY.match(key)) and len(
        key) <= MAX_LENGTHS["key"]
