"""Offline training: a member declares, a manager of their unit decides, approval credits
the ledger (kind "manual", source "offline_training", the training's id).

A decision is taken with one conditional UPDATE (`status = 'pending'` in its WHERE), so of
two managers deciding at once (or one double-clicking) exactly one wins; the other gets
`AlreadyDecided` and the ledger is credited once. The ledger's own idempotency by source
is the second lock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext
from sqlalchemy import Select, select, update

from learnhub.core.errors import Conflict, NotFound, ValidationFailed
from learnhub.core.messages import N_
from learnhub.core.pagination import Page, paginate
from learnhub.extensions import db
from learnhub.notifications.services import Reader, notify
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member, Role, Unit
from learnhub.org.permissions import has_role, scope_filter
from learnhub.records import services as records
from learnhub.records.models import LedgerEntry
from learnhub.transcripts.offline.evidence import Evidence
from learnhub.transcripts.offline.models import OfflineStatus, OfflineTraining

LEDGER_KIND = "manual"
SOURCE_TYPE = "offline_training"
MY_TRAININGS_PATH = "/offline-training"  # the member's list (views.my_trainings)
MAX_HOURS = Decimal("999.99")


class TrainingNotFound(NotFound):
    """No such training, or not one the actor may see (the same answer)."""

    code = "offline_training_not_found"
    message = N_("找不到这条培训记录。")


class AlreadyDecided(Conflict):
    code = "offline_already_decided"
    message = N_("这条培训记录已经处理过了（可能另一位管理员刚刚处理），请刷新后查看。")


class NotApproved(Conflict):
    code = "offline_not_approved"
    message = N_("只有已通过的培训记录可以撤销。")


class YearClosedForTraining(Conflict):
    code = "offline_year_closed"
    message = N_("%(year)s 年度已关账，不能再记入该年度的培训学时。如确需更正，请联系管理员在年度关账后做审计更正。")


@dataclass(frozen=True)
class TrainingInput:
    """What is declared about a training; checked by `check_input`."""

    title: str
    provider: str
    started_on: date
    ended_on: date
    hours: Decimal
    note: str = ""


def check_input(data: TrainingInput, today: date) -> None:
    if not data.title.strip():
        raise ValidationFailed(N_("请填写培训名称。"), fields={"title": "required"})
    if data.ended_on < data.started_on:
        raise ValidationFailed(N_("结束日期不能早于开始日期。"), fields={"ended_on": "order"})
    if data.ended_on > today:
        raise ValidationFailed(N_("结束日期不能晚于今天：培训结束后再申报。"),
                               fields={"ended_on": "future"})
    if not Decimal("0") < data.hours <= MAX_HOURS:
        raise ValidationFailed(N_("学时必须大于 0 且不超过 999.99。"), fields={"hours": "range"})


def _new(member: Member, data: TrainingInput, submitted_by: Member, now: datetime,
         evidence: Evidence | None = None, import_key: str | None = None,
         approved: bool = False) -> OfflineTraining:
    """A new training: pending, or (recorded by a manager) approved by them at once."""
    training = OfflineTraining(
        member_id=member.id, title=data.title.strip(), provider=data.provider.strip(),
        started_on=data.started_on, ended_on=data.ended_on,
        hours=data.hours.quantize(records.CREDIT_QUANTUM), note=data.note.strip(),
        evidence_hash=evidence.sha256 if evidence else None,
        evidence_name=evidence.name if evidence else "",
        evidence_type=evidence.media_type if evidence else "",
        status=OfflineStatus.APPROVED if approved else OfflineStatus.PENDING,
        submitted_by_id=submitted_by.id, submitted_at=now, import_key=import_key,
        decided_by_id=submitted_by.id if approved else None,
        decided_at=now if approved else None)
    db.session.add(training)
    db.session.flush()
    return training


def declare(member: Member, data: TrainingInput, *, evidence: Evidence | None, now: datetime,
            today: date) -> OfflineTraining:
    """A member's own declaration, pending until a manager decides."""
    check_input(data, today)
    training = _new(member, data, member, now, evidence)
    record_audit(member, "offline.declare", "offline_training", training.id,
                 summary=f"{training.title} {training.hours}")
    return training


def withdraw(member: Member, training_id: int, now: datetime) -> OfflineTraining:
    training = own_training(member, training_id)
    if not _move(training, OfflineStatus.PENDING, status=OfflineStatus.WITHDRAWN, decided_at=now):
        raise AlreadyDecided()
    record_audit(member, "offline.withdraw", "offline_training", training.id, summary=training.title)
    return training


def own_training(member: Member, training_id: int) -> OfflineTraining:
    training = db.session.get(OfflineTraining, training_id)
    if training is None or training.member_id != member.id:
        raise TrainingNotFound()
    return training


def managed_training(actor: Member, training_id: int) -> OfflineTraining:
    """A training of a member in the actor's manager scope (else TrainingNotFound)."""
    training = db.session.get(OfflineTraining, training_id)
    if training is None:
        raise TrainingNotFound()
    member = db.session.get(Member, training.member_id)
    if member is None or not has_role(actor, Role.MANAGER, member.unit):
        raise TrainingNotFound()
    return training


def viewable_training(actor: Member, training_id: int) -> OfflineTraining:
    """The member's own, or one a manager of their unit may see (evidence downloads)."""
    training = db.session.get(OfflineTraining, training_id)
    if training is not None and training.member_id == actor.id:
        return training
    return managed_training(actor, training_id)


def _move(training: OfflineTraining, current: OfflineStatus, **values: object) -> bool:
    """Set `values` if the training is still in `current` status, in one conditional
    UPDATE (the row lock decides between two concurrent requests); whether it was."""
    result = db.session.execute(
        update(OfflineTraining)
        .where(OfflineTraining.id == training.id, OfflineTraining.status == current)
        .values(**values).execution_options(synchronize_session=False))
    moved = result.rowcount == 1  # type: ignore[attr-defined]
    db.session.refresh(training)
    return moved


def _claim(training: OfflineTraining, actor: Member, status: OfflineStatus, reason: str,
           now: datetime) -> None:
    if not _move(training, OfflineStatus.PENDING, status=status, decided_by_id=actor.id,
                 decided_at=now, decision_reason=reason):
        raise AlreadyDecided()


def _credit(training: OfflineTraining, member: Member, actor: Member) -> None:
    try:
        entry = records.credit(member, kind=LEDGER_KIND, source_type=SOURCE_TYPE,
                               source_id=training.id, credit_hours=training.hours,
                               occurred_on=training.ended_on, recorded_by=actor,
                               note=training.title)
    except records.YearClosed as closed:
        raise YearClosedForTraining(year=training.ended_on.year) from closed
    training.ledger_entry_id = entry.id


def approve(actor: Member, training: OfflineTraining, now: datetime) -> OfflineTraining:
    member = db.session.get_one(Member, training.member_id)
    _claim(training, actor, OfflineStatus.APPROVED, "", now)
    _credit(training, member, actor)
    db.session.flush()
    record_audit(actor, "offline.approve", "offline_training", training.id,
                 summary=f"{training.title} {training.hours}",
                 details={"member_id": member.id, "ledger_entry_id": training.ledger_entry_id})
    _tell(member, training, now, approved=True)
    return training


def reject(actor: Member, training: OfflineTraining, reason: str, now: datetime) -> OfflineTraining:
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(N_("退回时请填写原因。"), fields={"reason": "required"})
    _claim(training, actor, OfflineStatus.REJECTED, reason[:500], now)
    record_audit(actor, "offline.reject", "offline_training", training.id,
                 summary=f"{training.title} → {reason}"[:500],
                 details={"member_id": training.member_id})
    _tell(db.session.get_one(Member, training.member_id), training, now, approved=False)
    return training


def revoke(actor: Member, training: OfflineTraining, reason: str, now: datetime) -> OfflineTraining:
    """Take back an approval: the ledger entry is reversed (an audited correction, in the
    year of the entry so that year nets to zero) and the training is marked revoked."""
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(N_("撤销时请填写原因。"), fields={"reason": "required"})
    if not _move(training, OfflineStatus.APPROVED, status=OfflineStatus.REVOKED,
                 decided_by_id=actor.id, decided_at=now, decision_reason=reason[:500]):
        raise NotApproved()
    if training.ledger_entry_id is not None:
        entry = db.session.get_one(LedgerEntry, training.ledger_entry_id)
        records.reverse(entry, actor=actor, reason=reason, occurred_on=entry.occurred_on)
    record_audit(actor, "offline.revoke", "offline_training", training.id,
                 summary=f"{training.title} → {reason}"[:500],
                 details={"member_id": training.member_id})
    _tell(db.session.get_one(Member, training.member_id), training, now, approved=False)
    return training


def record_for(actor: Member, member: Member, data: TrainingInput, *, now: datetime,
               today: date, evidence: Evidence | None = None,
               import_key: str | None = None, tell: bool = True) -> OfflineTraining:
    """A manager records a member's training directly: approved at once, credited the
    same way as an approval."""
    if not has_role(actor, Role.MANAGER, member.unit):
        raise TrainingNotFound()
    check_input(data, today)
    # Nobody else can decide a row this transaction just made: no claim needed.
    training = _new(member, data, actor, now, evidence, import_key, approved=True)
    _credit(training, member, actor)
    db.session.flush()
    record_audit(actor, "offline.record", "offline_training", training.id,
                 summary=f"{member.employee_no} {training.title} {training.hours}",
                 details={"member_id": member.id, "ledger_entry_id": training.ledger_entry_id,
                          "import_key": import_key})
    if tell:
        _tell(member, training, now, approved=True)
    return training


def _tell(member: Member, training: OfflineTraining, now: datetime, *, approved: bool) -> None:
    title, hours = training.title, training.hours
    status, reason = training.status, training.decision_reason

    def heading(_: Reader) -> str:
        if status == OfflineStatus.APPROVED:
            return gettext("线下培训已通过：%(title)s", title=title)
        if status == OfflineStatus.REVOKED:
            return gettext("线下培训学时已撤销：%(title)s", title=title)
        return gettext("线下培训被退回：%(title)s", title=title)

    def body(_: Reader) -> str:
        if approved:
            return gettext("已记入 %(hours)s 学时。", hours=hours)
        return gettext("原因：%(reason)s", reason=reason)

    notify([member.id], f"offline.{status.value}", heading, body, MY_TRAININGS_PATH, now)


def my_trainings(member: Member) -> list[OfflineTraining]:
    return list(db.session.scalars(select(OfflineTraining)
                                   .where(OfflineTraining.member_id == member.id)
                                   .order_by(OfflineTraining.submitted_at.desc(),
                                             OfflineTraining.id.desc())))


def queue_query(actor: Member, *, status: OfflineStatus | None = OfflineStatus.PENDING,
                unit: Unit | None = None) -> Select:
    """Trainings of members in the actor's manager scope (optionally one unit's subtree),
    oldest first: the review queue."""
    query = (select(OfflineTraining, Member)
             .join(Member, Member.id == OfflineTraining.member_id)
             .join(Unit, Unit.id == Member.unit_id)
             .where(scope_filter(actor, Role.MANAGER)))
    if status is not None:
        query = query.where(OfflineTraining.status == status)
    if unit is not None:
        query = query.where(Unit.path.like(unit.path + "%"))
    return query.order_by(OfflineTraining.submitted_at, OfflineTraining.id)


def queue(actor: Member, *, status: OfflineStatus | None, unit: Unit | None, page: int,
          per_page: int) -> Page:
    return paginate(queue_query(actor, status=status, unit=unit), page=page,
                    per_page=per_page, scalars=False)


def member_in_scope(actor: Member, employee_no: str) -> Member:
    member = db.session.scalar(select(Member).where(Member.employee_no == employee_no.strip()))
    if member is None or not has_role(actor, Role.MANAGER, member.unit):
        raise NotFound(N_("找不到工号为 %(no)s 的成员，或该成员不在你管理的范围内。"),
                       no=employee_no.strip())
    return member
