"""每日一练: a few questions a day for each member, from the banks of their required
courses, the same set all day, and the streak of days on which all were answered.

The day is the member's own (their time zone, else the site's: core.timeutil). The set is
made by the first request of the day and stored (unique per member and day), so a reload,
a second device or a concurrent request sees the same questions. No credit, no ranking.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from learnhub.core.timeutil import now_utc, to_local
from learnhub.courses.assignments.obligations import obligations
from learnhub.courses.catalogue.services import audience_of, published_courses
from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.quizzes.models import QuestionVersion, Quiz
from learnhub.quizzes.practice import selection
from learnhub.quizzes.practice.models import DailySet, PracticeItem, PracticeSource
from learnhub.quizzes.practice.services import (
    Feedback,
    QuestionView,
    feedback,
    new_item,
    question_view,
)

STREAK_LOOKBACK_DAYS = 400  # a longer streak shows as this many days


def daily_size() -> int:
    return max(1, int(current_app.config.get("DAILY_PRACTICE_QUESTIONS", 3)))


def member_day(member: Member, now: datetime) -> date:
    """The member's calendar day at `now`: their time zone, else the site's."""
    return to_local(now, member.timezone or None).date()


def required_course_ids(member: Member) -> list[int]:
    """Published courses required for the member (by audience or assignment)."""
    rows = db.session.execute(published_courses()).all()
    return list(obligations(member, {row.id: audience_of(row) for row in rows}))


def daily_bank_ids(member: Member) -> set[int]:
    """The banks of the quizzes of the member's required courses; without any, the banks
    of every published course quiz."""
    course_ids = required_course_ids(member)
    banks = selection.banks_of_quizzes(Quiz.course_id.in_(course_ids)) if course_ids else set()
    return banks or selection.banks_of_quizzes(Quiz.course_id.is_not(None))


def set_of_day(member_id: int, day: date) -> DailySet | None:
    return db.session.scalar(
        select(DailySet)
        .options(selectinload(DailySet.items).selectinload(PracticeItem.question_version))
        .where(DailySet.member_id == member_id, DailySet.day == day))


def todays_set(member: Member, *, now: datetime | None = None) -> DailySet | None:
    """Today's set, made now if this is the day's first request; None when no bank has a
    question to offer. Two first requests at once: one inserts, the other meets the unique
    constraint (PostgreSQL waits for the first's commit; SQLite's write lock queues it)
    and reads that set."""
    now = now or now_utc()
    day = member_day(member, now)
    found = set_of_day(member.id, day)
    if found is not None:
        return found
    chosen = selection.choose_questions(member.id, daily_bank_ids(member), daily_size())
    if not chosen:
        return None
    versions = {v.id: v for v in db.session.scalars(
        select(QuestionVersion).where(QuestionVersion.id.in_([c.version_id for c in chosen])))}
    daily = DailySet(member_id=member.id, day=day, size=len(chosen), created_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(daily)
            db.session.flush()
            for position, candidate in enumerate(chosen, start=1):
                db.session.add(new_item(member.id, candidate, versions[candidate.version_id],
                                        now=now, source=PracticeSource.DAILY,
                                        daily_set_id=daily.id, position=position))
    except IntegrityError:
        found = set_of_day(member.id, day)
        if found is None:
            raise
        return found
    return set_of_day(member.id, day)


def next_unanswered(daily: DailySet) -> PracticeItem | None:
    return next((item for item in daily.items if item.answered_at is None), None)


@dataclass(frozen=True)
class DailyPage:
    """The 每日一练 page: the next question (as shown before an answer) and what was
    answered today, with its feedback."""

    size: int
    position: int | None  # of the question shown
    question: QuestionView | None
    answered: list[Feedback]
    offered: bool  # False: no bank had a question today


def daily_page(daily: DailySet | None) -> DailyPage:
    if daily is None:
        return DailyPage(size=0, position=None, question=None, answered=[], offered=False)
    pending = next_unanswered(daily)
    return DailyPage(
        size=daily.size, position=pending.position if pending else None,
        question=question_view(pending) if pending else None,
        answered=[feedback(item) for item in daily.items if item.answered_at is not None],
        offered=True)


def streak(member_id: int, today: date) -> int:
    """Consecutive days with every question answered, ending today, or yesterday while
    today's set is still open (a day not yet over doesn't break a streak). One query."""
    days = list(db.session.scalars(
        select(DailySet.day)
        .where(DailySet.member_id == member_id, DailySet.completed_at.is_not(None),
               DailySet.day <= today, DailySet.day > today - timedelta(STREAK_LOOKBACK_DAYS))
        .order_by(DailySet.day.desc())))
    expected = today if days and days[0] == today else today - timedelta(days=1)
    count = 0
    for day in days:
        if day != expected:
            break
        count += 1
        expected -= timedelta(days=1)
    return count


@dataclass(frozen=True)
class DailyPanel:
    """The home page's 每日一练 card (templates/quizzes/practice/_home_daily.html)."""

    streak: int
    size: int  # today's questions (the setting while the set is not made yet)
    answered: int
    started: bool
    template: str = "quizzes/practice/_home_daily.html"

    @property
    def done(self) -> bool:
        return self.started and self.answered >= self.size


def daily_panel(member: Member, *, now: datetime | None = None) -> DailyPanel:
    """Today's state and the streak without making the set (the home page only reads):
    two queries."""
    day = member_day(member, now or now_utc())
    row = db.session.execute(
        select(DailySet.size, func.count(PracticeItem.answered_at))
        .outerjoin(PracticeItem, PracticeItem.daily_set_id == DailySet.id)
        .where(DailySet.member_id == member.id, DailySet.day == day)
        .group_by(DailySet.id, DailySet.size)).first()
    size, answered = (row[0], row[1]) if row else (daily_size(), 0)
    return DailyPanel(streak=streak(member.id, day), size=size, answered=answered,
                      started=row is not None)
