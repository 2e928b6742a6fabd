"""The compliance pages: scope (managers their subtree, secretaries their unit, nobody
else), the table and drill-down, the secretary's 待办, exports and query counts."""

import csv
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from learnhub.discussions.models import Frequency, Invitation, MeetingStatus, Reply
from learnhub.extensions import db
from learnhub.org.models import PartyPost, Role
from tests.discussions.builders import make_kind, make_meeting
from tests.factories import make_member, make_unit

PAST_QUARTER = "2025-Q1"  # every slot over


def at(month: int, day: int = 10) -> datetime:
    return datetime(2025, month, day, 2, tzinfo=UTC)


@pytest.fixture
def org():
    class Org:
        pass

    o = Org()
    o.root = make_unit(name="测试党委")
    o.general = make_unit(o.root, name="第一党总支", kind="general_branch")
    o.branch = make_unit(o.general, name="=HYPERLINK(\"x\")支部")
    o.other = make_unit(o.root, name="第二党支部")
    o.kind = make_kind("branch_meeting", name="支部党员大会", frequency=Frequency.QUARTERLY)
    o.monthly = make_kind("theme_day", name="主题党日", frequency=Frequency.MONTHLY)
    o.manager = make_member(o.general, roles=(Role.MANAGER,))
    o.admin = make_member(o.root, roles=(Role.ADMIN,))
    o.secretary = make_member(o.branch, party_post=PartyPost.SECRETARY.value)
    o.learner = make_member(o.branch)
    make_meeting(o.branch, kind=o.kind, starts_at=at(2), status=MeetingStatus.HELD,
                 invitees=[o.learner, o.secretary], title="一季度党员大会")
    make_meeting(o.branch, kind=o.monthly, starts_at=at(1), status=MeetingStatus.HELD)
    return o


def url(unit, **args) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"period": PAST_QUARTER, **args}.items())
    return f"/meetings/compliance/units/{unit.id}?{query}"


def test_a_manager_sees_their_subtree_with_status_words(client, login_as, org):
    client = login_as(org.manager)
    response = client.get(url(org.general))
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "组织生活合规" in text and "1 / 1" in text and "已完成" in text
    assert "1 / 3" in text and "缺 2" in text  # monthly: January only
    assert "一季度党员大会" not in text  # the general branch's own meetings: none
    drill = client.get(url(org.branch)).get_data(as_text=True)
    assert "一季度党员大会" in drill and "已召开" in drill


def test_out_of_scope_units_are_not_found(client, login_as, org):
    client = login_as(org.manager)
    for path in (url(org.other), url(org.root),
                 f"/meetings/compliance/units/{org.other.id}/export.csv?period={PAST_QUARTER}",
                 f"/meetings/compliance/units/{org.root.id}/export.xlsx"):
        assert client.get(path).status_code == 404
    assert login_as(org.learner).get(url(org.branch)).status_code == 404
    assert client.get("/meetings/compliance").status_code == 403


def test_the_start_page_opens_the_top_of_the_scope(client, login_as, org):
    response = login_as(org.manager).get("/meetings/compliance?period=2025-Q1")
    assert response.headers["Location"].endswith(url(org.general))
    assert login_as(org.admin).get("/meetings/compliance").headers["Location"].startswith(
        f"/meetings/compliance/units/{org.root.id}")
    assert login_as(org.secretary).get("/meetings/compliance").headers["Location"].startswith(
        f"/meetings/compliance/units/{org.branch.id}")


def test_a_secretary_sees_their_own_units_overdue_list(client, login_as, org):
    past = datetime.now(UTC) - timedelta(days=2)
    make_meeting(org.branch, kind=org.kind, starts_at=past, title="没审批的会")
    future = make_meeting(org.branch, kind=org.kind, starts_at=past + timedelta(days=9),
                          invitees=[org.learner], title="下周的会")
    invitation = db.session.scalar(db.select(Invitation).where(
        Invitation.meeting_id == future.id))
    invitation.reply, invitation.leave_reason = Reply.LEAVE_REQUESTED, "出差"
    db.session.flush()
    client = login_as(org.secretary)
    assert client.get(url(org.other)).status_code == 404
    text = client.get(url(org.branch)).get_data(as_text=True)
    assert "待办" in text
    assert "主题党日：2025-02 未召开" in text and "主题党日：2025-03 未召开" in text
    assert "没审批的会" in text
    assert "请假：下周的会" in text and "出差" in text


def test_csv_export_has_a_bom_the_page_rows_and_is_formula_safe(client, login_as, org):
    response = login_as(org.manager).get(
        f"/meetings/compliance/units/{org.general.id}/export.csv?period={PAST_QUARTER}&rows=all")
    assert response.status_code == 200 and response.is_streamed
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert lines[0][:5] == ["组织", "层级", "范围", "支部党员大会：已开", "支部党员大会：应开"]
    assert lines[1][:9] == ["'=HYPERLINK(\"x\")支部", "0", "含下级", "1", "1", "已完成",
                            "1", "3", "缺 2"]
    assert lines[1][-5:] == ["50.0", "2", "0", "0", "0.0"]
    assert lines[-1][0] == "合计：第一党总支"
    assert len(lines) == 3


def test_xlsx_export_has_the_same_rows(client, login_as, org):
    response = login_as(org.admin).get(
        f"/meetings/compliance/units/{org.root.id}/export.xlsx?period={PAST_QUARTER}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [r[0] for r in rows[1:]] == ["第一党总支", "第二党支部", "合计：测试党委"]
    assert rows[1][3:6] == [1, 1, "已完成"]
    assert rows[2][3:6] == [0, 1, "缺 1"]


def test_the_page_needs_the_same_queries_for_3_units_and_30(client, login_as, org,
                                                           count_queries):
    client = login_as(org.admin)

    def count() -> int:
        client.get(url(org.root, rows="all"))
        with count_queries() as queries:
            assert client.get(url(org.root, rows="all")).status_code == 200
        return len(queries)

    few = count()
    for n in range(27):
        unit = make_unit(org.general if n % 2 else org.root)
        member = make_member(unit)
        make_meeting(unit, kind=org.kind, starts_at=at(3), status=MeetingStatus.HELD,
                     invitees=[member])
    assert count() == few


def test_xlsx_cells_are_formula_safe_too(client, login_as, org):
    response = login_as(org.manager).get(
        f"/meetings/compliance/units/{org.general.id}/export.xlsx?period={PAST_QUARTER}")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    assert sheet.cell(row=2, column=1).value == "'=HYPERLINK(\"x\")支部"


def test_an_unknown_period_falls_back_to_this_quarter(client, login_as, org):
    response = login_as(org.manager).get(url(org.general, period="2026-Q9"))
    today = datetime.now(ZoneInfo("Asia/Shanghai"))
    quarter = f"{today.year}年第{(today.month - 1) // 3 + 1}季度。"
    assert response.status_code == 200 and quarter in response.get_data(as_text=True)
    assert login_as(org.manager).get(
        f"/meetings/compliance/units/{org.general.id}/export.pdf").status_code == 404


def test_the_menu_offers_compliance_to_secretaries_and_managers_only(client, login_as, org):
    entry = 'href="/meetings/compliance"'
    deputy = make_member(org.branch, party_post=PartyPost.DEPUTY_SECRETARY.value)
    for member in (org.secretary, deputy, org.manager, org.admin):
        page = login_as(member).get("/").get_data(as_text=True)
        assert entry in page, member
        assert login_as(member).get("/meetings/compliance").status_code == 302
    page = login_as(org.learner).get("/").get_data(as_text=True)
    assert entry not in page  # a plain member would get 403 there
    assert login_as(org.learner).get("/meetings/compliance").status_code == 403


def test_the_menu_offers_scheduling_to_whoever_may_schedule(client, login_as, org):
    entry = 'href="/meetings/manage"'
    for member in (org.secretary, org.manager, org.admin):
        assert entry in login_as(member).get("/").get_data(as_text=True), member
        assert login_as(member).get("/meetings/manage").status_code == 200
    assert entry not in login_as(org.learner).get("/").get_data(as_text=True)
    assert login_as(org.learner).get("/meetings/manage").status_code == 403
