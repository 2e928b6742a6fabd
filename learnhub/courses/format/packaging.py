"""A course as files: `CourseContent` written in the format of docs/authoring.md, and zips.

`course_files` is the one writer of that format. The editor checks web content by writing
it with `course_files` and reading it back with the file parser, and the zip export is
the same files, so a course exported and imported again gives the same files byte for byte.

Zip import is careful with what it is given: absolute paths, `..`, symlinks, encrypted
members, duplicate names, too many files or too many bytes (zip bombs: a member or the
whole archive inflating too much, or more than `ZIP_MAX_TOTAL_MB` in all) are refused
before anything is written; members that lie about their size are caught by counting the
bytes actually inflated, and what was written is removed.
"""

from __future__ import annotations

import posixpath
import shutil
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import partial
from pathlib import Path, PurePosixPath
from typing import IO, Any

import yaml
from flask import current_app, has_app_context
from flask_babel import gettext

from learnhub.authoring.problems import Problem
from learnhub.core.control_characters import control_character
from learnhub.courses.assignments.audience import CRITERIA
from learnhub.courses.format.content import CourseContent, LessonContent
from learnhub.courses.format.fields import SLUG
from learnhub.courses.format.parsing import COURSE_FILE

MAX_ZIP_FILES = 1000
# Uncompressed, all members together: a course with a few long videos (an asset may have
# 500 MB). The extraction needs that much temporary disk; LEARNHUB_ZIP_MAX_TOTAL_MB.
MAX_ZIP_TOTAL_BYTES = 2048 * 1024 * 1024
# Uncompressed / compressed, for a member over 1 MB and for the whole archive over 1 MB:
# text compresses 3 to 10 times, videos not at all; runs of zeros a thousand times.
MAX_ZIP_RATIO = 200
RATIO_FLOOR = 1024 * 1024
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
ZIP_TIME_FLOOR = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold


# -- the file format ----------------------------------------------------------------------

class _BlockList(list):
    """A list written one item per line (the lesson order); other lists are `[a, b]`."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # "  - item" under its key, as people write it


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data,
                                     flow_style=not isinstance(data, _BlockList))


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(_BlockList, _represent_list)


def _number(value: Decimal) -> int | float:
    """Credit hours as YAML writes a number: 2, 1.5 (the parser reads them back exactly)."""
    hours = Decimal(value).quantize(Decimal("0.01"))
    return int(hours) if hours == hours.to_integral_value() else float(hours)


def _front_matter(data: dict[str, Any], body: str) -> str:
    header = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                       width=10_000, default_flow_style=False)
    return f"---\n{header}---\n{body}"


def course_md(content: CourseContent) -> str:
    data: dict[str, Any] = {"title": content.title, "summary": content.summary,
                            "category": content.category}
    if content.tags:
        data["tags"] = list(content.tags)
    data["credit_hours"] = _number(content.credit_hours)
    required = content.audience.get("required") or {}
    if required:
        data["audience"] = {"required": {key: list(required[key])
                                         for key in CRITERIA if required.get(key)}}
    if content.owner_unit:
        data["owner_unit"] = content.owner_unit
    data["lessons"] = _BlockList(lesson.file_name for lesson in content.lessons)
    return _front_matter(data, content.intro_markdown)


def lesson_md(lesson: LessonContent) -> str:
    data: dict[str, Any] = {"title": lesson.title, "minutes": lesson.minutes}
    if lesson.key != PurePosixPath(lesson.file_name).stem:
        data["key"] = lesson.key
    if lesson.video:
        data["video"] = posixpath.relpath(lesson.video, posixpath.dirname(lesson.file_name)
                                          or ".")
    if lesson.optional:
        data["optional"] = True
    required = lesson.audience.get("required") or {}
    if required:  # written directly, without `required:` (docs/authoring.md)
        data["audience"] = {key: list(required[key]) for key in CRITERIA if required.get(key)}
    return _front_matter(data, lesson.markdown)


def course_files(content: CourseContent) -> dict[str, str]:
    """The Markdown files of a course, by path relative to its folder."""
    files = {COURSE_FILE: course_md(content)}
    for lesson in content.lessons:
        files[lesson.file_name] = lesson_md(lesson)
    return files


def write_markdown_files(content: CourseContent, folder: Path) -> None:
    for relative, text in course_files(content).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


# -- export -------------------------------------------------------------------------------

AssetReader = Callable[[str], Iterable[bytes]]
"""Asset path → its bytes, in chunks."""


def write_zip(target: IO[bytes], content: CourseContent, read_asset: AssetReader, *,
              when: datetime | None = None) -> None:
    """The course as `<slug>/course.md`, lesson files and assets, in a stable order."""
    stamp = _zip_time(when)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        entries: list[tuple[str, Callable[[], Iterable[bytes]]]] = []
        for relative, text in course_files(content).items():
            entries.append((relative, partial(_one_chunk, text.encode("utf-8"))))
        for path in sorted(content.assets):
            entries.append((path, partial(read_asset, path)))
        for relative, chunks in sorted(entries, key=lambda entry: entry[0] != COURSE_FILE):
            info = zipfile.ZipInfo(f"{content.slug}/{relative}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            with archive.open(info, "w", force_zip64=True) as member:
                for chunk in chunks():
                    member.write(chunk)


def _one_chunk(data: bytes) -> list[bytes]:
    return [data]


def _zip_time(when: datetime | None) -> tuple[int, int, int, int, int, int]:
    if when is None:
        return ZIP_TIME_FLOOR
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    return max(stamp, ZIP_TIME_FLOOR)


# -- import -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ZipLimits:
    max_files: int = MAX_ZIP_FILES
    max_total_bytes: int = MAX_ZIP_TOTAL_BYTES
    max_ratio: int = MAX_ZIP_RATIO

    @classmethod
    def configured(cls) -> ZipLimits:
        """The total from the app's settings (ZIP_MAX_TOTAL_MB), the rest as above."""
        if not has_app_context():
            return cls()
        megabytes = current_app.config.get("ZIP_MAX_TOTAL_MB")
        return cls(max_total_bytes=int(megabytes) * 1024 * 1024) if megabytes else cls()


@dataclass
class ExtractedZip:
    """Where the course landed: `folder` is `<dest>/<slug>`; `prefix` is what problem
    paths start with so they name the member inside the zip (`<slug>/` or '')."""

    slug: str | None
    folder: Path | None
    prefix: str = ""
    problems: list[Problem] = field(default_factory=list)


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it. Zips made on Chinese Windows store names
    in GBK without the UTF-8 flag; Python decodes those as cp437, so undo that."""
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def _unsafe(name: str) -> str | None:
    """Why a member name can't be used, or None."""
    if "\x00" in name or "\\" in name:
        return gettext("文件名中不能有反斜杠或空字符。")
    char = control_character(name, multiline=False)
    if char is not None:
        return gettext("文件名中不能有控制字符（%(char)s）。", char=char)
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return gettext("不能使用绝对路径。")
    if ".." in name.split("/"):
        return gettext("路径不能包含 ..（不能跳出课程文件夹）。")
    return None


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _ignored(name: str) -> bool:
    parts = name.split("/")
    return parts[0] == "__MACOSX" or parts[-1] in IGNORED_NAMES


def extract_course_zip(source: IO[bytes], dest: Path, *, slug: str | None = None,
                       upload_name: str = "upload.zip",
                       limits: ZipLimits | None = None) -> ExtractedZip:
    """Check every member, then (only if all are fine) extract the course under `dest`.

    The zip holds one course folder (`<slug>/course.md` ...) or the files of one course
    at its top level, in which case `slug` names it.
    """
    limits = limits or ZipLimits.configured()
    result = ExtractedZip(slug=None, folder=None)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        result.problems.append(Problem(upload_name, 1, gettext("不是有效的 zip 文件。")))
        return result
    with archive:
        members = _check_members(archive, upload_name, limits, result.problems)
        if result.problems:
            return result
        root = _course_root(members, upload_name, slug, result)
        if result.problems or root is None or result.slug is None:
            return result
        folder = dest / result.slug
        folder.mkdir(parents=True)
        wanted = [(name, info) for name, info in members if name.startswith(root)]
        # What the members may inflate to together: no more than they declared.
        budget = _Budget(min(sum(info.file_size for _name, info in wanted),
                             limits.max_total_bytes))
        for name, info in wanted:
            _extract_member(archive, info, name, folder / name[len(root):], budget, result)
            if result.problems:
                shutil.rmtree(folder, ignore_errors=True)
                return result
        result.folder = folder
    return result


def _check_members(archive: zipfile.ZipFile, upload_name: str, limits: ZipLimits,
                   problems: list[Problem]) -> list[tuple[str, zipfile.ZipInfo]]:
    infos = archive.infolist()
    if len(infos) > limits.max_files:
        problems.append(Problem(upload_name, 1, gettext(
            "zip 中的文件太多（%(count)s 个，最多 %(max)s 个）。", count=len(infos),
            max=limits.max_files)))
        return []
    members: list[tuple[str, zipfile.ZipInfo]] = []
    seen: set[str] = set()
    total = compressed = 0
    for info in infos:
        name = member_name(info)
        reason = _unsafe(name)
        if reason is None and _is_symlink(info):
            reason = gettext("不能包含符号链接。")
        if reason is None and info.flag_bits & 0x1:
            reason = gettext("不能包含加密的文件。")
        if reason is not None:
            problems.append(Problem(name, 1, reason))
            continue
        if info.is_dir() or _ignored(name):
            continue
        name = posixpath.normpath(name)
        if name in (".", ""):
            problems.append(Problem(upload_name, 1, gettext("zip 中有没有名字的文件。")))
            continue
        if name.casefold() in seen:
            problems.append(Problem(name, 1, gettext("zip 中有重名的文件。")))
            continue
        seen.add(name.casefold())
        total += info.file_size
        compressed += info.compress_size
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(
                info.compress_size, 1):
            problems.append(Problem(name, 1, gettext("压缩比异常（疑似 zip 炸弹）。")))
        members.append((name, info))
    if total > limits.max_total_bytes:
        problems.append(Problem(upload_name, 1, gettext(
            "zip 解压后共 %(size)s MB，超过上限 %(max)s MB。", size=total // (1024 * 1024),
            max=limits.max_total_bytes // (1024 * 1024))))
    elif not problems and total > RATIO_FLOOR and total > limits.max_ratio * max(compressed, 1):
        # Many members each just under the per-member check (480 × 1 MB of zeros).
        problems.append(Problem(upload_name, 1, gettext(
            "zip 解压后共 %(size)s MB，压缩比异常（疑似 zip 炸弹）。",
            size=total // (1024 * 1024))))
    return members


def _course_root(members: list[tuple[str, zipfile.ZipInfo]], upload_name: str,
                 slug: str | None, result: ExtractedZip) -> str | None:
    names = {name for name, _info in members}
    if COURSE_FILE in names:
        if not slug or not SLUG.match(slug) or len(slug) > 100:
            result.problems.append(Problem(upload_name, 1, gettext(
                "course.md 在 zip 的最上层时，需要填写课程标识（小写字母、数字、- 和 _）；"
                "也可以把文件放进以课程标识命名的文件夹再压缩。")))
            return None
        result.slug = slug
        return ""
    tops = {name.split("/", 1)[0] for name in names if "/" in name}
    candidates = sorted(top for top in tops if f"{top}/{COURSE_FILE}" in names)
    if not candidates and len(tops) == 1:
        # Windows "Extract All" unpacks party-rules-v3.zip into a folder party-rules-v3\;
        # zipping that folder again puts the course one level down.
        candidates = sorted(name.rsplit("/", 1)[0] for name in names
                            if name.count("/") == 2 and name.endswith(f"/{COURSE_FILE}"))
    if len(candidates) != 1:
        message = (gettext("zip 中找不到 course.md（应为 <课程标识>/course.md）。") if not candidates
                   else gettext("一个 zip 只能包含一门课程，找到了：%(names)s。",
                                names="、".join(candidates)))
        result.problems.append(Problem(upload_name, 1, message))
        return None
    # A slug typed in the form names the course whatever the folder is called (a folder
    # renamed by a file manager, "party-rules (1)", or a copy under a new slug).
    folder_name = candidates[0].rsplit("/", 1)[-1]
    result.slug = slug if slug and SLUG.match(slug) and len(slug) <= 100 else folder_name
    result.prefix = f"{candidates[0]}/"
    return result.prefix


@dataclass
class _Budget:
    """Bytes the members may still inflate to, all together."""

    left: int


def _extract_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, target: Path,
                    budget: _Budget, result: ExtractedZip) -> None:
    """Copy one member, counting the bytes actually inflated (headers can lie)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    try:
        with archive.open(info) as member, target.open("xb") as out:
            for chunk in _chunks(member):
                written += len(chunk)
                budget.left -= len(chunk)
                if written > info.file_size or budget.left < 0:
                    result.problems.append(Problem(name, 1, gettext(
                        "解压出的内容比 zip 声明的大（疑似 zip 炸弹）。")))
                    return
                out.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
        result.problems.append(Problem(name, 1, gettext("无法解压：%(error)s", error=str(error))))


def _chunks(handle: IO[bytes], size: int = 1024 * 1024) -> Iterator[bytes]:
    return iter(lambda: handle.read(size), b"")
