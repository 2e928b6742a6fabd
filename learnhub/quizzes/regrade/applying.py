"""Applying a corrected key, in the request's one transaction: a new question version with
the key (future attempts use it), the past items of the corrected version re-scored (they
keep the version they showed, and record the one whose key graded them), `settle` for every attempt whose score changed (its result,
the member's outcome, credit and course completion for a new pass), the credit of every
pass that turned into a fail reversed in the ledger, and one audit entry.

Regrades take turns (one lock for all: two regrades of one quiz settle the same attempts),
and the apply measures again under the lock: a digest other than the preview's (another
regrade, new submissions) is refused, so a trainer never applies what they did not see.

Course completions are not revoked: a member who completed a course under the key then in
force keeps the completion (and the course's own credit); the audit entry lists them, and
docs/quizzes-results.md says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, tuple_, update

from learnhub.core.transactions import take_turns
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member
from learnhub.quizzes.attempts.grading import settle
from learnhub.quizzes.attempts.models import Attempt, AttemptItem, AttemptState, QuizOutcome
from learnhub.quizzes.banks.store import content_hash
from learnhub.quizzes.models import QuestionVersion, Quiz, spec_data
from learnhub.quizzes.regrade.failures import NotRegradable, StalePreview
from learnhub.quizzes.regrade.impact import Impact, measure
from learnhub.quizzes.regrade.keys import corrected_spec, key_from_json, key_summary
from learnhub.quizzes.regrade.target import Target, regrade_target
from learnhub.records.models import LedgerEntry
from learnhub.records.services import reverse

# Any constant: the PostgreSQL advisory lock every regrade holds until its commit.
REGRADE_LOCK = 0x4C48_0101
AUDIT_ACTION = "quiz.question.regrade"
# QuizOutcome.note once a regrade reversed the credit of a pass that became a fail.
CREDIT_REVERSED = "credit_reversed_by_regrade"


@dataclass(frozen=True)
class Applied:
    target: Target
    impact: Impact
    new_version: QuestionVersion | None  # None when the current version had the key already
    reversed_entries: list[int]


def apply_regrade(actor: Member, quiz: Quiz, version_id: int, *, key_json: str, digest: str,
                  now: datetime) -> Applied:
    take_turns(db.session, REGRADE_LOCK)
    db.session.expire_all()  # what the lock's holder before us committed
    target = regrade_target(actor, quiz, version_id)
    key = key_from_json(target.spec(), key_json)
    impact = measure(actor, target, key)
    if impact.digest != digest:
        raise StalePreview()
    corrected = corrected_spec(target.spec(), key)
    new_digest = content_hash(corrected)
    if new_digest == target.current.content_hash and not impact.rescored:
        raise NotRegradable("更正后的答案与当前答案相同，也没有需要重新评分的作答。")
    before = key_summary(target.spec())
    new_version = None
    if new_digest != target.current.content_hash:
        new_version = _new_version(target, actor, corrected, new_digest)
    _rescore(impact, _key_version(target, new_version))
    _settle(impact, now)
    reversed_entries = _reverse_lost_credit(actor, target, impact)
    _audit(actor, target, impact, before, key_summary(corrected), new_version, reversed_entries)
    db.session.flush()
    return Applied(target=target, impact=impact, new_version=new_version,
                   reversed_entries=reversed_entries)


def _new_version(target: Target, actor: Member, spec, digest: str) -> QuestionVersion:
    """The current version's text with the corrected key, numbered after every version."""
    current = target.current
    number = db.session.scalar(select(func.max(QuestionVersion.number)).where(
        QuestionVersion.question_id == target.question.id)) or 0
    version = QuestionVersion(
        question_id=target.question.id, number=number + 1, type=current.type,
        category=current.category, title=current.title, points=spec.points,
        prompt_markdown=current.prompt_markdown, prompt_html=current.prompt_html,
        explanation_markdown=current.explanation_markdown,
        explanation_html=current.explanation_html, data=spec_data(spec), content_hash=digest,
        created_by_id=actor.id)
    db.session.add(version)
    db.session.flush()
    target.question.current_version = version
    return version


def _key_version(target: Target, new_version: QuestionVersion | None) -> int | None:
    """The version whose key now grades the version's past items: the new one, else the
    current one (it had the corrected key already); None when that is their own."""
    key_version = new_version or target.current
    return None if key_version.id == target.version.id else key_version.id


def _rescore(impact: Impact, graded_with: int | None) -> None:
    """The new item scores, every graded item marked with the version whose key graded it
    (review pages show that key, score changed or not), and each changed attempt's new
    result written first, so that settling one attempt of a member already sees their
    other re-scored attempts (their standing turns once, not back and forth)."""
    scores = {s.item_id: s.score for s in impact.rescored}
    if scores:
        db.session.execute(update(AttemptItem), [
            {"id": item_id, "score": score, "graded_with_version_id": graded_with}
            for item_id, score in scores.items()])
    unchanged = [item_id for item_id in impact.graded if item_id not in scores]
    if unchanged:
        db.session.execute(update(AttemptItem), [
            {"id": item_id, "graded_with_version_id": graded_with} for item_id in unchanged])
    graded = [{"id": c.attempt_id, "score": c.after, "percent": c.after_percent,
               "passed": c.after_passed} for c in impact.changes
              if c.state == AttemptState.GRADED and c.after is not None]
    if graded:
        db.session.execute(update(Attempt), graded)


def _settle(impact: Impact, now: datetime) -> None:
    ids = [c.attempt_id for c in impact.changes]
    if not ids:
        return
    attempts = db.session.scalars(select(Attempt).where(Attempt.id.in_(ids))
                                  .execution_options(populate_existing=True)).all()
    for attempt in sorted(attempts, key=lambda a: a.id):
        settle(attempt, now)


def _reverse_lost_credit(actor: Member, target: Target, impact: Impact) -> list[int]:
    """Reverse the credit of each pass the regrade turned into a fail, dated like the
    entry it cancels (so that year's total is the one corrected)."""
    lost = [o for o in impact.outcomes if o.reverse_entry_id is not None]
    if not lost:
        return []
    outcomes = {(o.quiz_id, o.member_id): o for o in db.session.scalars(
        select(QuizOutcome).where(tuple_(QuizOutcome.quiz_id, QuizOutcome.member_id).in_(
            [(o.quiz_id, o.member_id) for o in lost])))}
    entries = {e.id: e for e in db.session.scalars(select(LedgerEntry).where(
        LedgerEntry.id.in_([o.reverse_entry_id for o in lost])))}
    reason = f"测验重新评分：题目 {target.question.key} 答案更正后未再通过（{target.quiz.title}）"
    done = []
    for change in lost:
        outcome = outcomes.get((change.quiz_id, change.member_id))
        entry = entries.get(change.reverse_entry_id or 0)
        if outcome is None or entry is None or outcome.passed:
            continue  # settle disagreed with the preview: nothing lost
        reverse(entry, actor=actor, reason=reason, occurred_on=entry.occurred_on)
        outcome.note = CREDIT_REVERSED
        done.append(entry.id)
    return done


def _audit(actor: Member, target: Target, impact: Impact, before: dict, after: dict,
           new_version: QuestionVersion | None, reversed_entries: list[int]) -> None:
    credited = [o.member_id for o in impact.credits]
    kept = sorted({o.member_id for o in impact.outcomes if not o.passed and o.has_course})
    record_audit(
        actor, AUDIT_ACTION, "question_version", target.version.id,
        summary=(f"{target.quiz.slug}/{target.question.key} v{target.version.number}: "
                 f"{len(impact.rescored)} items, {len(impact.changes)} attempts, "
                 f"{impact.turned_to_fail} pass→fail, {impact.turned_to_pass} fail→pass"),
        details={"quiz": target.quiz.slug, "bank": target.bank.slug,
                 "question": target.question.key, "question_id": target.question.id,
                 "version_id": target.version.id, "version_number": target.version.number,
                 "new_version_id": new_version.id if new_version else None,
                 "new_version_number": new_version.number if new_version else None,
                 "before": before, "after": after,
                 "items_rescored": len(impact.rescored), "attempts_changed": len(impact.changes),
                 "turned_to_fail": impact.turned_to_fail,
                 "turned_to_pass": impact.turned_to_pass,
                 "open_attempts_not_regraded": impact.open_attempts,
                 "ledger_reversed": reversed_entries, "credited_members": credited,
                 "completions_kept": kept, "from_file": target.from_file})
