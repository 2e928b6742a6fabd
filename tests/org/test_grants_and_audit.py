import re
from datetime import UTC, datetime

from sqlalchemy import select

from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import AuditEvent, Role, RoleGrant
from tests.factories import make_grant, make_member, make_unit
from tests.html import find
from tests.org.admin_support import admin_on_new_tree


def _grants_of(member) -> list[RoleGrant]:
    return list(db.session.scalars(select(RoleGrant).where(RoleGrant.member_id == member.id)))


def test_admin_grants_a_role_on_a_unit(client, login_as, post):
    admin, root = admin_on_new_tree()
    branch = make_unit(root)
    member = make_member(branch)
    login_as(admin)
    response = post("/admin/grants", {"employee_no": member.employee_no, "role": "manager",
                                      "unit_code": branch.code})
    assert response.status_code == 302
    [grant] = _grants_of(member)
    assert (grant.role, grant.unit_id, grant.granted_by_id) == (Role.MANAGER, branch.id, admin.id)
    page = client.get("/admin/grants").get_data(as_text=True)
    assert member.name in page and "组织管理员" in page and admin.name in page
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "grant.add",
                                                      AuditEvent.actor_id == admin.id))


def test_grants_made_by_nobody_are_listed_too(client, login_as):
    admin, root = admin_on_new_tree()  # the factory grants admin with no granter
    login_as(admin)
    page = client.get(f"/admin/grants?employee_no={admin.employee_no}").get_data(as_text=True)
    assert find(page, "a", href=f"/admin/members/{admin.id}") and "系统" in page


def test_grant_to_an_unknown_employee_no_is_refused(client, login_as, post):
    admin, root = admin_on_new_tree()
    login_as(admin)
    response = post("/admin/grants", {"employee_no": "NOBODY", "role": "trainer",
                                      "unit_code": root.code})
    assert response.status_code == 422
    assert "工号 NOBODY 不存在。" in response.get_data(as_text=True)


def test_granting_the_same_role_twice_is_refused(client, login_as, post):
    admin, root = admin_on_new_tree()
    member = make_member(root, roles=(Role.TRAINER,))
    login_as(admin)
    response = post("/admin/grants", {"employee_no": member.employee_no, "role": "trainer",
                                      "unit_code": root.code})
    assert response.status_code == 422
    assert "该成员已在这个组织上拥有此角色。" in response.get_data(as_text=True)


def test_admin_revokes_a_grant(client, login_as, post):
    admin, root = admin_on_new_tree()
    member = make_member(root)
    grant = make_grant(member, Role.TRAINER, root)
    login_as(admin)
    response = post(f"/admin/grants/{grant.id}/revoke")
    assert response.status_code == 302
    assert _grants_of(member) == []
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "grant.remove",
                                                      AuditEvent.actor_id == admin.id))


def test_the_last_admin_grant_cannot_be_revoked(client, login_as, post):
    admin, _ = admin_on_new_tree()
    [grant] = _grants_of(admin)
    login_as(admin)
    page = post(f"/admin/grants/{grant.id}/revoke", follow_redirects=True).get_data(
        as_text=True)
    assert "这是最后一个系统管理员授权" in page
    assert _grants_of(admin)


def test_an_inactive_members_admin_grant_can_be_revoked_while_one_admin_remains(
        client, login_as, post):
    admin, root = admin_on_new_tree()
    former = make_member(root, roles=(Role.ADMIN,), active=False)
    [grant] = _grants_of(former)
    login_as(admin)
    assert post(f"/admin/grants/{grant.id}/revoke").status_code == 302
    assert _grants_of(former) == []
    assert _grants_of(admin)


def test_grant_list_costs_the_same_queries_for_more_grants(client, login_as, count_queries):
    admin, root = admin_on_new_tree()
    login_as(admin)
    with count_queries() as few:
        client.get("/admin/grants")
    for _ in range(12):
        make_member(make_unit(root), roles=(Role.TRAINER,), password=None)
    with count_queries() as more:
        client.get("/admin/grants")
    assert len(more) == len(few)


def _event(actor, action, at, object_type="member"):
    event = record_audit(actor, action, object_type, 1, summary=f"{action} at {at:%m-%d}")
    event.at = at
    db.session.flush()
    return event


EVENT_ROW = re.compile(r"<code>([a-z_.]+)</code>")


def test_audit_log_lists_newest_first(client, login_as):
    admin, _ = admin_on_new_tree()
    _event(admin, "test.older", datetime(2026, 1, 5, 2, tzinfo=UTC))
    _event(admin, "test.newer", datetime(2026, 2, 5, 2, tzinfo=UTC))
    login_as(admin)
    actions = EVENT_ROW.findall(client.get("/admin/audit").get_data(as_text=True))
    assert actions.index("test.newer") < actions.index("test.older")


def test_audit_log_page_past_the_end_shows_the_last_page(client, login_as):
    admin, _ = admin_on_new_tree()
    _event(admin, "test.only", datetime(2026, 1, 5, 2, tzinfo=UTC))
    login_as(admin)
    response = client.get("/admin/audit?action=test.only&page=99999999999999999999")
    assert response.status_code == 200
    assert EVENT_ROW.findall(response.get_data(as_text=True)) == ["test.only"]


def test_audit_log_lists_events_without_an_actor(client, login_as):
    admin, _ = admin_on_new_tree()
    _event(None, "test.system", datetime(2026, 1, 5, 2, tzinfo=UTC))
    login_as(admin)
    assert "test.system" in client.get("/admin/audit").get_data(as_text=True)


def test_audit_log_filters_by_action_actor_type_and_dates(client, login_as):
    admin, root = admin_on_new_tree()
    other = make_member(root, employee_no="AUDITOR2")
    _event(admin, "test.a", datetime(2026, 1, 5, 2, tzinfo=UTC))
    _event(other, "test.b", datetime(2026, 1, 20, 2, tzinfo=UTC), object_type="unit")
    _event(admin, "test.b", datetime(2026, 3, 1, 2, tzinfo=UTC))
    login_as(admin)

    def listed(query):
        page = client.get(f"/admin/audit?{query}").get_data(as_text=True)
        return [line for line in EVENT_ROW.findall(page) if line.startswith("test.")]

    assert listed("action=test.a") == ["test.a"]
    assert listed("actor=AUDITOR2") == ["test.b"]
    assert listed("object_type=unit") == ["test.b"]
    assert listed("date_from=2026-01-10&date_to=2026-02-28") == ["test.b"]
    assert listed("action=test.b&date_from=2026-02-01") == ["test.b"]


def test_audit_date_range_uses_the_site_zone(client, login_as):
    admin, _ = admin_on_new_tree()
    # 2026-01-31 20:00 UTC is 2026-02-01 04:00 in Asia/Shanghai.
    _event(admin, "test.edge", datetime(2026, 1, 31, 20, tzinfo=UTC))
    login_as(admin)
    page = client.get("/admin/audit?date_from=2026-02-01&date_to=2026-02-01")
    assert "test.edge" in page.get_data(as_text=True)


def test_member_changes_show_up_in_the_audit_log(client, login_as, post):
    admin, root = admin_on_new_tree()
    member = make_member(root)
    login_as(admin)
    post(f"/admin/members/{member.id}/password")
    page = client.get(f"/admin/audit?action=member.password_reset&actor={admin.employee_no}")
    assert member.employee_no in page.get_data(as_text=True)


def test_audit_log_costs_the_same_queries_for_more_rows(client, login_as, count_queries):
    admin, root = admin_on_new_tree()
    login_as(admin)
    with count_queries() as few:
        client.get("/admin/audit")
    for index in range(12):
        actor = make_member(root, password=None)
        _event(actor, "test.many", datetime(2026, 1, 1 + index, tzinfo=UTC))
    with count_queries() as more:
        client.get("/admin/audit")
    assert len(more) == len(few)
