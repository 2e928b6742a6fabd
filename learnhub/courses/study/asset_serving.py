"""Serving course files (images, attachments, videos) to people who may read them.

URLs are content-addressed (`/courses/<slug>/assets/<sha256>/<name>`, see format/rendering.py),
so a response never changes and can be cached privately. Only images and videos are
shown inline; everything else is a download, always with `nosniff`. Byte ranges are
served from the stored chunks, so a video seeks without loading the whole file.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from flask import Response, request, stream_with_context
from sqlalchemy import select

from learnhub.authoring.asset_store import CHUNK_SIZE, iter_blob_bytes
from learnhub.authoring.models import AssetBlob
from learnhub.core.errors import NotFound
from learnhub.core.files import content_disposition
from learnhub.courses.editor.services import can_edit
from learnhub.courses.models import CourseAsset, CourseStatus, CourseVersion
from learnhub.courses.publishing.services import course_by_slug
from learnhub.extensions import db
from learnhub.org.models import Member

INLINE_PREFIXES = ("image/", "video/")
CACHE_SECONDS = 7 * 24 * 3600


def readable_asset(actor: Member, slug: str, sha256: str) -> CourseAsset:
    """An asset with these bytes in a version of the course the actor may read: a
    published version of a published course, or any version (drafts too) for those who
    may edit the course (its trainers and admins); learners never see drafts."""
    course = course_by_slug(slug)
    if course is None:
        raise NotFound()
    if course.status == CourseStatus.PUBLISHED:
        asset = find_course_asset(course.id, sha256, published_only=True)
        if asset is not None:
            return asset
    if not can_edit(actor, course):
        raise NotFound()
    asset = find_course_asset(course.id, sha256)
    if asset is None:
        raise NotFound()
    return asset


def find_course_asset(course_id: int, sha256: str, *, published_only: bool = False
                      ) -> CourseAsset | None:
    """An asset with these bytes in a version of the course (the newest), what an asset
    URL (`rendering.asset_url`) points at; drafts too unless `published_only`."""
    query = (select(CourseAsset)
             .join(CourseVersion, CourseVersion.id == CourseAsset.version_id)
             .join(AssetBlob, AssetBlob.id == CourseAsset.blob_id)
             .where(CourseVersion.course_id == course_id, AssetBlob.sha256 == sha256))
    if published_only:
        query = query.where(CourseVersion.is_draft.is_(False))
    return db.session.scalar(query.order_by(CourseAsset.id.desc()).limit(1))


def asset_disposition(asset: CourseAsset) -> str:
    return content_disposition(PurePosixPath(asset.path).name,
                               inline=asset.media_type.startswith(INLINE_PREFIXES))


def asset_response(asset: CourseAsset) -> Response:
    """The asset's bytes (or the requested range), with safe headers."""
    blob = asset.blob
    etag = f'"{blob.sha256}"'
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": asset_disposition(asset),
        "Cache-Control": f"private, max-age={CACHE_SECONDS}, immutable",
        "ETag": etag,
        "Accept-Ranges": "bytes",
    }
    if request.if_none_match.contains(blob.sha256):
        return Response(status=304, headers=headers)
    start, end, status = 0, blob.size, 200
    if request.range is not None and request.range.units == "bytes":
        span = request.range.range_for_length(blob.size)
        if span is None and len(request.range.ranges) == 1:
            headers["Content-Range"] = f"bytes */{blob.size}"
            return Response(status=416, headers=headers)
        if span is not None:
            start, end, status = span[0], span[1], 206
            headers["Content-Range"] = f"bytes {start}-{end - 1}/{blob.size}"
    headers["Content-Length"] = str(end - start)
    if end - start <= CHUNK_SIZE:  # one or two chunk reads: answer at once
        return Response(b"".join(iter_blob_bytes(blob, start, end)), status=status,
                        headers=headers, content_type=asset.media_type)
    body = stream_with_context(iter_blob_bytes(blob, start, end))
    return Response(body, status=status, headers=headers, content_type=asset.media_type,
                    direct_passthrough=True)
