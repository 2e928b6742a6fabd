"""The web editor's rules: who may edit a course, its one working draft, publishing it
(what publishing would do, then doing it), importing a zip into it, restoring an older
version into it.

A draft is a `CourseVersion` with `is_draft` (at most one per course, by a partial unique
index) holding the whole course: it is created on the first save by copying the current
version, every save replaces it, and publishing turns what the file parser reads of it
into the next numbered version (format/checks.py) and removes it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import delete, exists, false, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from learnhub.authoring.asset_store import store_blob
from learnhub.authoring.problems import Problem
from learnhub.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from learnhub.core.pagination import Page, paginate
from learnhub.courses.format.checks import ContentCheck, check_web_content
from learnhub.courses.format.content import (
    DEFAULT_OWNER_UNIT,
    CourseContent,
    LessonContent,
    content_hash,
)
from learnhub.courses.format.rendering import RenderedCourse, render_course
from learnhub.courses.models import (
    ContentSource,
    Course,
    CourseAsset,
    CourseStatus,
    CourseVersion,
    Lesson,
)
from learnhub.courses.publishing.diffing import CourseDiff, diff_contents
from learnhub.courses.publishing.services import (
    content_from_version,
    course_by_slug,
    create_course,
    draft_of,
    next_version_number,
    publish_version,
)
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member, Role, Unit
from learnhub.org.permissions import can_train_for, has_role, is_admin, scope_filter
from learnhub.org.units.services import unit_by_code


class ContentInvalid(ValidationFailed):
    code = "content_invalid"
    message = "课程内容有问题，请修正后再发布。"

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems


class NothingToPublish(Conflict):
    code = "nothing_to_publish"
    message = "草稿与当前版本完全相同，无需发布。"


class DraftChanged(Conflict):
    code = "draft_changed"
    message = "草稿在你确认之前已被修改，请查看最新的变更后再确认。"


class NoDraft(NotFound):
    code = "no_draft"
    message = "这门课程没有未发布的草稿。"


class OwnerOutOfScope(ValidationFailed):
    code = "owner_out_of_scope"
    message = "你没有组织 %(code)s 的培训管理权限，不能把课程归属于它。"


# -- access ------------------------------------------------------------------------------

def can_edit(actor: Member, course: Course) -> bool:
    """A trainer edits the courses owned by a unit in their trainer subtree; an admin edits
    every course. The owner unit alone decides: having created the course grants nothing
    once it belongs to a unit outside the creator's scope."""
    if is_admin(actor):
        return True
    return course.owner_unit is not None and can_train_for(actor, course.owner_unit)


def get_editable_course(actor: Member, slug: str) -> Course:
    course = course_by_slug(slug)
    if course is None:
        raise NotFound()
    if not can_edit(actor, course):
        raise Forbidden()
    return course


def editable_courses(actor: Member, *, q: str = "", status: str = "", page: int,
                     per_page: int) -> Page:
    """One page of the courses the actor may edit, last changed first, scoped in SQL: rows
    (Course, current version number, has a draft, owner unit name). `q` matches the
    title or the slug; `status` is a CourseStatus value (anything else: every status)."""
    current = aliased(CourseVersion)
    draft = aliased(CourseVersion)
    has_draft = exists().where(draft.course_id == Course.id, draft.is_draft.is_(True))
    query = (select(Course, current.number, has_draft.label("has_draft"), Unit.name)
             .outerjoin(current, current.id == Course.current_version_id)
             .outerjoin(Unit, Unit.id == Course.owner_unit_id))
    if not has_role(actor, Role.TRAINER):
        query = query.where(false())
    else:
        query = query.where(scope_filter(actor, Role.TRAINER, Unit.path))
    if q:
        pattern = f"%{q}%"
        query = query.where(or_(Course.title.ilike(pattern), Course.slug.ilike(pattern)))
    if status in {s.value for s in CourseStatus}:
        query = query.where(Course.status == CourseStatus(status))
    query = query.order_by(Course.updated_at.desc(), Course.id.desc())
    return paginate(query, page=page, per_page=per_page, scalars=False)


def check_owner_unit(actor: Member, code: str | None) -> Unit:
    """The unit a course will belong to (ROOT when none is named); the actor must train for it."""
    unit = unit_by_code(code or DEFAULT_OWNER_UNIT)
    if unit is None:
        raise ValidationFailed("未知的组织编码 %(code)s。", fields={"owner_unit": "unknown"},
                               code=code or DEFAULT_OWNER_UNIT)
    if not can_train_for(actor, unit):
        raise OwnerOutOfScope(fields={"owner_unit": "scope"}, code=unit.code)
    return unit


# -- reading -----------------------------------------------------------------------------

def empty_content(course: Course, owner_unit: str | None) -> CourseContent:
    return CourseContent(slug=course.slug, title=course.title, summary="", category="",
                         credit_hours=Decimal("0.00"), lessons=[], owner_unit=owner_unit)


def working_content(course: Course) -> CourseContent:
    """What the editor shows: the draft, else the current version, else an empty course."""
    version = draft_of(course) or course.current_version
    if version is None:
        return empty_content(course, course.owner_unit.code if course.owner_unit else None)
    return content_from_version(course, version)


def published_keys(course: Course) -> set[str]:
    """Lesson keys any published version used: they can no longer be changed."""
    rows = db.session.scalars(
        select(Lesson.key).join(CourseVersion, CourseVersion.id == Lesson.version_id)
        .where(CourseVersion.course_id == course.id, CourseVersion.is_draft.is_(False)))
    return set(rows)


def details_token(content: CourseContent) -> str:
    """Changes when the course details (not the lessons) change: guards a form left open."""
    return _digest([content.title, content.summary, content.category, content.tags,
                    str(content.credit_hours), content.audience, content.owner_unit,
                    content.intro_markdown])


def lesson_token(lesson: LessonContent) -> str:
    return _digest([lesson.key, lesson.title, lesson.minutes, lesson.markdown, lesson.video,
                    *lesson.marks])


def _digest(value: object) -> str:
    encoded = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()[:16]


# -- the draft ---------------------------------------------------------------------------

def start_course(actor: Member, *, slug: str, title: str, owner_unit: str,
                 now: datetime) -> Course:
    """A new web course: never published, with a draft holding its title."""
    unit = check_owner_unit(actor, owner_unit)
    course = create_course(slug, actor=actor, owner_unit=unit)
    course.title = title
    content = empty_content(course, unit.code)
    save_draft(course, content, actor=actor, now=now)
    return course


def save_draft(course: Course, content: CourseContent, *, actor: Member, now: datetime,
               rendered: RenderedCourse | None = None) -> CourseVersion:
    """Store `content` as the course's working draft, replacing what the draft held.
    Rendered first, before anything is written (`render_course`)."""
    rendered = rendered or render_course(course.slug, content)
    draft = draft_of(course) or _new_draft(course, now)
    intro = rendered.intro
    draft.content_hash = content_hash(content)
    draft.title, draft.summary, draft.category = content.title, content.summary, content.category
    draft.tags, draft.credit_hours = list(content.tags), content.credit_hours
    draft.audience, draft.owner_unit_code = dict(content.audience), content.owner_unit
    draft.intro_markdown, draft.intro_html = content.intro_markdown, intro.html
    draft.intro_toc_html = intro.toc_html
    draft.lesson_count = len(content.lessons)
    draft.total_minutes = sum(lesson.minutes for lesson in content.lessons)
    draft.created_by_id = actor.id
    db.session.flush()

    db.session.execute(delete(Lesson).where(Lesson.version_id == draft.id))
    for position, (lesson, result) in enumerate(zip(content.lessons, rendered.lessons,
                                                    strict=True), start=1):
        db.session.add(Lesson(
            version_id=draft.id, position=position, key=lesson.key, file_name=lesson.file_name,
            title=lesson.title, minutes=lesson.minutes, markdown=lesson.markdown,
            html=result.html, toc_html=result.toc_html, plain_text=result.plain_text,
            video_path=lesson.video, video_url=None, content_hash=lesson_token(lesson),
            optional=lesson.optional, audience=dict(lesson.audience)))
    _store_assets(draft, content)
    course.updated_at = now
    db.session.flush()
    db.session.expire(draft, ["lessons", "assets"])
    return draft


def _new_draft(course: Course, now: datetime) -> CourseVersion:
    """An empty draft row; if another request made one first (a double-click on the first
    save), the unique index refuses ours and theirs is used."""
    draft = CourseVersion(course_id=course.id, number=None, is_draft=True,
                          source=ContentSource.WEB, created_at=now, published_at=None,
                          content_hash="", title="", summary="", category="",
                          credit_hours=Decimal("0.00"))
    try:
        with db.session.begin_nested():
            db.session.add(draft)
            db.session.flush()
    except IntegrityError:
        existing = db.session.scalar(select(CourseVersion).where(
            CourseVersion.course_id == course.id, CourseVersion.is_draft.is_(True)))
        if existing is None:
            raise
        return existing
    return draft


def _store_assets(draft: CourseVersion, content: CourseContent) -> None:
    rows = {row.path: row for row in db.session.scalars(
        select(CourseAsset).where(CourseAsset.version_id == draft.id))}
    for path, row in rows.items():
        if path not in content.assets or content.assets[path].sha256 != row.blob.sha256:
            db.session.delete(row)
    db.session.flush()
    for path, asset in content.assets.items():
        if path in rows and rows[path].blob.sha256 == asset.sha256:
            continue
        blob = store_blob(asset)
        db.session.add(CourseAsset(version_id=draft.id, path=path, blob_id=blob.id,
                                   media_type=asset.media_type))


def discard_draft(course: Course, *, actor: Member) -> None:
    draft = draft_of(course)
    if draft is None:
        raise NoDraft()
    _delete_draft(draft)
    record_audit(actor, "course.discard_draft", "course", course.id, summary=course.slug)


def _delete_draft(draft: CourseVersion) -> None:
    db.session.execute(delete(Lesson).where(Lesson.version_id == draft.id))
    db.session.execute(delete(CourseAsset).where(CourseAsset.version_id == draft.id))
    db.session.delete(draft)
    db.session.flush()


@dataclass(frozen=True)
class PublishPreview:
    """What publishing the draft would do, shown before the trainer confirms it."""

    check: ContentCheck  # the file parser's reading of the draft, with every problem
    diff: CourseDiff | None  # against the current version; None while the draft has problems
    unreferenced: list[str] | None  # uploaded files no page uses: they are not published
    same: bool  # the draft says what the current version says: nothing to publish
    next_number: int
    lesson_keys: dict[str, str]  # the draft's lesson files -> keys


def publish_preview(course: Course, draft: CourseVersion) -> PublishPreview:
    draft_content = content_from_version(course, draft)
    check = check_web_content(draft_content)
    diff = unreferenced = None
    same = False
    if check.content is not None:
        current = course.current_version
        base = (content_from_version(course, current) if current is not None
                else empty_content(course, None))
        diff = diff_contents(base, check.content)
        unreferenced = sorted(set(draft_content.assets) - set(check.content.assets))
        same = current is not None and current.content_hash == content_hash(check.content)
    return PublishPreview(check=check, diff=diff, unreferenced=unreferenced, same=same,
                          next_number=next_version_number(course),
                          lesson_keys=draft_content.lesson_files)


def publish_draft(course: Course, *, actor: Member, expected_hash: str | None,
                  now: datetime) -> CourseVersion:
    """Publish what the file parser reads of the draft as the next version; drop the draft.

    Checked and rendered before the course row is locked, which on SQLite takes the
    database's write lock (core/transactions.py); the draft is read again under the lock.
    """
    draft = draft_of(course)
    if draft is None:
        raise NoDraft()
    if expected_hash is not None and draft.content_hash != expected_hash:
        raise DraftChanged()
    check = check_web_content(content_from_version(course, draft))
    if check.content is None:
        raise ContentInvalid(check.problems)
    check_owner_unit(actor, check.content.owner_unit)
    current = course.current_version
    if current is not None and current.content_hash == content_hash(check.content):
        raise NothingToPublish()
    rendered = render_course(course.slug, check.content)
    # Two publishes at once (a double-click): the second waits here, then finds no draft.
    db.session.execute(select(Course.id).where(Course.id == course.id).with_for_update())
    locked = db.session.execute(select(CourseVersion.id, CourseVersion.content_hash).where(
        CourseVersion.course_id == course.id, CourseVersion.is_draft.is_(True))).first()
    if locked is None:
        raise NoDraft()
    if tuple(locked) != (draft.id, draft.content_hash):  # saved again meanwhile
        raise DraftChanged()
    version = publish_version(course, check.content, actor=actor, source=ContentSource.WEB,
                              now=now, rendered=rendered)
    _delete_draft(draft)
    return version


def import_course(actor: Member, content: CourseContent, *, replace_existing_draft: bool,
                  now: datetime) -> tuple[Course, bool]:
    """Put checked zip content into a course's draft, creating the course if it is new.

    Returns the course and whether it was created."""
    rendered = render_course(content.slug, content)  # before creating the course writes
    unit = check_owner_unit(actor, content.owner_unit)
    course = course_by_slug(content.slug)
    created = course is None
    if course is None:
        course = create_course(content.slug, actor=actor, owner_unit=unit)
        course.title = content.title
    elif not can_edit(actor, course):
        raise Forbidden()
    elif draft_of(course) is not None and not replace_existing_draft:
        raise Conflict("课程 %(slug)s 已有未发布的草稿。如要用 zip 的内容替换它，请勾选“替换已有草稿”。",
                       slug=course.slug)
    save_draft(course, content, actor=actor, now=now, rendered=rendered)
    record_audit(actor, "course.import_zip", "course", course.id, summary=course.slug,
                 details={"content_hash": content_hash(content), "created": created})
    return course, created


def restore_version(course: Course, version: CourseVersion, *, actor: Member,
                    now: datetime) -> CourseVersion:
    """An older version's content becomes the draft, to be published again as a new version."""
    draft = save_draft(course, content_from_version(course, version), actor=actor, now=now)
    record_audit(actor, "course.restore_draft", "course", course.id,
                 summary=f"{course.slug} v{version.number}", details={"version": version.number})
    return draft
