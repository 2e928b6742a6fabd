"""Asset bytes in the database, for every content kind: stored once per distinct content.

Every app instance reads the same rows, so nothing depends on a local disk. A kind keeps
its own table of which file of which version uses which blob (courses: `CourseAsset`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from learnhub.core.db import Base, UTCDateTime, _now


class AssetBlob(Base):
    """File bytes stored once per distinct content (sha256), in chunks so large files
    (videos) stream and serve byte ranges without loading whole."""

    __tablename__ = "asset_blob"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)


class AssetChunk(Base):
    __tablename__ = "asset_chunk"

    blob_id: Mapped[int] = mapped_column(ForeignKey("asset_blob.id", ondelete="CASCADE"),
                                         primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
