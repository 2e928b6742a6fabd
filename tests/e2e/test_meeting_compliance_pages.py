"""组织生活合规 in headless Chromium: the admin's root table, a drill-down to a branch with
its meetings, and the demo manager (书记 of a 党总支) with 待办 — each passes axe-core. Its
own server: the kinds and meetings seeded here stay out of other journeys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.e2e.conftest import axe_violations, live_app, log_in, screenshot, serving

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def compliance_server(tmp_path_factory):
    from learnhub.discussions.models import Frequency, MeetingStatus
    from learnhub.extensions import db
    from learnhub.org.models import Member, Unit, UnitKind
    from tests.discussions.builders import make_kind, make_meeting

    app = live_app(tmp_path_factory)
    with app.app_context():
        monthly = make_kind("theme_day", name="主题党日", frequency=Frequency.MONTHLY)
        make_kind("branch_meeting", name="支部党员大会", frequency=Frequency.QUARTERLY)
        branch = db.session.scalar(select(Unit).where(Unit.kind == UnitKind.BRANCH)
                                   .order_by(Unit.path).limit(1))
        members = db.session.scalars(select(Member).where(Member.unit_id == branch.id)).all()
        now = datetime.now(UTC).replace(microsecond=0)
        make_meeting(branch, kind=monthly, starts_at=now - timedelta(days=40),
                     status=MeetingStatus.HELD, invitees=members, title="上月主题党日")
        make_meeting(branch, kind=monthly, starts_at=now - timedelta(days=1),
                     invitees=members, title="昨天的主题党日")
        db.session.commit()
        branch_id = branch.id
    with serving(app) as server:
        yield server, branch_id


def test_compliance_pages_pass_axe(desktop, compliance_server):
    server, branch_id = compliance_server
    page = desktop.new_page()
    log_in(page, server, "admin")
    page.get_by_role("link", name="组织生活合规").first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("组织生活合规")
    assert axe_violations(page) == []
    page.get_by_label("显示").select_option("all")
    page.get_by_role("button", name="筛选").click()
    screenshot(page, "compliance-all")
    assert axe_violations(page) == []
    page.goto(server(f"/meetings/compliance/units/{branch_id}"))
    assert "昨天的主题党日" in page.content() and "待补记录" in page.content()
    screenshot(page, "compliance-branch")
    assert axe_violations(page) == []


def test_the_demo_manager_opens_their_general_branch(desktop, compliance_server):
    server, _branch_id = compliance_server
    page = desktop.new_page()
    log_in(page, server, "manager")
    page.goto(server("/meetings/compliance"))
    assert page.get_by_role("heading", level=1).count() == 1
    assert axe_violations(page) == []
