"""Asset bytes in the database: stored once per sha256, in chunks, read back in ranges.

`AssetSource` is a file on its way in (from a folder, an upload or a zip) or one already
stored; `store_blob` stores its bytes unless the same bytes already are.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from flask import Response
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from learnhub.authoring.models import AssetBlob, AssetChunk
from learnhub.core.errors import Conflict, NotFound
from learnhub.core.files import content_disposition
from learnhub.extensions import db

CHUNK_SIZE = 1024 * 1024  # asset bytes are stored in chunks of this size


@dataclass(frozen=True)
class AssetSource:
    """A file of some content: where its bytes come from and what they hash to."""

    path: str  # relative to the content's folder, POSIX separators
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


def blob_download(blob: AssetBlob, filename: str, media_type: str) -> Response:
    """An uploaded file sent back: an attachment in its own media type, `nosniff` and
    never cached by a shared cache, so a browser does not render what a user uploaded in
    the LearnHub origin (a PDF or an SVG in disguise can carry script)."""
    headers = {
        "Content-Disposition": content_disposition(filename),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
        "Content-Length": str(blob.size),
    }
    return Response(blob_bytes(blob), headers=headers,
                    content_type=media_type or "application/octet-stream")
