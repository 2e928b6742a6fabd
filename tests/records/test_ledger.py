from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from learnhub.core.errors import ValidationFailed
from learnhub.org.models import AuditEvent
from learnhub.records import services
from learnhub.records.models import LedgerEntry, LedgerIsAppendOnly
from tests.factories import make_member


def _credit(member, **overrides):
    values = dict(kind="course", source_type="course_version", source_id="7",
                  credit_hours=Decimal("1.5"), occurred_on=date(2026, 5, 4))
    values.update(overrides)
    return services.credit(member, **values)


def test_credit_is_idempotent_per_source(db):
    member = make_member()
    first = _credit(member)
    second = _credit(member, credit_hours=Decimal("9"))
    assert first.id == second.id
    assert db.session.query(LedgerEntry).filter_by(member_id=member.id).count() == 1


def test_credit_hours_are_decimal_with_two_places(db):
    entry = _credit(make_member(), credit_hours="0.333")
    db.session.expire(entry)
    assert entry.credit_hours == Decimal("0.33")


def test_negative_credit_is_refused(db):
    with pytest.raises(ValidationFailed):
        _credit(make_member(), credit_hours="-1")


def test_reverse_writes_a_compensating_entry_and_an_audit_row(db):
    member, admin = make_member(), make_member()
    entry = _credit(member)
    reversal = services.reverse(entry, actor=admin, reason="重复登记", occurred_on=date(2026, 5, 5))
    assert reversal.reverses_id == entry.id
    assert reversal.credit_hours == Decimal("-1.50")
    assert reversal.recorded_by_id == admin.id and reversal.note == "重复登记"
    assert services.member_year(member.id, 2026).total == Decimal("0")
    audit = db.session.query(AuditEvent).filter_by(action="ledger.reverse").one()
    assert audit.object_id == str(entry.id)


def test_an_entry_is_reversed_only_once(db):
    member, admin = make_member(), make_member()
    entry = _credit(member)
    services.reverse(entry, actor=admin, reason="错误", occurred_on=date(2026, 5, 5))
    with pytest.raises(services.AlreadyReversed):
        services.reverse(entry, actor=admin, reason="再次", occurred_on=date(2026, 5, 5))


def test_reverse_needs_a_reason(db):
    entry = _credit(make_member())
    with pytest.raises(ValidationFailed):
        services.reverse(entry, actor=make_member(), reason=" ", occurred_on=date(2026, 5, 5))


def test_orm_refuses_to_update_an_entry(db):
    entry = _credit(make_member())
    entry.credit_hours = Decimal("5")
    with pytest.raises(LedgerIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_orm_refuses_to_delete_an_entry(db):
    entry = _credit(make_member())
    db.session.delete(entry)
    with pytest.raises(LedgerIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_database_refuses_update_and_delete_behind_the_orm(db):
    entry = _credit(make_member())
    for statement in ("UPDATE ledger_entry SET credit_hours = 9 WHERE id = :id",
                      "DELETE FROM ledger_entry WHERE id = :id"):
        with pytest.raises(DatabaseError), db.session.begin_nested():
            db.session.execute(text(statement), {"id": entry.id})


def test_member_year_lists_that_year_only_with_total(db):
    member = make_member()
    _credit(member, source_id="a", credit_hours="2", occurred_on=date(2026, 1, 1))
    _credit(member, source_id="b", credit_hours="0.5", occurred_on=date(2026, 12, 31))
    _credit(member, source_id="c", credit_hours="4", occurred_on=date(2025, 12, 31))
    year = services.member_year(member.id, 2026)
    assert [e.source_id for e in year.entries] == ["b", "a"]
    assert year.total == Decimal("2.50")
    assert services.member_years(member.id) == [2026, 2025]
