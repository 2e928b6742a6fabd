"""An import waiting between its requests, kept in the database so that any app instance
can take the next step (preview on one, confirm on another). Member imports use all of
it; other imports (线下培训) stage their upload here too, told apart by `purpose`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from learnhub.core.db import Base, UTCDateTime


class StagedImport(Base):
    """One previewed roster, found by a random token and bound to the admin who uploaded it.

    From preview to confirm it holds the uploaded file; once confirmed, what the import did
    and, until they are downloaded once, the new members' initial passwords. Nothing of it
    is read after `expires_at`, and expired rows are deleted by the next import."""

    __tablename__ = "staged_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(43), unique=True)
    # Which import staged it: "members" (this package) or another feature's name for it.
    purpose: Mapped[str] = mapped_column(String(20), default="members",
                                         server_default="members")
    actor_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    deactivate_missing: Mapped[bool] = mapped_column(Boolean)
    issue_passwords: Mapped[bool] = mapped_column(Boolean)
    # The uploaded file, from preview until a confirm has used it.
    upload: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    # Set by the one confirm that took the upload; without a result yet, it is still running.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # What the confirmed import did: file name, counts, number of passwords issued.
    result: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    # The initial passwords CSV (secrets): kept only until its one download, or expiry.
    passwords: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
