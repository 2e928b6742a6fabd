"""Changes the web editor makes to a course's working draft: details, lessons, files.

Each takes the working content (draft or current version), changes it and saves the
draft. Shape is checked here (lengths, keys, numbers); whether the whole course holds
together (links, images, lesson files) is the file parser's job at publish time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from pathlib import PurePosixPath

from flask_babel import gettext

from learnhub.authoring.asset_store import AssetSource
from learnhub.authoring.media_types import IMAGE_TYPES, MAX_ASSET_BYTES, media_type_for
from learnhub.core.errors import Conflict, NotFound, ValidationFailed
from learnhub.core.markdown import MarkdownRefused
from learnhub.courses.assignments import audience as audience_rules
from learnhub.courses.editor.services import (
    check_owner_unit,
    details_token,
    lesson_token,
    published_keys,
    save_draft,
    working_content,
)
from learnhub.courses.format.content import CourseContent, LessonContent
from learnhub.courses.format.fields import LESSON_KEY, MAX_LENGTHS
from learnhub.courses.models import Course
from learnhub.org.models import Member
from learnhub.org.permissions import can_train_for
from learnhub.org.units.services import unit_by_code


class FieldErrors(ValidationFailed):
    """Several fields are wrong at once; `errors` maps form field names to messages."""

    code = "invalid_fields"

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(fields=dict.fromkeys(errors, "invalid"))
        self.errors = errors

    def field_messages(self) -> dict[str, str]:
        return self.errors


class EditedElsewhere(Conflict):
    code = "edited_elsewhere"
    message = "这部分内容在你打开页面之后已被修改（可能在另一个窗口）。你的输入仍在下面，请核对后再保存。"


class LessonNotFound(NotFound):
    code = "lesson_not_found"
    message = "草稿中没有这个课节。"


@dataclass(frozen=True)
class CourseDetails:
    title: str
    summary: str
    category: str
    tags: list[str]
    credit_hours: Decimal
    owner_unit: str
    intro_markdown: str
    required: dict[str, list[str]]  # audience criterion → values (may be empty)


@dataclass(frozen=True)
class LessonDetails:
    title: str
    minutes: int
    markdown: str
    video: str | None = None
    key: str | None = None  # a new key, only while the lesson was never published
    optional: bool = False
    required: dict[str, list[str]] = field(default_factory=dict)  # audience (may be empty)


def save_details(course: Course, details: CourseDetails, *, actor: Member, token: str | None,
                 now: datetime) -> CourseContent:
    content = working_content(course)
    if token and token != details_token(content):
        raise EditedElsewhere()
    errors: dict[str, str] = {}
    audience, problems = audience_rules.normalise(
        {"required": {key: values for key, values in details.required.items() if values}})
    for where, message in problems:
        criterion = next((str(step) for step in where if str(step) in audience_rules.CRITERIA),
                         "units")
        errors.setdefault(f"audience_{criterion}", message)
    try:
        unit = check_owner_unit(actor, details.owner_unit)
    except ValidationFailed as error:
        errors["owner_unit"] = error.translated()
        unit = None
    for code in audience_rules.unit_codes(audience):
        named = unit_by_code(code)
        if named is None:
            errors.setdefault("audience_units", gettext("未知的组织编码 %(code)s。", code=code))
        elif not can_train_for(actor, named):
            errors.setdefault("audience_units", gettext(
                "你没有组织 %(code)s 的培训管理权限，不能把课程设为该组织的必修课。", code=code))
        elif unit is not None and not audience_rules.within_owner(named.path, unit.path):
            errors.setdefault("audience_units",
                              audience_rules.outside_owner_problem(code, unit.code))
    if errors:
        raise FieldErrors(errors)
    assert unit is not None
    changed = replace(content, title=details.title, summary=details.summary,
                      category=details.category, tags=list(details.tags),
                      credit_hours=details.credit_hours, audience=audience,
                      owner_unit=unit.code, intro_markdown=details.intro_markdown)
    _save_with_markdown_field(course, changed, {"course.md": "intro_markdown"}, actor=actor,
                              now=now)
    course.title = course.title if course.current_version_id else changed.title
    return changed


def _save_with_markdown_field(course: Course, content: CourseContent, fields: dict[str, str],
                              *, actor: Member, now: datetime) -> None:
    """`save_draft`; Markdown it refuses is reported under the form field of its file."""
    try:
        save_draft(course, content, actor=actor, now=now)
    except MarkdownRefused as error:
        field = fields.get(error.source_file or "")
        if field is None:
            raise
        raise FieldErrors({field: error.translated()}) from None


# -- lessons -----------------------------------------------------------------------------

def find_lesson(content: CourseContent, key: str) -> LessonContent:
    for lesson in content.lessons:
        if lesson.key == key:
            return lesson
    raise LessonNotFound()


def _key_problem(content: CourseContent, key: str, *, ignore: LessonContent | None = None
                 ) -> str | None:
    if not LESSON_KEY.match(key) or len(key) > MAX_LENGTHS["key"]:
        return gettext("课节标识只能用字母、数字、.、- 和 _，以字母或数字开头，最多 100 个字符。")
    others = [lesson for lesson in content.lessons if lesson is not ignore]
    taken = {lesson.key.casefold() for lesson in others} | {
        PurePosixPath(lesson.file_name).stem.casefold() for lesson in others}
    if key.casefold() in taken:
        return gettext("课节标识 %(key)s 已被使用。", key=key)
    return None


def next_key(content: CourseContent) -> str:
    taken = {lesson.key.casefold() for lesson in content.lessons} | {
        PurePosixPath(lesson.file_name).stem.casefold() for lesson in content.lessons}
    number = len(content.lessons) + 1
    while f"lesson-{number}" in taken:
        number += 1
    return f"lesson-{number}"


def add_lesson(course: Course, *, actor: Member, title: str, minutes: int, key: str | None,
               now: datetime) -> LessonContent:
    content = working_content(course)
    key = key or next_key(content)
    problem = _key_problem(content, key)
    if problem:
        raise FieldErrors({"key": problem})
    lesson = LessonContent(file_name=f"{key}.md", key=key, title=title, minutes=minutes,
                           markdown="")
    content.lessons.append(lesson)
    save_draft(course, content, actor=actor, now=now)
    return lesson


def save_lesson(course: Course, key: str, details: LessonDetails, *, actor: Member,
                token: str | None, now: datetime) -> LessonContent:
    content = working_content(course)
    lesson = find_lesson(content, key)
    if token and token != lesson_token(lesson):
        raise EditedElsewhere()
    errors: dict[str, str] = {}
    new_key = details.key or lesson.key
    if new_key != lesson.key:
        if lesson.key in published_keys(course):
            errors["key"] = gettext("课节已发布过，标识不能再修改（学员的学习进度按标识记录）。")
        else:
            problem = _key_problem(content, new_key, ignore=lesson)
            if problem:
                errors["key"] = problem
    if details.video and details.video not in content.assets:
        errors["video"] = gettext("找不到文件 %(path)s，请先在“文件”页上传。", path=details.video)
    audience = _lesson_audience(content, details, errors)
    if errors:
        raise FieldErrors(errors)
    if new_key != lesson.key and lesson.file_name == f"{lesson.key}.md":
        lesson.file_name = f"{new_key}.md"
    lesson.key, lesson.title, lesson.minutes = new_key, details.title, details.minutes
    lesson.markdown, lesson.video = details.markdown, details.video or None
    lesson.optional, lesson.audience = details.optional, audience
    _save_with_markdown_field(course, content, {lesson.file_name: "markdown"}, actor=actor,
                              now=now)
    return lesson


def _lesson_audience(content: CourseContent, details: LessonDetails,
                     errors: dict[str, str]) -> dict:
    """The lesson's audience as stored, checked like a course's (units known and inside
    the owner unit's subtree); problems go to `errors` by form field."""
    audience, problems = audience_rules.normalise(
        {"required": {key: values for key, values in details.required.items() if values}})
    for where, message in problems:
        criterion = next((str(step) for step in where if str(step) in audience_rules.CRITERIA),
                         "units")
        errors.setdefault(f"audience_{criterion}", message)
    owner = unit_by_code(content.owner_unit) if content.owner_unit else None
    for code in audience_rules.unit_codes(audience):
        named = unit_by_code(code)
        if named is None:
            errors.setdefault("audience_units", gettext("未知的组织编码 %(code)s。", code=code))
        elif owner is not None and not audience_rules.within_owner(named.path, owner.path):
            errors.setdefault("audience_units",
                              audience_rules.outside_owner_problem(code, owner.code))
    if details.optional and audience:
        errors["optional"] = gettext("选学课节对所有人都是选学，不能再指定必学对象：请取消“选学”或清空必学对象。")
    return audience


def move_lesson(course: Course, key: str, offset: int, *, actor: Member,
                now: datetime) -> None:
    content = working_content(course)
    lesson = find_lesson(content, key)
    index = content.lessons.index(lesson)
    target = min(max(index + offset, 0), len(content.lessons) - 1)
    if target == index:
        return
    content.lessons.insert(target, content.lessons.pop(index))
    save_draft(course, content, actor=actor, now=now)


def remove_lesson(course: Course, key: str, *, actor: Member, now: datetime) -> LessonContent:
    content = working_content(course)
    lesson = find_lesson(content, key)
    content.lessons.remove(lesson)
    save_draft(course, content, actor=actor, now=now)
    return lesson


# -- files -------------------------------------------------------------------------------

UNSAFE_NAME = re.compile(r"[^\w.\-]+")


def asset_path_for(filename: str) -> str | None:
    """Where an uploaded file goes: images/ or files/, its name made safe for a link."""
    name = unicodedata.normalize("NFC", PurePosixPath(filename.replace("\\", "/")).name)
    name = UNSAFE_NAME.sub("-", name).strip("-.")
    if not name or media_type_for(name) is None or "." not in name:
        return None
    folder = "images" if PurePosixPath(name).suffix.lower() in IMAGE_TYPES else "files"
    return f"{folder}/{name}"


def add_asset(course: Course, *, actor: Member, filename: str, data: bytes,
              now: datetime) -> AssetSource:
    path = asset_path_for(filename)
    media_type = media_type_for(path) if path else None
    if path is None or media_type is None:
        raise FieldErrors({"file": gettext("不支持的文件类型（允许：图片、PDF、Office 文档、mp4/webm 视频等）。")})
    if len(data) > MAX_ASSET_BYTES:
        raise FieldErrors({"file": gettext("文件超过 %(mb)s MB。", mb=MAX_ASSET_BYTES // 2**20)})
    content = working_content(course)
    asset = AssetSource.from_bytes(path, data, media_type)
    content.assets[path] = asset
    save_draft(course, content, actor=actor, now=now)
    return asset


def remove_asset(course: Course, path: str, *, actor: Member, now: datetime) -> None:
    content = working_content(course)
    if content.assets.pop(path, None) is None:
        raise NotFound()
    save_draft(course, content, actor=actor, now=now)
