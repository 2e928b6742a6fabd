"""Course Markdown to stored HTML: relative links become page URLs.

A link to another lesson file (`02-next.md#anchor`) becomes that lesson's page; an image
or attachment (`images/a.png`) becomes a content-addressed asset URL, so the stored HTML
never depends on a version number and asset URLs can be cached forever. The learner
pages serve these two URL shapes (`lesson_url`, `asset_url`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote, unquote, urlsplit

from flask_babel import gettext

from learnhub.authoring.asset_store import AssetSource
from learnhub.core.markdown import MarkdownRefused, RenderResult, render
from learnhub.courses.format.content import CourseContent

AssetLookup = Callable[[str], "AssetSource | str"]
"""Relative path → the asset, or a message saying why it can't be used."""


def lesson_url(slug: str, key: str, fragment: str = "") -> str:
    url = f"/courses/{quote(slug)}/lessons/{quote(key)}"
    return f"{url}#{quote(fragment, safe='')}" if fragment else url


def asset_url(slug: str, sha256: str, path: str) -> str:
    """`/courses/<slug>/assets/<sha256>/<file name>`: the name is for downloads only."""
    return f"/courses/{quote(slug)}/assets/{sha256}/{quote(PurePosixPath(path).name)}"


@dataclass(frozen=True)
class Reference:
    """A relative link found in a file: to a lesson, to an asset, or broken (`problem`)."""

    source_file: str
    url: str
    kind: str  # "lesson", "asset" or "invalid"
    target: str = ""  # lesson file name or asset path, relative to the course folder
    fragment: str = ""
    problem: str = ""


def normalise_reference(source_file: str, path: str) -> str | None:
    """The course-relative path a link in `source_file` points at; None if it leaves the folder."""
    if path.startswith("/") or "\\" in path or "\x00" in path:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(source_file), path))
    if joined == ".." or joined.startswith("../") or joined.startswith("/") or joined == ".":
        return None
    return joined


def render_course_markdown(text: str, *, slug: str, source_file: str,
                           lesson_files: Mapping[str, str],
                           lookup_asset: AssetLookup) -> tuple[RenderResult, list[Reference]]:
    """Render one file of a course; return the result and every relative link it holds.
    A refusal (`MarkdownRefused`) names `source_file`."""
    references: list[Reference] = []

    def rewrite(url: str) -> str | None:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return url
        path, fragment = unquote(parts.path), unquote(parts.fragment)
        if not path:
            return url
        target = normalise_reference(source_file, path)
        if target is None:
            references.append(Reference(source_file, url, "invalid", problem=gettext(
                "链接 %(url)s 指向课程文件夹之外（不能用绝对路径或 ../ 跳出课程文件夹）。",
                url=url)))
            return None
        if target.lower().endswith(".md"):
            key = lesson_files.get(target)
            if key is None:
                references.append(Reference(source_file, url, "invalid", target, fragment,
                                            gettext("链接 %(url)s 指向的文件不是本课程的课节（%(target)s 不在 lessons 列表中）。",
                                                    url=url, target=target)))
                return None
            references.append(Reference(source_file, url, "lesson", target, fragment))
            return lesson_url(slug, key, fragment)
        found = lookup_asset(target)
        if isinstance(found, str):
            references.append(Reference(source_file, url, "invalid", target, fragment, found))
            return None
        references.append(Reference(source_file, url, "asset", target, fragment))
        link = asset_url(slug, found.sha256, target)
        return f"{link}#{quote(fragment, safe='=&')}" if fragment else link

    try:
        result = render(text, link_rewriter=rewrite)
    except MarkdownRefused as error:
        error.source_file = source_file
        raise
    return result, references


def assets_lookup(assets: Mapping[str, AssetSource]) -> AssetLookup:
    """Look assets up in a known set (publishing, previews in the editor)."""

    def lookup(path: str) -> AssetSource | str:
        found = assets.get(path)
        return found if found is not None else gettext("找不到文件 %(path)s。", path=path)

    return lookup


@dataclass(frozen=True)
class RenderedCourse:
    """Every Markdown file of a course rendered: the intro, then the lessons in order."""

    intro: RenderResult
    lessons: list[RenderResult]


def render_course(slug: str, content: CourseContent) -> RenderedCourse:
    """Render the whole course before anything is written: on SQLite a request holds the
    database's one write lock from its first write to its commit (core/transactions.py),
    and rendering is the slow part of publishing."""
    lookup, files = assets_lookup(content.assets), content.lesson_files

    def one(text: str, source_file: str) -> RenderResult:
        result, _references = render_course_markdown(
            text, slug=slug, source_file=source_file, lesson_files=files, lookup_asset=lookup)
        return result

    return RenderedCourse(intro=one(content.intro_markdown, "course.md"),
                          lessons=[one(lesson.markdown, lesson.file_name)
                                   for lesson in content.lessons])
