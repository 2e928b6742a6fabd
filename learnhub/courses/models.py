"""Courses and their versions, lessons and assets (asset bytes: learnhub.authoring.models).

A course keeps every version it ever published; learners' progress and completions
point at versions and at lesson *keys*, which stay the same from version to version.
"""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnhub.authoring.models import AssetBlob
from learnhub.core.db import Base, TimestampMixin, UTCDateTime, _now
from learnhub.org.models import Member, Unit


def _values(enum_class: type[enum.Enum]) -> list[str]:
    return [member.value for member in enum_class]


class CourseStatus(enum.StrEnum):
    DRAFT = "draft"  # never published: only its editors see it
    PUBLISHED = "published"  # learners see the current version
    ARCHIVED = "archived"  # hidden from the catalogue; history and records stay


class ContentSource(enum.StrEnum):
    FILE = "file"  # `learnhub content sync`
    WEB = "web"  # the web editor or a zip import


class Course(TimestampMixin, Base):
    """A course, identified by its slug (the folder name under `courses/`).

    `title`, `category` and `tags` copy the current version's, for catalogue lists.
    `last_file_hash` is the content hash of the files at the last file sync: a sync
    publishes the files again only when they differ from it (see docs/authoring.md).
    """

    __tablename__ = "course"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str] = mapped_column(String(100), default="", index=True)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[CourseStatus] = mapped_column(
        Enum(CourseStatus, native_enum=False, length=16, values_callable=_values),
        default=CourseStatus.DRAFT, index=True)
    owner_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_version.id", use_alter=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    last_file_hash: Mapped[str | None] = mapped_column(String(64))
    last_file_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    owner_unit: Mapped[Unit | None] = relationship(lazy="select")
    created_by: Mapped[Member | None] = relationship(lazy="select")
    current_version: Mapped[CourseVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True, lazy="select")
    versions: Mapped[list[CourseVersion]] = relationship(
        back_populates="course", foreign_keys="CourseVersion.course_id", lazy="raise",
        order_by="CourseVersion.id")
    tag_rows: Mapped[list[CourseTag]] = relationship(
        back_populates="course", lazy="raise", cascade="all, delete-orphan")

    @property
    def is_published(self) -> bool:
        return self.status == CourseStatus.PUBLISHED and self.current_version_id is not None

    def __repr__(self) -> str:
        return f"<Course {self.slug}>"


class CourseTag(Base):
    """One tag of a course's current version, so the catalogue filters by tag in SQL."""

    __tablename__ = "course_tag"
    __table_args__ = (UniqueConstraint("course_id", "tag"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    tag: Mapped[str] = mapped_column(String(50), index=True)

    course: Mapped[Course] = relationship(back_populates="tag_rows", lazy="raise")


class CourseVersion(Base):
    """One published version (or the one working draft) of a course, immutable once published.

    A draft has no number and no publish time; publishing gives it the next number.
    `search_text` is title, summary, category, tags, introduction and every lesson's
    title and text, case-folded: search with `search_text.contains(query.casefold())`.
    """

    __tablename__ = "course_version"
    __table_args__ = (
        UniqueConstraint("course_id", "number"),
        Index("uq_course_version_draft", "course_id", unique=True,
              sqlite_where=text("is_draft"), postgresql_where=text("is_draft")),
        CheckConstraint("credit_hours >= 0", name="credit_hours_not_negative"),
        CheckConstraint("(is_draft AND number IS NULL AND published_at IS NULL) OR "
                        "(NOT is_draft AND number >= 1 AND published_at IS NOT NULL)",
                        name="draft_or_published"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    number: Mapped[int | None] = mapped_column(Integer)
    is_draft: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[ContentSource] = mapped_column(
        Enum(ContentSource, native_enum=False, length=8, values_callable=_values))
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(1000))
    category: Mapped[str] = mapped_column(String(100))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    credit_hours: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    audience: Mapped[dict] = mapped_column(JSON, default=dict)
    owner_unit_code: Mapped[str | None] = mapped_column(String(64))
    intro_markdown: Mapped[str] = mapped_column(Text, default="")
    intro_html: Mapped[str] = mapped_column(Text, default="")
    intro_toc_html: Mapped[str] = mapped_column(Text, default="")
    lesson_count: Mapped[int] = mapped_column(Integer, default=0)
    total_minutes: Mapped[int] = mapped_column(Integer, default=0)
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    course: Mapped[Course] = relationship(back_populates="versions", foreign_keys=[course_id],
                                          lazy="select")
    created_by: Mapped[Member | None] = relationship(lazy="select")
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="version", lazy="raise", order_by="Lesson.position",
        cascade="all, delete-orphan")
    assets: Mapped[list[CourseAsset]] = relationship(
        back_populates="version", lazy="raise", order_by="CourseAsset.path",
        cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<CourseVersion {self.course_id} v{self.number or 'draft'}>"


class Lesson(Base):
    """A lesson within one version. `key` is the same in every version of the course;
    `content_hash` (title, minutes, text, video) tells whether it changed."""

    __tablename__ = "lesson"
    __table_args__ = (
        UniqueConstraint("version_id", "key"),
        UniqueConstraint("version_id", "position"),
        CheckConstraint("minutes > 0", name="minutes_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("course_version.id", ondelete="CASCADE"),
                                            index=True)
    position: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 ... in reading order
    key: Mapped[str] = mapped_column(String(100), index=True)
    file_name: Mapped[str] = mapped_column(String(200))  # e.g. 01-intro.md, for export
    title: Mapped[str] = mapped_column(String(200))
    minutes: Mapped[int] = mapped_column(Integer)
    markdown: Mapped[str] = mapped_column(Text, default="")
    html: Mapped[str] = mapped_column(Text, default="")
    toc_html: Mapped[str] = mapped_column(Text, default="")
    plain_text: Mapped[str] = mapped_column(Text, default="")
    video_path: Mapped[str | None] = mapped_column(String(500))  # relative, as written
    video_url: Mapped[str | None] = mapped_column(String(700))  # where the page loads it
    content_hash: Mapped[str] = mapped_column(String(64))
    # 选学 for everyone; or, with `audience` ({"required": {criterion: [values]}}, like a
    # course's), required only for members matching it and 选学 for everyone else.
    optional: Mapped[bool] = mapped_column(Boolean, default=False)
    audience: Mapped[dict] = mapped_column(JSON, default=dict)

    version: Mapped[CourseVersion] = relationship(back_populates="lessons", lazy="select")

    @property
    def is_video(self) -> bool:
        return self.video_path is not None

    def __repr__(self) -> str:
        return f"<Lesson {self.key}>"


class CourseAsset(Base):
    """A file (image, attachment, video) of one version, at the relative path authors use."""

    __tablename__ = "course_asset"
    __table_args__ = (UniqueConstraint("version_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("course_version.id", ondelete="CASCADE"),
                                            index=True)
    path: Mapped[str] = mapped_column(String(500))
    blob_id: Mapped[int] = mapped_column(ForeignKey("asset_blob.id"), index=True)
    media_type: Mapped[str] = mapped_column(String(100))

    version: Mapped[CourseVersion] = relationship(back_populates="assets", lazy="select")
    blob: Mapped[AssetBlob] = relationship(lazy="joined", innerjoin=True)

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")
