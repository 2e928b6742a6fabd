"""我的课程 (the courses a member is studying, must study, and completed) and the home
page's required-courses panel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from learnhub.courses.assignments.obligations import (
    DueState,
    Obligation,
    due_state,
    obligations,
    required_sort_key,
)
from learnhub.courses.catalogue.services import (
    audience_of,
    published_audiences,
    published_courses,
)
from learnhub.courses.study.lesson_audience import required_progress
from learnhub.courses.study.progress import CompletionInfo, completions_of, enrolments_of
from learnhub.courses.study.settings import share_permille
from learnhub.extensions import db
from learnhub.org.models import Member


@dataclass
class MyCourse:
    course_id: int
    slug: str
    title: str
    category: str
    credit_hours: Decimal | None
    lesson_count: int  # 必学 lessons for the member (lesson_audience.required_progress)
    studied: int = 0
    obligation: Obligation | None = None
    due: DueState | None = None
    completion: CompletionInfo | None = None
    last_opened_at: datetime | None = None
    resume_key: str | None = None
    published: bool = True


@dataclass
class MyCourses:
    in_progress: list[MyCourse] = field(default_factory=list)
    required_not_started: list[MyCourse] = field(default_factory=list)
    completed: list[MyCourse] = field(default_factory=list)

    @property
    def required_pending(self) -> list[MyCourse]:
        """Required and not completed, soonest due first (the home page panel)."""
        pending = [c for c in self.in_progress if c.obligation] + self.required_not_started
        return sorted(pending, key=lambda c: (required_sort_key(c.obligation), c.title))


def my_courses(member: Member, *, today: date) -> MyCourses:
    """In progress, required but not started, and completed: six queries at most."""
    rows = {row.id: row for row in db.session.execute(published_courses())}
    required = obligations(member, {course_id: audience_of(row) for course_id, row in rows.items()})
    enrolments = enrolments_of(member.id)
    completions = completions_of(member.id)
    listed = [cid for cid in rows if cid in enrolments or cid in required or cid in completions]
    # (必学 studied, 必学 lessons): 选学 lessons don't count (lesson_audience)
    progress = required_progress(member, listed, share_permille())
    result = MyCourses()
    for course_id, completion in completions.items():
        row = rows.get(course_id)
        result.completed.append(MyCourse(
            course_id=course_id, slug=row.slug if row else "", title=completion.title,
            category=row.category if row else "", credit_hours=completion.credit_hours,
            lesson_count=progress.get(course_id, (0, row.lesson_count if row else 0))[1],
            studied=progress.get(course_id, (0, 0))[0],
            obligation=required.get(course_id), due=DueState.DONE, completion=completion,
            published=row is not None))
    for course_id, row in rows.items():
        if course_id in completions:
            continue
        obligation = required.get(course_id)
        enrolment = enrolments.get(course_id)
        if enrolment is None and obligation is None:
            continue
        entry = MyCourse(
            course_id=course_id, slug=row.slug, title=row.title, category=row.category,
            credit_hours=row.credit_hours,
            lesson_count=progress.get(course_id, (0, row.lesson_count))[1],
            studied=progress.get(course_id, (0, 0))[0], obligation=obligation,
            due=due_state(obligation, completed=False, today=today))
        if enrolment is None:
            result.required_not_started.append(entry)
        else:
            entry.last_opened_at, entry.resume_key = (enrolment.last_opened_at,
                                                      enrolment.last_lesson_key)
            result.in_progress.append(entry)
    result.in_progress.sort(key=lambda c: c.last_opened_at or datetime.min, reverse=True)
    result.required_not_started.sort(key=lambda c: (required_sort_key(c.obligation), c.title))
    result.completed.sort(key=lambda c: completions[c.course_id].completed_at, reverse=True)
    return result


@dataclass(frozen=True)
class RequiredPanel:
    """The home page's 必修课程 card (templates/courses/_home_required.html)."""

    courses: list[MyCourse]
    template: str = "courses/_home_required.html"


def required_panel(member: Member, *, today: date, limit: int = 5) -> RequiredPanel:
    return RequiredPanel(courses=my_courses(member, today=today).required_pending[:limit])


@dataclass(frozen=True)
class MyRequiredCourse:
    """A course required for the member (必修), with their completion if any."""

    course_id: int
    slug: str
    title: str  # the completed version's title, else the current one's
    obligation: Obligation
    completion: CompletionInfo | None


def my_required_courses(member: Member) -> list[MyRequiredCourse]:
    """The required courses of `my_courses` (in progress, not started and completed),
    without the study progress and enrolments the transcript does not show: four
    queries at most, fewer columns, unordered."""
    rows = {row.id: row for row in db.session.execute(published_audiences())}
    required = obligations(member, {course_id: audience_of(row) for course_id, row in rows.items()})
    completions = completions_of(member.id, required.keys())
    return [MyRequiredCourse(course_id, rows[course_id].slug,
                             completion.title if completion else rows[course_id].title,
                             obligation, completion)
            for course_id, obligation in required.items()
            for completion in (completions.get(course_id),)]
