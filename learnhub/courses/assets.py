"""Asset bytes in the database: stored once per sha256, in chunks, read back in ranges.

Every app instance reads the same rows, so nothing depends on a local disk.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from learnhub.core.errors import Conflict, NotFound
from learnhub.courses.content import CHUNK_SIZE, AssetSource
from learnhub.courses.models import AssetBlob, AssetChunk, CourseAsset, CourseVersion
from learnhub.extensions import db


class AssetChanged(Conflict):
    code = "asset_changed"
    message = "文件 %(path)s 在读取过程中被修改，请重新同步。"


def blob_by_sha256(sha256: str) -> AssetBlob | None:
    return db.session.scalar(select(AssetBlob).where(AssetBlob.sha256 == sha256))


def store_blob(asset: AssetSource) -> AssetBlob:
    """The blob holding the asset's bytes, stored now unless the same bytes already are."""
    found = blob_by_sha256(asset.sha256)
    if found is not None:
        return found
    if asset.open_chunks is None:
        raise NotFound("找不到文件 %(path)s。", path=asset.path)
    try:
        with db.session.begin_nested():
            blob = AssetBlob(sha256=asset.sha256, size=asset.size)
            db.session.add(blob)
            db.session.flush()
            digest = hashlib.sha256()
            size = 0
            for seq, chunk in enumerate(_rechunk(asset.open_chunks())):
                digest.update(chunk)
                size += len(chunk)
                # Core insert: no ORM object keeps the chunk's bytes alive after the flush.
                db.session.execute(insert(AssetChunk), [{"blob_id": blob.id, "seq": seq,
                                                         "data": chunk}])
            if digest.hexdigest() != asset.sha256 or size != asset.size:
                raise AssetChanged(path=asset.path)
    except IntegrityError:
        # Another sync stored the same bytes first; use theirs.
        found = blob_by_sha256(asset.sha256)
        if found is None:
            raise
        return found
    return blob


def _rechunk(chunks: Iterator[bytes]) -> Iterator[bytes]:
    buffer = b""
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= CHUNK_SIZE:
            yield buffer[:CHUNK_SIZE]
            buffer = buffer[CHUNK_SIZE:]
    if buffer:
        yield buffer


def iter_blob_bytes(blob: AssetBlob, start: int = 0, end: int | None = None) -> Iterator[bytes]:
    """Bytes [start, end) of a blob, one chunk query at a time (for streaming and Range)."""
    end = blob.size if end is None else min(end, blob.size)
    if start >= end:
        return
    for seq in range(start // CHUNK_SIZE, (end - 1) // CHUNK_SIZE + 1):
        data = db.session.scalar(select(AssetChunk.data).where(AssetChunk.blob_id == blob.id,
                                                               AssetChunk.seq == seq))
        if data is None:
            raise NotFound()
        offset = seq * CHUNK_SIZE
        yield bytes(data[max(start - offset, 0):end - offset])


def blob_bytes(blob: AssetBlob) -> bytes:
    return b"".join(iter_blob_bytes(blob))


def find_course_asset(course_id: int, sha256: str) -> CourseAsset | None:
    """An asset of any version of the course with these bytes (what `asset_url` points at)."""
    return db.session.scalar(
        select(CourseAsset)
        .join(CourseVersion, CourseVersion.id == CourseAsset.version_id)
        .join(AssetBlob, AssetBlob.id == CourseAsset.blob_id)
        .where(CourseVersion.course_id == course_id, AssetBlob.sha256 == sha256)
        .order_by(CourseAsset.id.desc())
        .limit(1)
    )


def stored_asset_sources(version: CourseVersion) -> dict[str, AssetSource]:
    """A version's assets as `AssetSource`s (bytes already stored), for the editor to
    build the next version's `CourseContent` from."""
    rows = db.session.scalars(select(CourseAsset).where(CourseAsset.version_id == version.id)
                              .order_by(CourseAsset.path))
    return {row.path: AssetSource(path=row.path, sha256=row.blob.sha256, size=row.blob.size,
                                  media_type=row.media_type) for row in rows}
