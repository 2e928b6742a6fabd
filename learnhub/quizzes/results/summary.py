"""Results of one quiz for a trainer: totals, the score distribution and the figures per
unit, each one grouped query over the attempts in scope (constant in their number).

Attempt figures count graded attempts (every attempt, not each member's best); member
figures count people: a member passed when one of their graded attempts passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Integer, and_, case, cast, distinct, func, or_, select

from learnhub.extensions import db
from learnhub.org.models import Member, Role, Unit
from learnhub.org.permissions import scope_paths
from learnhub.quizzes.attempts.models import Attempt, AttemptState
from learnhub.quizzes.models import Quiz
from learnhub.quizzes.results.scope import ResultFilter, scoped_attempts

BINS = 10  # 0–9 %, 10–19 % … 90–100 %


def _number(value) -> float | None:
    return None if value is None else float(value)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Summary:
    attempts: int  # graded
    members: int  # with a graded attempt
    passed_attempts: int
    passed_members: int
    mean: float | None  # percent, over graded attempts
    median: float | None
    marking: int  # submitted, waiting for a trainer to mark a 心得

    @property
    def attempt_pass_rate(self) -> float | None:
        return _share(self.passed_attempts, self.attempts)

    @property
    def member_pass_rate(self) -> float | None:
        return _share(self.passed_members, self.members)


def _passed_member():
    return case((Attempt.passed.is_(True), Attempt.member_id))


def summary(actor: Member, quiz: Quiz, filters: ResultFilter) -> Summary:
    """Totals and mean in one query, the median in a second (a window over the scores)."""
    graded = Attempt.state == AttemptState.GRADED
    row = db.session.execute(scoped_attempts(
        actor, quiz,
        func.count(case((graded, 1))),
        func.count(distinct(case((graded, Attempt.member_id)))),
        func.count(case((and_(graded, Attempt.passed.is_(True)), 1))),
        func.count(distinct(case((graded, _passed_member())))),
        func.avg(case((graded, Attempt.percent))),
        func.count(case((Attempt.state == AttemptState.MARKING, 1))),
        filters=filters, states=(AttemptState.GRADED, AttemptState.MARKING))).one()
    return Summary(attempts=row[0], members=row[1], passed_attempts=row[2],
                   passed_members=row[3], mean=_number(row[4]),
                   median=median_percent(actor, quiz, filters) if row[0] else None,
                   marking=row[5])


def median_percent(actor: Member, quiz: Quiz, filters: ResultFilter) -> float | None:
    """The median of graded attempts' percent: the middle row, or the mean of the middle two,
    found by numbering the rows in SQL (portable; neither database's percentile function is)."""
    ranked = scoped_attempts(
        actor, quiz, Attempt.percent.label("percent"),
        func.row_number().over(order_by=Attempt.percent).label("rn"),
        func.count().over().label("n"), filters=filters).subquery()
    return _number(db.session.scalar(
        select(func.avg(ranked.c.percent))
        .where(ranked.c.rn * 2 >= ranked.c.n, ranked.c.rn * 2 <= ranked.c.n + 2)))


@dataclass(frozen=True)
class Bin:
    low: int  # percent, inclusive
    high: int  # percent, exclusive but for the last bin (100 included)
    attempts: int


def distribution(actor: Member, quiz: Quiz, filters: ResultFilter) -> list[Bin]:
    """Graded attempts per tenth of the percent scale, every bin present (empty ones 0)."""
    # CASE rather than FLOOR(percent / 10): SQLite may lack FLOOR, and PostgreSQL's CAST
    # of a numeric rounds instead of truncating.
    bin_of = case(*[(Attempt.percent >= 10 * b, b) for b in range(BINS - 1, 0, -1)], else_=0)
    counts = dict(db.session.execute(
        scoped_attempts(actor, quiz, cast(bin_of, Integer).label("bin"), func.count(),
                        filters=filters).group_by("bin")).all())
    return [Bin(low=10 * b, high=10 * (b + 1), attempts=counts.get(b, 0)) for b in range(BINS)]


@dataclass(frozen=True)
class UnitRow:
    unit_id: int
    name: str
    own_members_only: bool  # the base unit's row: members directly in it, not its subtree
    participants: int = 0
    passed: int = 0  # participants with a passed attempt
    attempts: int = 0
    mean: float | None = None

    @property
    def pass_rate(self) -> float | None:
        return _share(self.passed, self.participants)


def base_units(actor: Member, filters: ResultFilter) -> list[Unit]:
    """The units whose children the by-unit table lists: the unit filtered on, else the
    top units of the actor's trainer scope (for an admin, the root units)."""
    if filters.unit is not None:
        return [filters.unit]
    paths = scope_paths(actor, Role.TRAINER)
    query = select(Unit).order_by(Unit.path)
    if paths is None:
        query = query.where(Unit.parent_id.is_(None))
    else:
        tops = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
        query = query.where(Unit.path.in_(tops))
    return list(db.session.scalars(query))


def by_unit(actor: Member, quiz: Quiz, filters: ResultFilter) -> list[UnitRow]:
    """One row per child unit of each base unit (its whole subtree), and one for members
    directly in the base unit; units without participants show zeros. Two queries: the
    attempts grouped by the member's unit (a member is in one unit, so people add up),
    then rolled up to the rows by path here, a loop over units, not attempts."""
    bases = base_units(actor, filters)
    base_ids = [unit.id for unit in bases]
    rows = db.session.execute(
        select(Unit.id, Unit.name, Unit.path, Unit.id.in_(base_ids))
        .where(or_(Unit.parent_id.in_(base_ids), Unit.id.in_(base_ids)))
        .order_by(Unit.path)).all()
    per_unit = db.session.execute(
        scoped_attempts(actor, quiz, Unit.id, Unit.path, func.count(distinct(Attempt.member_id)),
                        func.count(distinct(_passed_member())), func.count(),
                        func.sum(Attempt.percent), filters=filters)
        .group_by(Unit.id, Unit.path)).all()
    result = []
    for unit_id, name, path, is_base in rows:
        counted = [row for row in per_unit
                   if (row[0] == unit_id if is_base else row[1].startswith(path))]
        attempts = sum(row[4] for row in counted)
        total = sum((row[5] for row in counted), Decimal(0))
        result.append(UnitRow(unit_id=unit_id, name=name, own_members_only=bool(is_base),
                              participants=sum(row[2] for row in counted),
                              passed=sum(row[3] for row in counted), attempts=attempts,
                              mean=float(total) / attempts if attempts else None))
    return result
