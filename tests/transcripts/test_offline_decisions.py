from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from learnhub.core.errors import ValidationFailed
from learnhub.notifications.models import Notification
from learnhub.org.models import AuditEvent, Role
from learnhub.records.models import LedgerEntry
from learnhub.transcripts.offline import services
from learnhub.transcripts.offline.models import OfflineStatus
from tests.factories import make_grant, make_member, make_unit
from tests.transcripts.builders import close_year
from tests.transcripts.offline_builders import (
    NOW,
    TODAY,
    branch_with_manager,
    declared,
    training_input,
)


def _entries(db, member):
    return list(db.session.scalars(select(LedgerEntry).where(LedgerEntry.member_id == member.id)))


def test_approval_credits_the_ledger_with_the_declared_hours(db):
    _, manager, member = branch_with_manager()
    training = declared(member, hours="16.5")
    services.approve(manager, training, NOW)
    [entry] = _entries(db, member)
    assert entry.credit_hours == Decimal("16.50") and entry.kind == "manual"
    assert entry.source_type == "offline_training" and entry.source_id == str(training.id)
    assert entry.occurred_on == date(2026, 3, 6) and entry.note == "党校春季培训班"
    assert entry.recorded_by_id == manager.id
    assert training.status == OfflineStatus.APPROVED and training.ledger_entry_id == entry.id
    assert db.session.query(AuditEvent).filter_by(action="offline.approve").count() == 1
    [note] = db.session.scalars(select(Notification).where(Notification.member_id == member.id))
    assert "党校春季培训班" in note.title


def test_a_second_approval_credits_once(db):
    _, manager, member = branch_with_manager()
    other = make_member(member.unit)
    make_grant(other, Role.MANAGER, member.unit)
    training = declared(member)
    services.approve(manager, training, NOW)
    with pytest.raises(services.AlreadyDecided):  # a double submit
        services.approve(manager, training, NOW)
    # The second manager loaded the training while it was still pending.
    set_committed_value(training, "status", OfflineStatus.PENDING)
    with pytest.raises(services.AlreadyDecided):
        services.approve(other, training, NOW)
    assert len(_entries(db, member)) == 1


def test_reject_needs_a_reason_and_notifies(db):
    _, manager, member = branch_with_manager()
    training = declared(member)
    with pytest.raises(ValidationFailed):
        services.reject(manager, training, "  ", NOW)
    services.reject(manager, training, "证明材料不清晰", NOW)
    assert training.status == OfflineStatus.REJECTED
    assert training.decision_reason == "证明材料不清晰"
    assert _entries(db, member) == []
    with pytest.raises(services.AlreadyDecided):
        services.approve(manager, training, NOW)
    note = db.session.scalar(select(Notification).where(Notification.member_id == member.id))
    assert "证明材料不清晰" in note.body


def test_revoking_an_approval_reverses_its_entry(db):
    _, manager, member = branch_with_manager()
    training = declared(member)
    services.approve(manager, training, NOW)
    services.revoke(manager, training, "重复申报", NOW)
    entries = _entries(db, member)
    assert sum(e.credit_hours for e in entries) == 0 and len(entries) == 2
    assert training.status == OfflineStatus.REVOKED
    with pytest.raises(services.NotApproved):
        services.revoke(manager, training, "again", NOW)


def test_withdraw_only_while_pending(db):
    _, manager, member = branch_with_manager()
    training = declared(member)
    services.withdraw(member, training.id, NOW)
    assert training.status == OfflineStatus.WITHDRAWN
    with pytest.raises(services.AlreadyDecided):
        services.approve(manager, training, NOW)


def test_a_closed_year_gives_a_clear_message(db):
    close_year(2025)
    _, manager, member = branch_with_manager()
    training = declared(member, started_on=date(2025, 11, 1), ended_on=date(2025, 11, 3))
    with pytest.raises(services.YearClosedForTraining) as refused:
        services.approve(manager, training, NOW)
    assert "2025" in refused.value.translated()


def test_manager_records_directly_approved(db):
    _, manager, member = branch_with_manager()
    training = services.record_for(manager, member, training_input(hours="8"), now=NOW, today=TODAY)
    assert training.status == OfflineStatus.APPROVED
    assert [e.credit_hours for e in _entries(db, member)] == [Decimal("8.00")]


def test_manager_of_another_branch_cannot_decide_or_record(db):
    _, _, member = branch_with_manager()
    elsewhere = make_unit(make_unit())
    stranger = make_member(elsewhere)
    make_grant(stranger, Role.MANAGER, elsewhere)
    training = declared(member)
    with pytest.raises(services.TrainingNotFound):
        services.managed_training(stranger, training.id)
    with pytest.raises(services.TrainingNotFound):
        services.record_for(stranger, member, training_input(), now=NOW, today=TODAY)
    assert services.queue(stranger, status=None, unit=None, page=1, per_page=10).total == 0
