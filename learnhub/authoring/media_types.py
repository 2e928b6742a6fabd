"""The files content may carry (images, videos, attachments), by extension, and their size
limit."""

from __future__ import annotations

from pathlib import PurePosixPath

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
