"""The catalogue: published courses, filtered by 专题 and tag, searched by text, the
member's required courses first. A fixed number of queries whatever the size.

Search is a substring match on the current version's `search_text` (title, summary,
tags, introduction and every lesson's text, case-folded), which works for Chinese
without a tokenizer: 党建 finds every course whose lessons contain 党建. Words separated
by spaces must all occur (`党建 考核`), not necessarily next to each other. A bigram index
(search_index.py) finds the candidates, so the texts themselves are read only to confirm
words longer than two characters, and only for those candidates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, or_, select

from learnhub.core.pagination import PageNumbers
from learnhub.courses.assignments.audience import CourseAudience
from learnhub.courses.assignments.obligations import (
    DueState,
    Obligation,
    due_state,
    obligations,
    required_sort_key,
)
from learnhub.courses.catalogue.search_index import candidate_course_ids, needs_substring_check
from learnhub.courses.models import Course, CourseStatus, CourseTag, CourseVersion, Lesson
from learnhub.courses.study.lesson_audience import required_progress
from learnhub.courses.study.progress import CompletionInfo, completions_of
from learnhub.courses.study.settings import share_permille
from learnhub.extensions import db
from learnhub.org.models import Member, Unit

MAX_QUERY_LENGTH = 50
MATCHES_PER_COURSE = 3
SNIPPET_CONTEXT = 30


@dataclass(frozen=True)
class CatalogueFilters:
    q: str = ""
    category: str = ""
    tag: str = ""

    @property
    def active(self) -> bool:
        return bool(self.q or self.category or self.tag)


@dataclass(frozen=True)
class Snippet:
    before: str
    match: str
    after: str


@dataclass(frozen=True)
class LessonMatch:
    key: str
    title: str
    snippet: Snippet | None


@dataclass
class CatalogueEntry:
    course_id: int
    slug: str
    version_id: int
    title: str
    summary: str
    category: str
    tags: list[str]
    credit_hours: Decimal
    lesson_count: int
    total_minutes: int
    obligation: Obligation | None = None
    studied: int = 0  # 必学 lessons studied
    required_count: int = 0  # 必学 lessons for the member (all when every one is 选学)
    completion: CompletionInfo | None = None
    due: DueState | None = None
    matches: list[LessonMatch] = field(default_factory=list)


@dataclass(frozen=True)
class CataloguePage(PageNumbers):
    entries: Sequence[CatalogueEntry]
    total: int
    page: int
    per_page: int
    categories: Sequence[str]
    tags: Sequence[str]


def normalise_query(text: str) -> str:
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def published_courses():
    """Rows of published courses with their current version's list columns and the owner
    unit's path (where the audience reaches: `audience_of`)."""
    return (select(Course.id, Course.slug, CourseVersion.id.label("version_id"),
                   CourseVersion.title, CourseVersion.summary, CourseVersion.category,
                   CourseVersion.tags, CourseVersion.credit_hours, CourseVersion.lesson_count,
                   CourseVersion.total_minutes, CourseVersion.audience,
                   Unit.path.label("owner_path"))
            .join(CourseVersion, CourseVersion.id == Course.current_version_id)
            .outerjoin(Unit, Unit.id == Course.owner_unit_id)
            .where(Course.status == CourseStatus.PUBLISHED))


def published_audiences():
    """`published_courses` narrowed to what deciding 必修 needs (id, slug, title, audience,
    owner path): no summaries or tags to read and decode."""
    return (select(Course.id, Course.slug, CourseVersion.title, CourseVersion.audience,
                   Unit.path.label("owner_path"))
            .join(CourseVersion, CourseVersion.id == Course.current_version_id)
            .outerjoin(Unit, Unit.id == Course.owner_unit_id)
            .where(Course.status == CourseStatus.PUBLISHED))


def audience_of(row) -> CourseAudience:
    """A `published_courses` row's 必修 rules and the owner subtree they reach."""
    return CourseAudience(row.audience or {}, row.owner_path)


def facets() -> tuple[list[str], list[str]]:
    """The 专题 and tags of published courses, for the filter pickers (two queries)."""
    categories = db.session.scalars(
        select(Course.category).where(Course.status == CourseStatus.PUBLISHED,
                                      Course.category != "")
        .distinct().order_by(Course.category)).all()
    tags = db.session.scalars(
        select(CourseTag.tag).join(Course, Course.id == CourseTag.course_id)
        .where(Course.status == CourseStatus.PUBLISHED).distinct().order_by(CourseTag.tag)).all()
    return list(categories), list(tags)


def catalogue(member: Member, filters: CatalogueFilters, *, today: date, page: int = 1,
              per_page: int = 30) -> CataloguePage:
    query = published_courses()
    if filters.category:
        query = query.where(CourseVersion.category == filters.category)
    if filters.tag:
        query = query.where(Course.id.in_(select(CourseTag.course_id)
                                          .where(CourseTag.tag == filters.tag)))
    words = filters.q.casefold().split()
    candidates = candidate_course_ids(words)
    if candidates is not None:
        query = query.where(Course.id.in_(candidates))
    for word in words:
        if candidates is None or needs_substring_check(word):
            query = query.where(CourseVersion.search_text.contains(word, autoescape=True))
    rows = list(db.session.execute(query).all())
    required = obligations(member, {row.id: audience_of(row) for row in rows})
    rows.sort(key=lambda row: (required_sort_key(required.get(row.id)), row.title, row.id))

    total = len(rows)
    page = max(1, min(page, max(1, -(-total // per_page))))
    window = rows[(page - 1) * per_page: page * per_page]
    ids = [row.id for row in window]
    progress = required_progress(member, ids, share_permille())  # 必学 lessons only
    completed = completions_of(member.id, ids)
    entries = []
    for row in window:
        entry = CatalogueEntry(
            course_id=row.id, slug=row.slug, version_id=row.version_id, title=row.title,
            summary=row.summary, category=row.category, tags=list(row.tags or []),
            credit_hours=row.credit_hours, lesson_count=row.lesson_count,
            total_minutes=row.total_minutes, obligation=required.get(row.id),
            studied=progress.get(row.id, (0, 0))[0],
            required_count=progress.get(row.id, (0, row.lesson_count))[1],
            completion=completed.get(row.id))
        entry.due = due_state(entry.obligation, completed=entry.completion is not None,
                              today=today)
        entries.append(entry)
    if filters.q and entries:
        _attach_lesson_matches(entries, filters.q)
    categories, tags = facets()
    return CataloguePage(entries=entries, total=total, page=page, per_page=per_page,
                         categories=categories, tags=tags)


def _attach_lesson_matches(entries: list[CatalogueEntry], q: str) -> None:
    """Which lessons of each listed course contain any of the words, with a snippet (one
    query)."""
    by_version = {entry.version_id: entry for entry in entries}
    rows = db.session.execute(
        select(Lesson.version_id, Lesson.key, Lesson.title, Lesson.plain_text)
        .where(Lesson.version_id.in_(list(by_version)),
               or_(*[_contains(column, word) for word in q.casefold().split()
                     for column in (Lesson.title, Lesson.plain_text)]))
        .order_by(Lesson.version_id, Lesson.position)
    ).all()
    for row in rows:
        entry = by_version[row.version_id]
        if len(entry.matches) < MATCHES_PER_COURSE:
            entry.matches.append(LessonMatch(row.key, row.title, snippet(row.plain_text, q)))


def _contains(column, word: str):
    """Case-insensitive where case exists: a word without letters that have case (汉字,
    digits) cannot differ in case, so it is matched without lower() over the lesson's
    whole text."""
    if word.upper() == word.lower():
        return column.contains(word, autoescape=True)
    return func.lower(column).contains(word, autoescape=True)


def snippet(text: str, q: str, context: int = SNIPPET_CONTEXT) -> Snippet | None:
    """The first occurrence of any word of `q` in `text` with some text either side."""
    folded = text.casefold()
    found = [(folded.find(word), word) for word in q.casefold().split() if word in folded]
    if not found:
        return None
    at, q = min(found)
    start, end = max(0, at - context), min(len(text), at + len(q) + context)
    before = ("…" if start > 0 else "") + text[start:at]
    after = text[at + len(q):end] + ("…" if end < len(text) else "")
    return Snippet(before, text[at:at + len(q)], after)
