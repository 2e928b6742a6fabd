"""What the contest pages show: the list of contests (upcoming, open, closed) and one
contest's board for a given viewer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import url_for
from sqlalchemy import func, select
from werkzeug.routing import BuildError

from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.quizzes.attempts.models import Attempt, AttemptState
from learnhub.quizzes.contests import board
from learnhub.quizzes.models import Quiz, QuizMode, QuizStatus, QuizVersion

START_ENDPOINT = "quizzes.start"  # the attempt engine's start page, by slug


def start_url(slug: str) -> str | None:
    """The link to take a contest, or None while the attempt engine has no start page."""
    try:
        return url_for(START_ENDPOINT, slug=slug)
    except BuildError:
        return None


@dataclass(frozen=True)
class ContestEntry:
    slug: str
    title: str
    opens_at: datetime | None
    closes_at: datetime | None
    taken: bool  # the viewer has a graded attempt


@dataclass
class ContestList:
    upcoming: list[ContestEntry] = field(default_factory=list)
    open: list[ContestEntry] = field(default_factory=list)
    closed: list[ContestEntry] = field(default_factory=list)


def contest_list(member: Member, now: datetime) -> ContestList:
    """Published contests by state, with whether the member took part (one query)."""
    taken = (select(func.count(Attempt.id))
             .where(Attempt.quiz_id == Quiz.id, Attempt.member_id == member.id,
                    Attempt.state == AttemptState.GRADED)
             .correlate(Quiz).scalar_subquery())
    rows = db.session.execute(
        select(Quiz.slug, QuizVersion.title, QuizVersion.opens_at, QuizVersion.closes_at,
               taken)
        .join(QuizVersion, QuizVersion.id == Quiz.current_version_id)
        .where(Quiz.mode == QuizMode.CONTEST, Quiz.status == QuizStatus.PUBLISHED)
        .order_by(QuizVersion.opens_at.desc().nulls_last(), Quiz.slug)).all()
    result = ContestList()
    for slug, title, opens_at, closes_at, count in rows:
        entry = ContestEntry(slug, title, opens_at, closes_at, bool(count))
        if opens_at is not None and opens_at > now:
            result.upcoming.append(entry)
        elif closes_at is not None and closes_at <= now:
            result.closed.append(entry)
        else:
            result.open.append(entry)
    result.upcoming.reverse()  # soonest first
    return result


@dataclass
class Board:
    quiz: Quiz
    version: QuizVersion
    closed: bool
    opened: bool
    units: list[board.UnitStanding]
    mine: board.Standing | None
    show_names: bool
    public: list[board.Standing]  # with show_names, after close
    managed: list[board.Standing] | None  # a manager's subtree; None: not a manager
    managed_total: int

    @property
    def participants(self) -> int:
        return sum(u.participants for u in self.units)

    @property
    def members(self) -> int:
        return sum(u.members for u in self.units)


def contest_board(viewer: Member, slug: str, *, now: datetime, offset: int = 0,
                  limit: int = 50) -> Board:
    """The board as `viewer` may see it: four to six queries whatever the numbers."""
    quiz, version, owner_path = board.contest(slug)
    closed = board.is_closed(version, now)
    counted = board.counted_attempts(quiz, version)
    paths = board.scope_of(version, owner_path, viewer)
    units = board.unit_standings(version, counted, paths, closed=closed)
    mine = board.own_standing(counted, viewer)
    public = board.public_standings(counted) if closed and version.show_names else []
    managed, managed_total = None, 0
    if board.sees_individuals(viewer):
        managed, managed_total = board.subtree_standings(counted, viewer, offset=offset,
                                                         limit=limit)
    return Board(quiz=quiz, version=version, closed=closed,
                 opened=version.opens_at is None or version.opens_at <= now, units=units,
                 mine=mine, show_names=version.show_names, public=public, managed=managed,
                 managed_total=managed_total)
