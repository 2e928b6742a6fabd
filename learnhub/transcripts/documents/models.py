"""Issued documents (transcript PDFs, course certificates) and their verification codes.

The code is random (unguessable) plus a keyed check (so a mistyped or altered code is told
apart from one never issued); what /verify shows is frozen in `summary` at issue time.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnhub.core.db import Base, UTCDateTime, _now, value_enum
from learnhub.org.models import Member


class DocumentKind(enum.StrEnum):
    TRANSCRIPT = "transcript"  # 学习档案
    CERTIFICATE = "certificate"  # 结业证书


class IssuedDocument(Base):
    __tablename__ = "issued_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[DocumentKind] = mapped_column(value_enum(DocumentKind))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    year: Mapped[int | None] = mapped_column(Integer)  # transcripts: the year; None: all years
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id"))  # certificates
    # What verification shows: name, unit, year, totals (strings), course title.
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    revoke_reason: Mapped[str] = mapped_column(String(500), default="")

    member: Mapped[Member] = relationship(foreign_keys=[member_id], lazy="raise")
