from datetime import timedelta

from sqlalchemy import select

from learnhub.auth.passwords import password_problems, verify_password
from learnhub.core.timeutil import now_utc
from learnhub.extensions import db
from learnhub.org.members.services import member_by_employee_no
from learnhub.org.models import AuditEvent, Member
from tests.factories import make_member, make_unit
from tests.org.admin_support import admin_on_new_tree, shown_password

NEW_MEMBER = {"employee_no": "N000123", "name": "赵新", "political_status": "中共预备党员",
              "position": "技术员", "cadre_level": "", "joined_party_on": "2025-07-01",
              "email": "zhaoxin@example.com", "phone": "13800001234"}


def _events(action: str, member: Member) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == action, AuditEvent.object_id == str(member.id))))


def _log_out(client) -> None:
    with client.session_transaction() as session:
        session.clear()


def test_created_member_gets_a_password_shown_once(client, login_as, post):
    admin, root = admin_on_new_tree()
    branch = make_unit(root)
    login_as(admin)
    response = post("/admin/members/new", {**NEW_MEMBER, "unit_code": branch.code})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "这个密码只显示这一次" in page
    password = shown_password(page)
    assert len(password) == 12 and not password_problems(password, "N000123")
    member = member_by_employee_no("N000123")
    assert member.unit_id == branch.id and member.must_change_password
    assert verify_password(member.password_hash, password)
    assert password not in client.get(f"/admin/members/{member.id}").get_data(as_text=True)


def test_created_member_must_change_password_at_first_login(client, login_as, post):
    admin, root = admin_on_new_tree()
    login_as(admin)
    page = post("/admin/members/new", {**NEW_MEMBER, "unit_code": root.code}).get_data(
        as_text=True)
    _log_out(client)
    response = post("/login", {"employee_no": "N000123", "password": shown_password(page)})
    assert response.status_code == 302
    assert client.get("/").headers["Location"].endswith("/account/password")


def test_member_create_is_audited_without_the_password(client, login_as, post):
    admin, root = admin_on_new_tree()
    login_as(admin)
    page = post("/admin/members/new", {**NEW_MEMBER, "unit_code": root.code}).get_data(
        as_text=True)
    member = member_by_employee_no("N000123")
    [event] = _events("member.create", member)
    assert event.actor_id == admin.id and event.details["name"] == "赵新"
    assert shown_password(page) not in str(event.details)


def test_duplicate_employee_no_is_refused_on_the_form(client, login_as, post):
    admin, root = admin_on_new_tree()
    other = make_member(root)
    login_as(admin)
    response = post("/admin/members/new", {**NEW_MEMBER, "employee_no": other.employee_no,
                                           "unit_code": root.code})
    assert response.status_code == 422
    assert f"工号 {other.employee_no} 已存在。" in response.get_data(as_text=True)


def test_member_cannot_be_put_in_an_inactive_unit(client, login_as, post):
    admin, root = admin_on_new_tree()
    closed = make_unit(root)
    closed.active = False
    db.session.flush()
    login_as(admin)
    response = post("/admin/members/new", {**NEW_MEMBER, "unit_code": closed.code})
    assert response.status_code == 422
    assert member_by_employee_no("N000123") is None


def test_edit_records_the_changed_fields(client, login_as, post):
    admin, root = admin_on_new_tree()
    member = make_member(root, name="钱旧", position="科员")
    target = make_unit(root)
    login_as(admin)
    form = {"employee_no": member.employee_no, "name": "钱新", "unit_code": target.code,
            "political_status": member.political_status, "position": "科员",
            "joined_party_on": "2015-07-01"}
    response = post(f"/admin/members/{member.id}/edit", form)
    assert response.status_code == 302
    assert member.name == "钱新" and member.unit_id == target.id
    [event] = _events("member.update", member)
    assert event.details == {"name": ["钱旧", "钱新"], "unit_id": [root.id, target.id]}


def test_reset_password_shows_a_new_one_and_ends_sessions(client, login_as, post):
    admin, root = admin_on_new_tree()
    member = make_member(root)
    version = member.session_version
    login_as(admin)
    confirm = client.get(f"/admin/members/{member.id}/password").get_data(as_text=True)
    assert "原密码立即失效" in confirm
    password = shown_password(post(f"/admin/members/{member.id}/password").get_data(
        as_text=True))
    assert member.session_version == version + 1 and member.must_change_password
    assert verify_password(member.password_hash, password)
    assert _events("member.password_reset", member)


def test_old_session_stops_working_after_reset(client, login_as, post, app):
    admin, root = admin_on_new_tree()
    member = make_member(root)
    old_cookie_id = member.get_id()
    login_as(admin)
    post(f"/admin/members/{member.id}/password")
    with client.session_transaction() as session:
        session["_user_id"] = old_cookie_id
    assert "/login" in client.get("/").headers["Location"]


def test_detail_shows_lock_and_admin_unlocks(client, login_as, post):
    admin, root = admin_on_new_tree()
    member = make_member(root, locked_until=now_utc() + timedelta(minutes=10), failed_logins=0)
    login_as(admin)
    page = client.get(f"/admin/members/{member.id}").get_data(as_text=True)
    assert "已锁定至" in page and "解除锁定" in page
    response = post(f"/admin/members/{member.id}/unlock")
    assert response.status_code == 302
    assert member.locked_until is None
    assert _events("member.unlock", member)[0].actor_id == admin.id


def test_unlocking_an_unlocked_member_says_so(client, login_as, post):
    admin, root = admin_on_new_tree()
    member = make_member(root)
    login_as(admin)
    page = post(f"/admin/members/{member.id}/unlock", follow_redirects=True).get_data(
        as_text=True)
    assert "该账号当前没有被锁定。" in page
    assert not _events("member.unlock", member)


def test_deactivating_a_member_keeps_the_row_and_ends_sessions(client, login_as, post):
    admin, root = admin_on_new_tree()
    member = make_member(root)
    version = member.session_version
    login_as(admin)
    assert "不能再登录" in client.get(f"/admin/members/{member.id}/deactivate").get_data(
        as_text=True)
    response = post(f"/admin/members/{member.id}/deactivate")
    assert response.status_code == 302
    assert db.session.get(Member, member.id) is not None
    assert not member.active and member.session_version == version + 1
    assert _events("member.deactivate", member)


def test_admin_cannot_deactivate_themself(client, login_as, post):
    admin, _ = admin_on_new_tree()
    login_as(admin)
    response = post(f"/admin/members/{admin.id}/deactivate")
    assert response.status_code == 422
    assert admin.active


def test_admin_reactivates_a_member(client, login_as, post):
    admin, root = admin_on_new_tree()
    member = make_member(root, active=False)
    login_as(admin)
    post(f"/admin/members/{member.id}/activate")
    assert member.active
    assert _events("member.activate", member)
