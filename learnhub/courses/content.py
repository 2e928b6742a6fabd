"""What a course is, independent of where it came from (files, the web editor, a zip).

`CourseContent` is what `services.publish_version` publishes; `parsing` builds it from
a course folder and the editor builds it from its forms. The content hash is computed
from this structure, so the same course gives the same hash whichever way it arrived.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath

CHUNK_SIZE = 1024 * 1024  # asset bytes are stored in chunks of this size
MAX_ASSET_BYTES = 500 * 1024 * 1024

IMAGE_TYPES = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp",
}
VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}
ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".txt": "text/plain", ".csv": "text/csv", ".zip": "application/zip",
    ".mp3": "audio/mpeg",
}
MEDIA_TYPES = {**IMAGE_TYPES, **VIDEO_TYPES, **ATTACHMENT_TYPES}


def media_type_for(path: str) -> str | None:
    """The media type of an allowed asset, or None when the extension is not allowed."""
    return MEDIA_TYPES.get(PurePosixPath(path).suffix.lower())


@dataclass(frozen=True)
class AssetSource:
    """A file of a course: where its bytes come from and what they hash to."""

    path: str  # relative to the course folder, POSIX separators
    sha256: str
    size: int
    media_type: str
    open_chunks: Callable[[], Iterator[bytes]] | None = None  # None: bytes already stored

    @classmethod
    def from_file(cls, path: str, file: Path, media_type: str) -> AssetSource:
        digest = hashlib.sha256()
        size = 0
        with file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(CHUNK_SIZE), b""):
                digest.update(chunk)
                size += len(chunk)

        def chunks() -> Iterator[bytes]:
            with file.open("rb") as handle:
                yield from iter(lambda: handle.read(CHUNK_SIZE), b"")

        return cls(path=path, sha256=digest.hexdigest(), size=size, media_type=media_type,
                   open_chunks=chunks)

    @classmethod
    def from_bytes(cls, path: str, data: bytes, media_type: str) -> AssetSource:
        def chunks() -> Iterator[bytes]:
            for start in range(0, len(data), CHUNK_SIZE):
                yield data[start:start + CHUNK_SIZE]

        return cls(path=path, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                   media_type=media_type, open_chunks=chunks)


@dataclass
class LessonContent:
    file_name: str  # e.g. 01-intro.md; lesson links use it
    key: str
    title: str
    minutes: int
    markdown: str
    video: str | None = None  # relative path of the video asset


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
                     lesson.markdown, lesson.video] for lesson in content.lessons],
        "assets": sorted((a.path, a.sha256) for a in content.assets.values()),
    })
