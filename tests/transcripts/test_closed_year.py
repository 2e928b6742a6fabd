from datetime import date

import pytest

from learnhub.org.models import AuditEvent
from learnhub.records import services
from tests.factories import make_member
from tests.transcripts.builders import close_year


def _credit(member, **extra):
    return services.credit(member, kind="manual", source_type="test", source_id="1",
                           credit_hours="2", occurred_on=date(2025, 6, 1), **extra)


def test_a_closed_year_refuses_plain_credit(db):
    close_year(2025)
    with pytest.raises(services.YearClosed):
        _credit(make_member())


def test_a_closed_year_takes_an_audited_correction(db):
    close_year(2025)
    member, admin = make_member(), make_member()
    entry = _credit(member, recorded_by=admin, correction_reason="补录漏记的培训")
    assert entry.id is not None
    audit = db.session.query(AuditEvent).filter_by(action="ledger.correct").one()
    assert audit.actor_id == admin.id and "补录" in audit.summary


def test_an_open_past_year_still_takes_credit(db):
    assert _credit(make_member()).id is not None
