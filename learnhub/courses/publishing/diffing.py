"""What changed between two versions of a course (or a version and the draft), readably.

Details are compared field by field; lessons are matched by key (the identity that
learners' progress follows), and their Markdown is compared line by line with difflib.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext

from learnhub.courses.format.content import CourseContent, LessonContent

HUNK = re.compile(r"^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@")
CONTEXT_LINES = 3


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "hunk", "context", "added" or "removed"
    text: str
    old_no: int | None = None
    new_no: int | None = None


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class LessonChange:
    key: str
    status: str  # "added", "removed", "changed", "moved" or "unchanged"
    title: str
    old_position: int | None = None
    new_position: int | None = None
    fields: list[FieldChange] = field(default_factory=list)
    lines: list[DiffLine] = field(default_factory=list)


@dataclass
class CourseDiff:
    fields: list[FieldChange] = field(default_factory=list)
    intro: list[DiffLine] = field(default_factory=list)
    lessons: list[LessonChange] = field(default_factory=list)
    assets_added: list[str] = field(default_factory=list)
    assets_removed: list[str] = field(default_factory=list)
    assets_changed: list[str] = field(default_factory=list)

    @property
    def changed_lessons(self) -> list[LessonChange]:
        return [lesson for lesson in self.lessons if lesson.status != "unchanged"]

    @property
    def has_changes(self) -> bool:
        return bool(self.fields or self.intro or self.changed_lessons or self.assets_added
                    or self.assets_removed or self.assets_changed)

    def count(self, status: str) -> int:
        return sum(1 for lesson in self.lessons if lesson.status == status)


def line_diff(old: str, new: str) -> list[DiffLine]:
    """A unified diff of two texts as rows with line numbers; empty when they are equal."""
    if old == new:
        return []
    rows: list[DiffLine] = []
    old_no = new_no = 0
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="",
                                 n=CONTEXT_LINES)
    for line in lines:
        if line.startswith(("---", "+++")) and not rows:
            continue
        match = HUNK.match(line)
        if match:
            old_no, new_no = int(match.group(1)), int(match.group(2))
            rows.append(DiffLine("hunk", gettext("原第 %(old)s 行 / 新第 %(new)s 行起",
                                                 old=max(old_no, 1), new=max(new_no, 1))))
        elif line.startswith("+"):
            rows.append(DiffLine("added", line[1:], new_no=new_no))
            new_no += 1
        elif line.startswith("-"):
            rows.append(DiffLine("removed", line[1:], old_no=old_no))
            old_no += 1
        else:
            rows.append(DiffLine("context", line[1:], old_no, new_no))
            old_no += 1
            new_no += 1
    if old and new and old.endswith("\n") != new.endswith("\n"):
        rows.append(DiffLine("hunk", gettext("（文件末尾的换行不同）")))
    return rows


def _hours(value: Decimal) -> str:
    text = format(Decimal(value).quantize(Decimal("0.01")).normalize(), "f")
    return text


def audience_text(audience: dict) -> str:
    labels = {"political_status": gettext("政治面貌"), "cadre_level": gettext("干部级别"),
              "party_post": gettext("党内职务"), "roles": gettext("角色"),
              "units": gettext("组织")}
    required = audience.get("required") or {}
    parts = [f"{labels[key]}：{'、'.join(values)}" for key, values in required.items()
             if key in labels and values]
    return "；".join(parts) or gettext("（无，所有人可选修）")


def lesson_audience_text(lesson: LessonContent) -> str:
    """Who must read a lesson: everyone (必学), nobody (选学), or an audience."""
    if lesson.optional:
        return gettext("选学")
    if lesson.audience.get("required"):
        return gettext("必学：%(who)s；其他人选学", who=audience_text(lesson.audience))
    return gettext("必学")


def _field_changes(old: CourseContent, new: CourseContent) -> list[FieldChange]:
    pairs = [
        (gettext("标题"), old.title, new.title),
        (gettext("简介"), old.summary, new.summary),
        (gettext("专题"), old.category, new.category),
        (gettext("标签"), "、".join(old.tags), "、".join(new.tags)),
        (gettext("学时"), _hours(old.credit_hours), _hours(new.credit_hours)),
        (gettext("必修对象"), audience_text(old.audience), audience_text(new.audience)),
        (gettext("归属组织"), old.owner_unit or "", new.owner_unit or ""),
    ]
    return [FieldChange(label, a, b) for label, a, b in pairs if a != b]


def _lesson_change(key: str, old: LessonContent | None, new: LessonContent | None,
                   old_position: int | None, new_position: int | None) -> LessonChange:
    if old is None:
        assert new is not None
        return LessonChange(key, "added", new.title, None, new_position,
                            lines=line_diff("", new.markdown))
    if new is None:
        return LessonChange(key, "removed", old.title, old_position, None,
                            lines=line_diff(old.markdown, ""))
    pairs = [
        (gettext("课节标题"), old.title, new.title),
        (gettext("预计分钟"), str(old.minutes), str(new.minutes)),
        (gettext("文件名"), old.file_name, new.file_name),
        (gettext("视频"), old.video or "", new.video or ""),
        (gettext("必学/选学"), lesson_audience_text(old), lesson_audience_text(new)),
    ]
    fields = [FieldChange(label, a, b) for label, a, b in pairs if a != b]
    lines = line_diff(old.markdown, new.markdown)
    if fields or lines:
        status = "changed"
    elif old_position != new_position:
        status = "moved"
    else:
        status = "unchanged"
    return LessonChange(key, status, new.title, old_position, new_position, fields, lines)


def diff_contents(old: CourseContent, new: CourseContent) -> CourseDiff:
    """Every difference between two courses; lessons listed in the new order, then removed."""
    result = CourseDiff(fields=_field_changes(old, new),
                        intro=line_diff(old.intro_markdown, new.intro_markdown))
    old_lessons = {lesson.key: (index, lesson) for index, lesson in enumerate(old.lessons, 1)}
    new_keys = set()
    for index, lesson in enumerate(new.lessons, 1):
        new_keys.add(lesson.key)
        before = old_lessons.get(lesson.key)
        result.lessons.append(_lesson_change(lesson.key, before[1] if before else None, lesson,
                                             before[0] if before else None, index))
    for key, (index, lesson) in old_lessons.items():
        if key not in new_keys:
            result.lessons.append(_lesson_change(key, lesson, None, index, None))
    old_assets = {path: asset.sha256 for path, asset in old.assets.items()}
    new_assets = {path: asset.sha256 for path, asset in new.assets.items()}
    result.assets_added = sorted(set(new_assets) - set(old_assets))
    result.assets_removed = sorted(set(old_assets) - set(new_assets))
    result.assets_changed = sorted(path for path in set(old_assets) & set(new_assets)
                                   if old_assets[path] != new_assets[path])
    return result
