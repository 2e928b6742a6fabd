"""Files members upload and download: a safe name, the type checked against the bytes,
and the header that serves them back from the LearnHub origin."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from pathlib import PurePosixPath
from urllib.parse import quote

from learnhub.core.control_characters import control_character


class UploadProblem(enum.StrEnum):
    TYPE = "type"  # an extension not allowed
    CONTENT = "content"  # the bytes are not what the extension says
    SIZE = "size"  # too big


class UploadRejected(Exception):
    def __init__(self, problem: UploadProblem) -> None:
        self.problem = problem
        super().__init__(problem.value)


def clean_filename(filename: str) -> str:
    """The name without any folder part or control character, trimmed to 200 characters
    keeping the extension."""
    name = PurePosixPath(filename.replace("\\", "/")).name.strip()
    if control_character(name, multiline=False):
        name = ""
    if len(name) > 200:
        suffix = PurePosixPath(name).suffix[:10]
        name = name[:200 - len(suffix)] + suffix
    return name


def check_upload(filename: str, data: bytes, *,
                 types: Mapping[str, tuple[str, bytes | tuple[bytes, ...]]],
                 max_bytes: int) -> tuple[str, str]:
    """(clean name, media type) of an upload whose extension is in `types` (extension →
    (media type, the bytes such a file starts with, or a tuple of them)) and whose bytes start as they must;
    UploadRejected otherwise. A renamed file of another kind is refused by its bytes."""
    name = clean_filename(filename)
    known = types.get(PurePosixPath(name).suffix.lower()) if name else None
    if known is None:
        raise UploadRejected(UploadProblem.TYPE)
    media_type, magic = known
    if not data.startswith(magic):
        raise UploadRejected(UploadProblem.CONTENT)
    if len(data) > max_bytes:
        raise UploadRejected(UploadProblem.SIZE)
    return name, media_type


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment` (or `inline`) with an ASCII fallback name and the real one in RFC 5987
    form, so a Chinese file name survives and no quote or path breaks out of the header."""
    name = PurePosixPath(filename.replace("\\", "/")).name or "download"
    fallback = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
