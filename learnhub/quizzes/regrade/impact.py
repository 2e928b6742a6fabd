"""What a corrected key would change, worked out without writing: every submitted item
that showed the version graded again (`questions.types.grade`, the corrected spec), each
attempt's new score and pass as `settle` will compute it, each member's new standing by
the quiz's grading method, and the credit that follows. Five grouped SELECTs whatever the
number of attempts. The apply runs the same computation under a lock and refuses when
its digest differs from the preview's (something changed in between)."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from sqlalchemy import case, exists, select
from sqlalchemy.orm import aliased

from learnhub.extensions import db
from learnhub.org.models import Member, Role, Unit
from learnhub.org.permissions import scope_filter
from learnhub.quizzes.attempts.models import Attempt, AttemptItem, AttemptState, QuizOutcome
from learnhub.quizzes.models import GradingMethod, Quiz, QuizVersion
from learnhub.quizzes.outcomes.services import Graded, standing_by
from learnhub.quizzes.questions.spec import QuestionSpec
from learnhub.quizzes.questions.types import grade
from learnhub.quizzes.regrade.keys import CorrectedKey, corrected_spec
from learnhub.quizzes.regrade.target import Target
from learnhub.records.models import LedgerEntry

HUNDRED = Decimal(100)
CENT = Decimal("0.01")

Pair = tuple[int, int]  # (quiz id, member id)


@dataclass(frozen=True)
class AttemptChange:
    """An attempt whose score changes. `before_passed`/`after_passed` are None while a
    心得 in it waits for a mark (the attempt has no total yet)."""

    attempt_id: int
    quiz_id: int
    quiz_title: str
    member_id: int
    member_name: str
    unit_name: str
    number: int
    in_scope: bool  # the actor's trainer subtree: named on the page
    state: AttemptState
    credit_hours: Decimal  # of the quiz version it was taken on (what `_reward` credits)
    max_score: Decimal
    before: Decimal | None
    after: Decimal | None
    before_percent: Decimal | None
    after_percent: Decimal | None
    before_passed: bool | None
    after_passed: bool | None

    @property
    def pair(self) -> Pair:
        return self.quiz_id, self.member_id


@dataclass(frozen=True)
class OutcomeChange:
    """A member's standing on a quiz that turns: passed → not passed or the reverse, with
    the ledger entry to reverse (`reverse_entry_id`, `hours` negative) or the credit that
    settle will write (`hours` positive; 0 when the quiz gives none)."""

    quiz_id: int
    quiz_title: str
    member_id: int
    member_name: str
    in_scope: bool
    passed: bool  # after the regrade
    hours: Decimal
    reverse_entry_id: int | None
    has_course: bool  # a course completion earned by the pass stays (docs/quizzes-results.md)


@dataclass(frozen=True)
class ItemScore:
    item_id: int
    attempt_id: int
    score: Decimal


@dataclass
class Impact:
    items: int  # submitted items that showed the version
    open_attempts: int  # in progress: graded with the old key when submitted
    rescored: list[ItemScore]  # items whose score changes
    changes: list[AttemptChange]  # attempts whose score changes, by attempt id
    outcomes: list[OutcomeChange]
    digest: str
    points_note: bool = False  # the points changed: future attempts only
    graded: list[int] = field(default_factory=list)  # ids of the submitted items measured
    shown: list[AttemptChange] = field(init=False)

    def __post_init__(self) -> None:
        self.shown = [c for c in self.changes if c.in_scope]

    @property
    def hidden(self) -> int:
        """Changed attempts of members outside the actor's subtree (counted, not named)."""
        return len(self.changes) - len(self.shown)

    @property
    def turned_to_fail(self) -> int:
        return sum(1 for c in self.changes if c.before_passed and c.after_passed is False)

    @property
    def turned_to_pass(self) -> int:
        return sum(1 for c in self.changes if c.before_passed is False and c.after_passed)

    @property
    def reversals(self) -> list[OutcomeChange]:
        return [o for o in self.outcomes if o.reverse_entry_id is not None]

    @property
    def credits(self) -> list[OutcomeChange]:
        return [o for o in self.outcomes if o.passed and o.hours > 0]


def grading_spec(target: Target, key: CorrectedKey) -> QuestionSpec:
    """The spec past items are graded with: the corrected key, out of the points their
    version showed (a change of points is for future attempts: the attempts' totals and
    percentages were shown out of the old ones, and `settle` reads them from there)."""
    return replace(corrected_spec(target.version.spec(), key), points=target.version.points)


def measure(actor: Member, target: Target, key: CorrectedKey) -> Impact:
    spec = grading_spec(target, key)
    version_id = target.version.id
    rows = _items(actor, version_id)
    open_attempts = len({r.attempt_id for r in rows if r.state == AttemptState.OPEN})
    submitted = [r for r in rows if r.state != AttemptState.OPEN]
    rescored = []
    delta: dict[int, Decimal] = defaultdict(Decimal)
    for row in submitted:
        score = grade(spec, row.response)
        if score is not None and score != row.score:
            rescored.append(ItemScore(row.id, row.attempt_id, score))
            delta[row.attempt_id] += score - (row.score or Decimal(0))
    changes = [_change(row, delta[row.attempt_id]) for row in _first_per_attempt(submitted)
               if row.attempt_id in delta]
    outcomes = _outcomes(version_id, changes) if changes else []
    digest = _digest(target, key, submitted, open_attempts, outcomes)
    return Impact(items=len(submitted), open_attempts=open_attempts, rescored=rescored,
                  changes=changes, outcomes=outcomes, digest=digest,
                  points_note=key.points != target.version.points,
                  graded=[row.id for row in submitted])


def _items(actor: Member, version_id: int):
    """Every item that showed the version, with its attempt, quiz, member and unit."""
    shown_in = aliased(QuizVersion)
    return db.session.execute(
        select(AttemptItem.id, AttemptItem.attempt_id, AttemptItem.response, AttemptItem.score,
               Attempt.quiz_id, Attempt.member_id, Attempt.number, Attempt.state,
               Attempt.score.label("attempt_score"), Attempt.max_score, Attempt.percent,
               Attempt.passed, shown_in.pass_percent, shown_in.credit_hours, Quiz.title.label("quiz_title"),
               Member.name.label("member_name"), Unit.name.label("unit_name"),
               case((scope_filter(actor, Role.TRAINER), True), else_=False).label("in_scope"))
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .join(shown_in, shown_in.id == Attempt.quiz_version_id)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .join(Member, Member.id == Attempt.member_id)
        .join(Unit, Unit.id == Member.unit_id)
        .where(AttemptItem.question_version_id == version_id)
        .order_by(Attempt.id, AttemptItem.id)).all()


def _first_per_attempt(rows):
    seen: set[int] = set()
    for row in rows:
        if row.attempt_id not in seen:
            seen.add(row.attempt_id)
            yield row


def _change(row, delta: Decimal) -> AttemptChange:
    """The attempt as `settle` will leave it: the same arithmetic, from the new total."""
    after = after_percent = after_passed = None
    if row.state == AttemptState.GRADED and row.attempt_score is not None:
        after = row.attempt_score + delta
        after_percent = ((after * HUNDRED / row.max_score).quantize(CENT) if row.max_score
                         else HUNDRED)
        after_passed = after_percent >= row.pass_percent
    return AttemptChange(
        attempt_id=row.attempt_id, quiz_id=row.quiz_id, quiz_title=row.quiz_title,
        member_id=row.member_id, member_name=row.member_name, unit_name=row.unit_name,
        number=row.number, in_scope=bool(row.in_scope), state=AttemptState(row.state),
        credit_hours=row.credit_hours,
        max_score=row.max_score, before=row.attempt_score, after=after,
        before_percent=row.percent, after_percent=after_percent,
        before_passed=row.passed, after_passed=after_passed)


def _pairs_with(version_id: int, quiz_column, member_column):
    """SQL: the (quiz, member) of the row has an attempt that showed the version."""
    other, item = aliased(Attempt), aliased(AttemptItem)
    return exists().where(item.question_version_id == version_id, other.id == item.attempt_id,
                          other.quiz_id == quiz_column, other.member_id == member_column)


def _outcomes(version_id: int, changes: list[AttemptChange]) -> list[OutcomeChange]:
    """Each changed member's standing recomputed as `update_outcome` will, from all their
    submitted attempts on the quiz with the new results in place."""
    changed = {c.attempt_id: c for c in changes}
    pairs = {c.pair for c in changes}
    attempts: dict[Pair, list[Graded]] = defaultdict(list)
    for row in db.session.execute(
            select(Attempt.id, Attempt.quiz_id, Attempt.member_id, Attempt.number,
                   Attempt.state, Attempt.percent, Attempt.passed)
            .where(Attempt.state != AttemptState.OPEN,
                   _pairs_with(version_id, Attempt.quiz_id, Attempt.member_id))
            .order_by(Attempt.number)):
        change = changed.get(row.id)
        state = change.state if change else row.state
        percent = change.after_percent if change else row.percent
        passed = change.after_passed if change else row.passed
        if (row.quiz_id, row.member_id) in pairs and state == AttemptState.GRADED \
                and percent is not None:
            attempts[(row.quiz_id, row.member_id)].append(Graded(row.number, percent,
                                                                 bool(passed)))
    quiz_ids = {quiz_id for quiz_id, _ in pairs}
    rules = {r.id: r for r in db.session.execute(
        select(Quiz.id, Quiz.course_id, QuizVersion.grading_method, QuizVersion.pass_percent)
        .join(QuizVersion, QuizVersion.id == Quiz.current_version_id)
        .where(Quiz.id.in_(quiz_ids)))}
    reversal = aliased(LedgerEntry)
    standing = {(r.quiz_id, r.member_id): r for r in db.session.execute(
        select(QuizOutcome.quiz_id, QuizOutcome.member_id, QuizOutcome.passed,
               QuizOutcome.ledger_entry_id, LedgerEntry.credit_hours,
               reversal.id.label("reversal_id"))
        .outerjoin(LedgerEntry, LedgerEntry.id == QuizOutcome.ledger_entry_id)
        .outerjoin(reversal, reversal.reverses_id == QuizOutcome.ledger_entry_id)
        .where(_pairs_with(version_id, QuizOutcome.quiz_id, QuizOutcome.member_id)))}
    first: dict[Pair, AttemptChange] = {}
    for change in changes:
        first.setdefault(change.pair, change)
    found = []
    for pair, change in first.items():
        rule = rules.get(pair[0])
        if rule is None:
            continue
        _, passed = standing_by(GradingMethod(rule.grading_method), attempts[pair],
                                rule.pass_percent)
        now = standing.get(pair)
        if passed == bool(now is not None and now.passed):
            continue
        live = now if (now is not None and now.ledger_entry_id is not None
                       and now.reversal_id is None) else None  # a credit not yet reversed
        if passed:
            # settle credits the hours of the version the first changed attempt was taken
            # on (`_reward`), unless a credit still stands
            hours = Decimal(0) if live else change.credit_hours
        else:
            hours = -live.credit_hours if live else Decimal(0)
        found.append(OutcomeChange(
            quiz_id=pair[0], quiz_title=change.quiz_title, member_id=pair[1],
            member_name=change.member_name, in_scope=change.in_scope, passed=passed,
            hours=hours, reverse_entry_id=live.ledger_entry_id if live and not passed else None,
            has_course=rule.course_id is not None))
    return found


def _digest(target: Target, key: CorrectedKey, submitted, open_attempts: int,
            outcomes: list[OutcomeChange]) -> str:
    """A fingerprint of everything the preview showed: the question's current version,
    the key, every submitted item's score and the standings that turn."""
    payload = {
        "version": target.version.id, "current": target.current.id, "key": key.to_json(),
        "items": [[r.id, str(r.score), str(r.state)] for r in submitted],
        "open": open_attempts,
        "outcomes": [[o.quiz_id, o.member_id, o.passed, str(o.hours), o.reverse_entry_id]
                     for o in outcomes],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
