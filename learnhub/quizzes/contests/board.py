"""A contest's board: units (党支部) ranked by average score and participation, each
viewer's own rank, and individuals for those allowed to see names.

Each member counts with one graded attempt: the first (contests allow one); when a
contest allows more, the one the quiz's grading method picks (highest: the best score,
then the fastest, then the earliest; last: the latest; first and average: the first).
Individuals rank by score (percent), then time taken, then submit time; equal on all three
share a rank. Everything is grouped in SQL (window functions, one statement per part),
so the page costs the same number of queries for ten members or ten thousand.
Before the contest closes the board shows participation only: scores and ranks are
final, and shown, once it has closed (a review setting of `after_close` stays honest).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Select, and_, false, func, or_, select, true
from sqlalchemy.orm import aliased

from learnhub.core.errors import NotFound
from learnhub.courses.assignments.audience import unit_paths
from learnhub.extensions import db
from learnhub.org.models import Member, Role, Unit, UnitKind
from learnhub.org.permissions import scope_filter, scope_paths
from learnhub.quizzes.attempts.models import Attempt, AttemptState
from learnhub.quizzes.models import GradingMethod, Quiz, QuizMode, QuizStatus, QuizVersion

TWO_PLACES = Decimal("0.01")
PUBLIC_TOP = 20  # individuals on the public board when the version shows names
ELIGIBILITY = ("political_status", "cadre_level", "party_post")


def contest(slug: str) -> tuple[Quiz, QuizVersion, str | None]:
    """A published contest, its current version and its owner unit's path (one query)."""
    row = db.session.execute(
        select(Quiz, QuizVersion, Unit.path)
        .join(QuizVersion, QuizVersion.id == Quiz.current_version_id)
        .outerjoin(Unit, Unit.id == Quiz.owner_unit_id)
        .where(Quiz.slug == slug, Quiz.mode == QuizMode.CONTEST,
               Quiz.status == QuizStatus.PUBLISHED)).first()
    if row is None:
        raise NotFound()
    return row[0], row[1], row[2]


def is_closed(version: QuizVersion, now: datetime) -> bool:
    return version.closes_at is not None and version.closes_at <= now


def _pick_order(method: GradingMethod) -> tuple:
    if method == GradingMethod.HIGHEST:
        return (Attempt.percent.desc(), Attempt.seconds_taken.asc().nulls_last(),
                Attempt.submitted_at.asc(), Attempt.number.asc())
    if method == GradingMethod.LAST:
        return (Attempt.number.desc(),)
    return (Attempt.number.asc(),)


def counted_attempts(quiz: Quiz, version: QuizVersion):
    """One row per member who took part: their counted attempt's percent, seconds taken
    and submit time, with their rank among everyone (`place`) and the total (`taken`)."""
    picked = (select(Attempt.member_id, Attempt.percent, Attempt.seconds_taken,
                     Attempt.submitted_at,
                     func.row_number().over(partition_by=Attempt.member_id,
                                            order_by=_pick_order(version.grading_method))
                     .label("pick"))
              .where(Attempt.quiz_id == quiz.id, Attempt.state == AttemptState.GRADED)
              .subquery("picked"))
    return (select(picked.c.member_id, picked.c.percent, picked.c.seconds_taken,
                   picked.c.submitted_at,
                   func.rank().over(order_by=(picked.c.percent.desc(),
                                              picked.c.seconds_taken.asc().nulls_last(),
                                              picked.c.submitted_at.asc())).label("place"),
                   func.count().over().label("taken"))
            .where(picked.c.pick == 1).subquery("counted"))


def scope_of(version: QuizVersion, owner_path: str | None, viewer: Member) -> list[str]:
    """Unit paths whose 党支部 the board ranks: the units the audience names, else the
    contest's owner unit, else the viewer's top unit (their organisation)."""
    codes = (version.audience or {}).get("required", {}).get("units", [])
    if codes:
        paths = list(unit_paths(codes).values())
        if paths:
            return paths
    if owner_path:
        return [owner_path]
    return ["/" + viewer.unit.path.strip("/").split("/")[0] + "/"]


def _eligible(version: QuizVersion):
    """Who counts in a unit's participation: active members, narrowed by the audience's
    political status, cadre level and party post when it names any (roles are not)."""
    required = (version.audience or {}).get("required", {})
    named = [getattr(Member, name).in_(required[name]) for name in ELIGIBILITY
             if required.get(name)]
    return and_(Member.active.is_(True), or_(*named) if named else true())


@dataclass(frozen=True)
class UnitStanding:
    unit_id: int
    code: str
    name: str
    members: int
    participants: int
    average: Decimal | None  # percent, over participants
    seconds: Decimal | None  # average time taken
    rank: int | None = None  # after close

    @property
    def rate(self) -> Decimal:
        """Participation rate, percent."""
        if not self.members:
            return Decimal(0)
        return (Decimal(self.participants) * 100 / self.members).quantize(TWO_PLACES)


def _number(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(TWO_PLACES)


def unit_standings(version: QuizVersion, counted, paths: list[str], *,
                   closed: bool) -> list[UnitStanding]:
    """Every active 党支部 in the scope with its members, participants, average score and
    time (one grouped query), ranked by average score, then participation rate, then
    average time; equal on all three share a rank. Before close: by participation."""
    branch, member_unit = aliased(Unit), aliased(Unit)
    rows = db.session.execute(
        select(branch.id, branch.code, branch.name, func.count(Member.id),
               func.count(counted.c.member_id), func.avg(counted.c.percent),
               func.avg(counted.c.seconds_taken))
        .select_from(branch)
        .outerjoin(member_unit, member_unit.path.startswith(branch.path, autoescape=False))
        .outerjoin(Member, and_(Member.unit_id == member_unit.id, _eligible(version)))
        .outerjoin(counted, counted.c.member_id == Member.id)
        .where(branch.kind == UnitKind.BRANCH, branch.active.is_(True),
               or_(*[branch.path.startswith(p) for p in paths]) if paths else false())
        .group_by(branch.id, branch.code, branch.name)).all()
    units = [UnitStanding(uid, code, name, members, participants, _number(average),
                          _number(seconds))
             for uid, code, name, members, participants, average, seconds in rows]
    if not closed:
        return sorted(units, key=lambda u: (-u.rate, -u.participants, u.code))
    return _ranked(units)


def _ranked(units: list[UnitStanding]) -> list[UnitStanding]:
    def merit(u: UnitStanding) -> tuple:
        return (u.average is None, -(u.average or 0), -u.rate,
                u.seconds if u.seconds is not None else Decimal("Infinity"))

    ordered = sorted(units, key=lambda u: (*merit(u), u.code))
    result: list[UnitStanding] = []
    for position, unit in enumerate(ordered, start=1):
        same = result and merit(ordered[position - 2]) == merit(unit)
        rank = result[-1].rank if same else position
        result.append(UnitStanding(**{**unit.__dict__, "rank": rank if unit.average is not None
                                      else None}))
    return result


@dataclass(frozen=True)
class Standing:
    """An individual on the board."""

    member_id: int
    name: str
    unit_name: str
    percent: Decimal | None
    seconds_taken: int | None
    submitted_at: datetime | None
    place: int
    taken: int


def _individuals(counted, member_unit=None) -> Select:
    member_unit = member_unit if member_unit is not None else aliased(Unit)
    return (select(counted.c.member_id, Member.name, member_unit.name, counted.c.percent,
                   counted.c.seconds_taken, counted.c.submitted_at, counted.c.place,
                   counted.c.taken)
            .join(Member, Member.id == counted.c.member_id)
            .join(member_unit, member_unit.id == Member.unit_id)
            .order_by(counted.c.place, Member.name, Member.id))


def own_standing(counted, member: Member) -> Standing | None:
    row = db.session.execute(_individuals(counted).where(counted.c.member_id == member.id)).first()
    return Standing(*row) if row else None


def subtree_standings(counted, actor: Member, *, offset: int, limit: int
                      ) -> tuple[list[Standing], int]:
    """Individuals in the manager's subtree, by place, one page, and their count."""
    member_unit = aliased(Unit)
    scoped = _individuals(counted, member_unit).where(
        scope_filter(actor, Role.MANAGER, member_unit.path))
    rows = db.session.execute(
        scoped.add_columns(func.count().over().label("in_scope")).offset(offset).limit(limit)
    ).all()
    total = rows[0][-1] if rows else 0
    return [Standing(*row[:-1]) for row in rows], total


def public_standings(counted, limit: int = PUBLIC_TOP) -> list[Standing]:
    return [Standing(*row) for row in db.session.execute(_individuals(counted).limit(limit))]


def sees_individuals(actor: Member) -> bool:
    """Managers (of some unit) and admins see names in their subtree."""
    paths = scope_paths(actor, Role.MANAGER)
    return paths is None or bool(paths)
