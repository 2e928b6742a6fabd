"""What a course is, independent of where it came from (files, the web editor, a zip).

`CourseContent` is what `publishing.services.publish_version` publishes; `parsing` builds it from
a course folder and the editor builds it from its forms. The content hash is computed
from this structure, so the same course gives the same hash whichever way it arrived.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from learnhub.authoring.asset_store import AssetSource

DEFAULT_OWNER_UNIT = "ROOT"  # the unit code of a course that names no owner unit


@dataclass
class LessonContent:
    file_name: str  # e.g. 01-intro.md; lesson links use it
    key: str
    title: str
    minutes: int
    markdown: str
    video: str | None = None  # relative path of the video asset
    optional: bool = False  # 选学 for everyone
    audience: dict = field(default_factory=dict)  # required only for members matching it

    @property
    def marks(self) -> list:
        """What the content hash adds for 选学 / audience; nothing for a plain lesson, so
        the hash of a course without them stays what it was."""
        return [{"optional": True}] if self.optional else (
            [{"audience": self.audience}] if self.audience else [])


@dataclass
class CourseContent:
    slug: str
    title: str
    summary: str
    category: str
    credit_hours: Decimal
    lessons: list[LessonContent]
    tags: list[str] = field(default_factory=list)
    audience: dict = field(default_factory=dict)  # {"required": {criterion: [values]}}
    owner_unit: str | None = None  # unit code
    intro_markdown: str = ""
    assets: dict[str, AssetSource] = field(default_factory=dict)  # by relative path

    @property
    def lesson_files(self) -> dict[str, str]:
        """Lesson file name → lesson key, for resolving links between lessons."""
        return {lesson.file_name: lesson.key for lesson in self.lessons}


def _digest(value: object) -> str:
    encoded = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def lesson_hash(lesson: LessonContent, assets: dict[str, AssetSource]) -> str:
    """Changes when what a learner studies changes: title, minutes, text or video."""
    video = assets[lesson.video].sha256 if lesson.video and lesson.video in assets else None
    return _digest(["lesson", lesson.title, lesson.minutes, lesson.markdown, video])


def content_hash(content: CourseContent) -> str:
    """One hash over everything a version holds, including every asset's bytes (by sha256)."""
    return _digest({
        "slug": content.slug, "title": content.title, "summary": content.summary,
        "category": content.category, "tags": content.tags,
        "credit_hours": str(Decimal(content.credit_hours).quantize(Decimal("0.01"))), "audience": content.audience,
        "owner_unit": content.owner_unit, "intro": content.intro_markdown,
        "lessons": [[lesson.file_name, lesson.key, lesson.title, lesson.minutes,
                     lesson.markdown, lesson.video, *lesson.marks]
                    for lesson in content.lessons],
        "assets": sorted((a.path, a.sha256) for a in content.assets.values()),
    })
