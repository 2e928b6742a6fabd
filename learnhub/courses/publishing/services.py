"""Course versions: publishing one, from files (`sync`), the web editor or a zip
(`publish_version`), reading them back (history, a version as `CourseContent`, as a zip),
and archiving a course.

Rules: a version, once published, never changes; a new version gets the next number;
lessons keep their keys, so learners' progress follows them; a file sync publishes only
when the files changed since the last file sync (docs/authoring.md, "Files vs web editor").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import IO

from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from learnhub.authoring.asset_store import AssetSource, iter_blob_bytes, store_blob
from learnhub.authoring.kinds import ItemSyncReport, ItemSyncResult
from learnhub.core.errors import Conflict, NotFound, ValidationFailed
from learnhub.core.query_args import MAX_INT, positive_int
from learnhub.core.timeutil import now_utc
from learnhub.courses.catalogue.search_index import reindex_course
from learnhub.courses.format.checks import database_problems
from learnhub.courses.format.content import (
    DEFAULT_OWNER_UNIT,
    CourseContent,
    LessonContent,
    content_hash,
    lesson_hash,
)
from learnhub.courses.format.fields import SLUG
from learnhub.courses.format.packaging import write_zip
from learnhub.courses.format.parsing import parse_path
from learnhub.courses.format.rendering import RenderedCourse, asset_url, render_course
from learnhub.courses.models import (
    ContentSource,
    Course,
    CourseAsset,
    CourseStatus,
    CourseTag,
    CourseVersion,
    Lesson,
)
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member, Unit
from learnhub.org.units.services import unit_by_code


class DuplicateSlug(Conflict):
    code = "duplicate_slug"
    message = "课程标识 %(slug)s 已被使用。"


class InvalidSlug(ValidationFailed):
    code = "invalid_slug"
    message = "课程标识只能用小写字母、数字、- 和 _。"


class UnknownUnit(ValidationFailed):
    code = "unknown_unit"
    message = "未知的组织编码 %(code)s。"


# -- reading ------------------------------------------------------------------------------

def course_by_slug(slug: str) -> Course | None:
    return db.session.scalar(select(Course).where(Course.slug == slug))


def version_lessons(version: CourseVersion) -> list[Lesson]:
    return list(db.session.scalars(select(Lesson).where(Lesson.version_id == version.id)
                                   .order_by(Lesson.position)))


def draft_of(course: Course) -> CourseVersion | None:
    """The course's one working draft (the web editor's), if it has one."""
    return db.session.scalar(select(CourseVersion).where(CourseVersion.course_id == course.id,
                                                         CourseVersion.is_draft.is_(True)))


def published_versions(course: Course) -> list[CourseVersion]:
    """The course's published versions, newest first, with who published each."""
    return list(db.session.scalars(
        select(CourseVersion).where(CourseVersion.course_id == course.id,
                                    CourseVersion.is_draft.is_(False))
        .options(selectinload(CourseVersion.created_by))
        .order_by(CourseVersion.number.desc())))


def version_by_number(course: Course, number: int) -> CourseVersion:
    if not 0 < number <= MAX_INT:  # the CLI's --version too: no overflow in the driver
        raise NotFound()
    version = db.session.scalar(select(CourseVersion).where(
        CourseVersion.course_id == course.id, CourseVersion.number == number,
        CourseVersion.is_draft.is_(False)))
    if version is None:
        raise NotFound()
    return version


def version_named(course: Course, which: str) -> CourseVersion:
    """`which` from a URL (`?version=`, `?from=`): `draft` or a version number; anything
    else, or a version the course does not have, is NotFound."""
    if which == "draft":
        draft = draft_of(course)
        if draft is None:
            raise NotFound()
        return draft
    try:
        number = positive_int(which)
    except ValueError:
        raise NotFound() from None
    return version_by_number(course, number)


def content_from_version(course: Course, version: CourseVersion) -> CourseContent:
    """A stored version (or draft) as `CourseContent`, the structure files are parsed into."""
    lessons = [LessonContent(file_name=lesson.file_name, key=lesson.key, title=lesson.title,
                             minutes=lesson.minutes, markdown=lesson.markdown,
                             video=lesson.video_path, optional=lesson.optional,
                             audience=dict(lesson.audience or {}))
               for lesson in version_lessons(version)]
    return CourseContent(
        slug=course.slug, title=version.title, summary=version.summary,
        category=version.category, credit_hours=version.credit_hours, lessons=lessons,
        tags=list(version.tags or []), audience=dict(version.audience or {}),
        owner_unit=version.owner_unit_code, intro_markdown=version.intro_markdown,
        assets=stored_asset_sources(version))


def stored_asset_sources(version: CourseVersion) -> dict[str, AssetSource]:
    """A version's assets as `AssetSource`s (bytes already stored), for the editor to
    build the next version's `CourseContent` from."""
    rows = db.session.scalars(select(CourseAsset).where(CourseAsset.version_id == version.id)
                              .order_by(CourseAsset.path))
    return {row.path: AssetSource(path=row.path, sha256=row.blob.sha256, size=row.blob.size,
                                  media_type=row.media_type) for row in rows}


def write_version_zip(handle: IO[bytes], course: Course, version: CourseVersion) -> None:
    """The version (published or the draft) as a zip of its files in the authoring format,
    assets streamed from storage; for the browser download and `learnhub content
    export-zip` alike."""
    blobs = {row.path: row.blob for row in db.session.scalars(
        select(CourseAsset).where(CourseAsset.version_id == version.id))}
    write_zip(handle, content_from_version(course, version),
              lambda path: iter_blob_bytes(blobs[path]),
              when=version.published_at or version.created_at)


# -- writing ------------------------------------------------------------------------------

def create_course(slug: str, *, actor: Member | None, owner_unit: Unit | None = None) -> Course:
    """A new course with no version yet (status draft)."""
    if not SLUG.match(slug) or len(slug) > 100:
        raise InvalidSlug()
    if course_by_slug(slug) is not None:
        raise DuplicateSlug(slug=slug)
    course = Course(slug=slug, status=CourseStatus.DRAFT,
                    owner_unit_id=owner_unit.id if owner_unit else None,
                    created_by_id=actor.id if actor else None, tags=[])
    db.session.add(course)
    db.session.flush()
    record_audit(actor, "course.create", "course", course.id, summary=slug)
    return course


def publish_version(course: Course, content: CourseContent, *, actor: Member | None,
                    source: ContentSource, now: datetime | None = None,
                    rendered: RenderedCourse | None = None) -> CourseVersion:
    """Render and store `content` as the course's next published version and make it current.

    Asset bytes come from `content.assets` (stored once per sha256). The caller checked
    the content (parsing, or the editor's forms); links that don't resolve are dropped.
    A caller that writes before calling this renders first (`render_course`) and passes it.
    """
    rendered = rendered or render_course(course.slug, content)
    now = now or now_utc()
    owner = _owner_unit(content.owner_unit)
    number = next_version_number(course)
    intro = rendered.intro
    version = CourseVersion(
        course_id=course.id, number=number, is_draft=False, source=source,
        content_hash=content_hash(content), title=content.title, summary=content.summary,
        category=content.category, tags=list(content.tags), credit_hours=content.credit_hours,
        audience=content.audience, owner_unit_code=content.owner_unit,
        intro_markdown=content.intro_markdown, intro_html=intro.html,
        intro_toc_html=intro.toc_html, lesson_count=len(content.lessons),
        total_minutes=sum(lesson.minutes for lesson in content.lessons),
        created_by_id=actor.id if actor else None, created_at=now, published_at=now)
    db.session.add(version)
    db.session.flush()

    for asset in content.assets.values():
        blob = store_blob(asset)
        db.session.add(CourseAsset(version_id=version.id, path=asset.path, blob_id=blob.id,
                                   media_type=asset.media_type))
    searchable = [content.title, content.summary, content.category, *content.tags,
                  intro.plain_text]
    for position, (lesson, result) in enumerate(zip(content.lessons, rendered.lessons,
                                                    strict=True), start=1):
        video = content.assets.get(lesson.video) if lesson.video else None
        db.session.add(Lesson(
            version_id=version.id, position=position, key=lesson.key,
            file_name=lesson.file_name, title=lesson.title, minutes=lesson.minutes,
            markdown=lesson.markdown, html=result.html, toc_html=result.toc_html,
            plain_text=result.plain_text, video_path=lesson.video if video else None,
            video_url=asset_url(course.slug, video.sha256, video.path) if video else None,
            content_hash=lesson_hash(lesson, content.assets), optional=lesson.optional,
            audience=dict(lesson.audience)))
        searchable += [lesson.title, result.plain_text]
    version.search_text = "\n".join(searchable).casefold()

    course.title, course.category, course.tags = content.title, content.category, list(
        content.tags)
    course.current_version = version
    reindex_course(course.id, version.search_text)
    course.owner_unit_id = owner.id if owner is not None else None
    if course.status != CourseStatus.ARCHIVED:
        course.status = CourseStatus.PUBLISHED
    db.session.execute(delete(CourseTag).where(CourseTag.course_id == course.id))
    for tag in content.tags:
        db.session.add(CourseTag(course_id=course.id, tag=tag))
    db.session.flush()
    record_audit(actor, "course.publish", "course", course.id,
                 summary=f"{course.slug} v{number}",
                 details={"version": number, "source": source.value,
                          "content_hash": version.content_hash})
    return version


def next_version_number(course: Course) -> int:
    """The number the course's next published version gets (1, 2, 3 ...)."""
    return (db.session.scalar(select(func.max(CourseVersion.number))
                              .where(CourseVersion.course_id == course.id)) or 0) + 1


def _owner_unit(code: str | None) -> Unit | None:
    if code:
        unit = unit_by_code(code)
        if unit is None:
            raise UnknownUnit(code=code)
        return unit
    return unit_by_code(DEFAULT_OWNER_UNIT)


# -- files --------------------------------------------------------------------------------

def sync(path: Path | str | Sequence[Path], actor: Member | None = None, dry_run: bool = False,
         now: datetime | None = None) -> ItemSyncReport:
    """Publish a new version of every course whose files changed since the last file sync.

    Courses with problems are skipped and reported; running it twice changes nothing.
    """
    now = now or now_utc()
    parsed = parse_path(Path(path) if isinstance(path, str) else path)
    report = ItemSyncReport(dry_run=dry_run, problems=list(parsed.problems),
                        warnings=parsed.all_warnings)
    for item in parsed.courses:
        problems = list(item.problems)
        if item.content is not None:
            problems += database_problems(item)
        if problems or item.content is None:
            report.problems += problems
            report.results.append(ItemSyncResult(item.slug, "invalid", problems=problems))
            continue
        report.results.append(_sync_course(item.content, actor=actor, dry_run=dry_run, now=now))
    return report


def _sync_course(content: CourseContent, *, actor: Member | None, dry_run: bool,
                 now: datetime) -> ItemSyncResult:
    files_hash = content_hash(content)
    course = course_by_slug(content.slug)
    if course is not None and course.last_file_hash == files_hash:
        return ItemSyncResult(content.slug, "unchanged", _current_number(course))
    current = course.current_version if course is not None else None
    if course is not None and current is not None and current.content_hash == files_hash:
        # The files now say what the current version says (e.g. an export of a web edit).
        if not dry_run:
            course.last_file_hash, course.last_file_sync_at = files_hash, now
        return ItemSyncResult(content.slug, "unchanged", current.number)
    status = "created" if course is None else "updated"
    if dry_run:
        return ItemSyncResult(content.slug, status)
    if course is None:
        course = create_course(content.slug, actor=actor)
    version = publish_version(course, content, actor=actor, source=ContentSource.FILE, now=now)
    course.last_file_hash, course.last_file_sync_at = files_hash, now
    return ItemSyncResult(content.slug, status, version.number)


def _current_number(course: Course) -> int | None:
    return course.current_version.number if course.current_version is not None else None


def publish_imported(content: CourseContent, *, dry_run: bool = False,
                     now: datetime | None = None) -> tuple[str, int | None]:
    """`content import-zip`: publish checked zip content as the course's next version
    unless the current version already holds it. Returns (status, version number)."""
    course = course_by_slug(content.slug)
    current = course.current_version if course is not None else None
    if current is not None and current.content_hash == content_hash(content):
        return "unchanged", current.number
    status = "created" if course is None else "updated"
    if dry_run:
        return status, None
    if course is None:
        course = create_course(content.slug, actor=None)
    version = publish_version(course, content, actor=None, source=ContentSource.WEB, now=now)
    return status, version.number


# -- archive -----------------------------------------------------------------------------

def archive_course(course: Course, *, actor: Member) -> None:
    """Hidden from the catalogue; versions, progress and credit records stay."""
    if course.status == CourseStatus.ARCHIVED:
        raise Conflict("课程已经归档。")
    course.status = CourseStatus.ARCHIVED
    db.session.flush()
    record_audit(actor, "course.archive", "course", course.id, summary=course.slug)


def unarchive_course(course: Course, *, actor: Member) -> None:
    if course.status != CourseStatus.ARCHIVED:
        raise Conflict("课程没有归档。")
    course.status = (CourseStatus.PUBLISHED if course.current_version_id is not None
                     else CourseStatus.DRAFT)
    db.session.flush()
    record_audit(actor, "course.unarchive", "course", course.id, summary=course.slug)
