"""Headers for a file a member uploaded, served back from the LearnHub origin."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import quote


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment` (or `inline`) with an ASCII fallback name and the real one in RFC 5987
    form, so a Chinese file name survives and no quote or path breaks out of the header."""
    name = PurePosixPath(filename.replace("\\", "/")).name or "download"
    fallback = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
