"""Year close: only an ended year, confirmed, freezing every member's standing in bulk;
afterwards the frozen figures are the record, and only audited corrections change them."""

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from learnhub.core.timeutil import now_utc
from learnhub.extensions import db
from learnhub.org.models import AuditEvent, PoliticalStatus, Role
from learnhub.records.models import ClosedYear, LedgerEntry
from learnhub.transcripts.years.models import YearStanding
from learnhub.transcripts.years.services import close_year, standing_of_record
from tests.factories import make_credit, make_member, make_unit
from tests.transcripts.builders import add_version, make_rule

PARTY = {"political_status": [PoliticalStatus.MEMBER.value]}


def admin():
    return make_member(roles=(Role.ADMIN,))


def test_closing_an_ended_year_asks_for_confirmation_then_freezes_everyone(login_as, post):
    make_rule(2025, total="32", audience=PARTY, name="党员年度学习")
    root = make_unit()
    member = make_member(make_unit(root))
    gone = make_member(root, active=False)
    make_credit(member, "20", kind="course", occurred_on=date(2025, 5, 1))
    login_as(admin())
    page = login_as(admin()).get("/admin/years/2025/close").get_data(as_text=True)
    assert "确认关账" in page
    refused = post("/admin/years/2025/close", {})
    assert refused.status_code == 422 and "请勾选确认" in refused.get_data(as_text=True)
    assert db.session.get(ClosedYear, 2025) is None
    assert post("/admin/years/2025/close", {"understood": "y"}).status_code == 302
    assert db.session.get(ClosedYear, 2025) is not None
    frozen = db.session.get(YearStanding, (2025, member.id))
    assert (frozen.earned_hours, frozen.online_hours, frozen.required_hours, frozen.met) == (
        Decimal("20.00"), Decimal("20.00"), Decimal("32.00"), False)
    assert frozen.rule_names == ["党员年度学习"]
    assert db.session.get(YearStanding, (2025, gone.id)) is not None
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "year.close"))


def test_a_year_not_yet_over_cannot_be_closed(login_as, post):
    this_year = now_utc().year
    login_as(admin())
    response = post(f"/admin/years/{this_year}/close", {"understood": "y"})
    assert response.status_code == 409
    assert db.session.get(ClosedYear, this_year) is None


def test_close_freezes_with_a_constant_number_of_statements(count_queries):
    root = make_unit()
    make_rule(2025, total="32", audience=PARTY)
    for _ in range(12):
        make_credit(make_member(make_unit(root)), "3", occurred_on=date(2025, 3, 1))
    actor = admin()
    with count_queries() as log:
        frozen = close_year(actor, 2025, now_utc())
    assert frozen == db.session.scalar(select(func.count()).select_from(YearStanding))
    assert len(log) <= 12  # checks, ClosedYear, roots, the standings' 4, one insert, audit


def test_after_close_the_frozen_figures_are_the_record(login_as):
    rule = make_rule(2025, total="32", audience=PARTY)
    member = make_member()
    make_credit(member, "10", occurred_on=date(2025, 6, 1))
    close_year(admin(), 2025, now_utc())
    add_version(rule, total="8", audience=PARTY, effective_from=date(2025, 12, 31))
    record = standing_of_record(member, 2025)
    assert record.requirement.total_hours == Decimal("32.00") and not record.met
    assert standing_of_record(member, 2026).requirement.year == 2026  # an open year: live


def test_a_correction_credits_a_closed_year_with_a_reason_and_updates_the_record(login_as,
                                                                                 post):
    make_rule(2025, total="12", audience=PARTY)
    member = make_member(employee_no="E777")
    make_credit(member, "10", occurred_on=date(2025, 6, 1))
    close_year(admin(), 2025, now_utc())
    login_as(admin())
    page = login_as(admin()).get("/admin/years/2025/corrections").get_data(as_text=True)
    token = page.split('name="token" type="hidden" value="')[1].split('"')[0] \
        if 'name="token" type="hidden" value="' in page else "tok-1"
    data = {"employee_no": "E777", "hours": "2.5", "reason": "漏记的线下培训", "token": token}
    assert post("/admin/years/2025/corrections", data).status_code == 302
    assert post("/admin/years/2025/corrections", data).status_code == 302  # double submit
    entries = db.session.scalars(select(LedgerEntry).where(
        LedgerEntry.member_id == member.id, LedgerEntry.source_type == "correction")).all()
    assert [(e.kind, e.credit_hours, e.occurred_on, e.note) for e in entries] == [
        ("manual", Decimal("2.50"), date(2025, 12, 31), "漏记的线下培训")]
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "ledger.correct"))
    record = standing_of_record(member, 2025)
    assert record.earned_hours == Decimal("12.50") and record.met


def test_a_correction_needs_a_reason_and_a_known_member(login_as, post):
    close_year(admin(), 2025, now_utc())
    login_as(admin())
    response = post("/admin/years/2025/corrections",
                    {"employee_no": "NOBODY", "hours": "1", "reason": "x", "token": "t"})
    assert response.status_code == 422 and "没有这个工号" in response.get_data(as_text=True)
    response = post("/admin/years/2025/corrections",
                    {"employee_no": "NOBODY", "hours": "1", "reason": "", "token": "t"})
    assert response.status_code == 422 and "请填写更正原因" in response.get_data(as_text=True)


def test_an_open_year_takes_no_correction_here(login_as, post):
    member = make_member(employee_no="E778")
    login_as(admin())
    response = post("/admin/years/2025/corrections",
                    {"employee_no": member.employee_no, "hours": "1", "reason": "r",
                     "token": "t"})
    assert response.status_code == 409
    assert not db.session.scalars(select(LedgerEntry).where(
        LedgerEntry.member_id == member.id)).all()


def test_the_years_page_lists_states(login_as):
    close_year(admin(), 2024, now_utc())
    page = login_as(admin()).get("/admin/years").get_data(as_text=True)
    assert "已关账" in page and "已结束，未关账" in page and "进行中" in page


def test_closing_without_a_csrf_token_is_refused(login_as):
    client = login_as(admin())
    assert client.post("/admin/years/2025/close", data={"understood": "y"}).status_code == 400
    assert db.session.get(ClosedYear, 2025) is None


def test_a_closed_years_transcript_keeps_the_rule_of_record_and_the_ledgers_hours(db):
    from learnhub.records.services import reverse
    from learnhub.transcripts.transcript.services import build_transcript

    rule = make_rule(2025, total="32", audience=PARTY, name="党员年度学习")
    member = make_member()
    entry = make_credit(member, "20", kind="course", occurred_on=date(2025, 5, 1))
    close_year(admin(), 2025, now_utc())
    add_version(rule, total="10", audience=PARTY, effective_from=date(2025, 12, 1))
    reverse(entry, actor=admin(), reason="误记", occurred_on=date(2025, 12, 31))
    transcript = build_transcript(member, 2025)
    assert transcript.closed
    assert transcript.standing.requirement.total_hours == Decimal("32")  # not the later 10
    assert transcript.standing.earned_hours == transcript.total == Decimal("0")
