import pytest
from sqlalchemy import select, update

from learnhub.extensions import db
from learnhub.org.models import AuditEvent, Unit, UnitKind
from learnhub.org.units.services import WouldCreateCycle, move_unit, unit_by_code
from tests.factories import make_member, make_unit
from tests.html import one
from tests.org.admin_support import admin_on_new_tree


def _audit(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_tree_lists_units_in_path_order_with_member_counts(client, login_as):
    admin, root = admin_on_new_tree()
    general = make_unit(root, name="甲党总支", kind=UnitKind.GENERAL_BRANCH)
    branch = make_unit(general, name="甲一支部")
    make_unit(root, name="乙党总支", kind=UnitKind.GENERAL_BRANCH)
    for _ in range(3):
        make_member(branch, password=None)
    make_member(branch, password=None, active=False)
    login_as(admin)
    page = client.get("/admin/units").get_data(as_text=True)
    assert page.index("测试党委") < page.index("甲党总支") < page.index("甲一支部") \
        < page.index("乙党总支")
    row = one(page, "tr", id=f"unit-{general.id}")
    # nobody directly in the 党总支, three active below it
    assert [cell.text for cell in row.find_all("td", class_="num")] == ["0", "3"]
    assert f"unit={general.code}" in row.one("td", class_="num", text="3").one("a")["href"]


def test_tree_costs_the_same_queries_for_a_bigger_tree(client, login_as, count_queries):
    admin, root = admin_on_new_tree()
    login_as(admin)
    with count_queries() as small:
        client.get("/admin/units")
    for _ in range(15):
        make_member(make_unit(root), password=None)
    with count_queries() as bigger:
        client.get("/admin/units")
    assert len(bigger) == len(small)


def test_admin_creates_a_unit_under_a_parent(client, login_as, post):
    admin, root = admin_on_new_tree()
    login_as(admin)
    response = post("/admin/units/new", {"code": "NEW-B01", "name": "新建党支部",
                                         "kind": "branch", "parent_code": root.code})
    assert response.status_code == 302
    unit = unit_by_code("NEW-B01")
    assert unit is not None and unit.parent_id == root.id
    assert unit.path == f"{root.path}{unit.id}/" and unit.depth == root.depth + 1
    assert [e.actor_id for e in _audit("unit.create") if e.object_id == str(unit.id)] == [admin.id]


def test_creating_a_unit_with_a_taken_code_shows_the_error_on_the_form(client, login_as, post):
    admin, root = admin_on_new_tree()
    login_as(admin)
    response = post("/admin/units/new", {"code": root.code, "name": "重复", "kind": "branch",
                                         "parent_code": ""})
    assert response.status_code == 422
    assert f"组织编码 {root.code} 已存在。" in response.get_data(as_text=True)


def test_creating_a_unit_under_an_unknown_parent_code_is_refused(client, login_as, post):
    admin, _ = admin_on_new_tree()
    login_as(admin)
    response = post("/admin/units/new", {"code": "X1", "name": "某支部", "kind": "branch",
                                         "parent_code": "NO-SUCH"})
    assert response.status_code == 422
    assert "组织编码 NO-SUCH 不存在。" in response.get_data(as_text=True)
    assert unit_by_code("X1") is None


def test_admin_renames_a_unit(client, login_as, post):
    admin, root = admin_on_new_tree()
    branch = make_unit(root, name="旧名称支部")
    login_as(admin)
    response = post(f"/admin/units/{branch.id}/rename", {"name": "新名称支部", "kind": "group"})
    assert response.status_code == 302
    assert branch.name == "新名称支部" and branch.kind == UnitKind.GROUP
    event = _audit("unit.rename")[-1]
    assert event.details["name"] == ["旧名称支部", "新名称支部"]


def test_move_asks_for_confirmation_before_moving(client, login_as, post):
    admin, root = admin_on_new_tree()
    source, target = make_unit(root), make_unit(root)
    branch = make_unit(source)
    make_member(branch, password=None)
    login_as(admin)
    response = post(f"/admin/units/{branch.id}/move", {"parent_code": target.code})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "确认移动" in page and "1 名在册成员" in page
    assert branch.parent_id == source.id


def test_confirmed_move_rewrites_the_subtree(client, login_as, post):
    admin, root = admin_on_new_tree()
    source, target = make_unit(root), make_unit(root)
    branch = make_unit(source)
    group = make_unit(branch, kind=UnitKind.GROUP)
    login_as(admin)
    response = post(f"/admin/units/{branch.id}/move", {"parent_code": target.code,
                                                       "confirm": "yes"})
    assert response.status_code == 302
    db.session.expire_all()
    moved = db.session.get(Unit, group.id)
    assert moved.path == f"{target.path}{branch.id}/{group.id}/"
    assert moved.depth == target.depth + 2
    assert _audit("unit.move")


def test_a_move_checks_the_stored_paths_so_two_moves_at_once_make_no_cycle():
    """Another admin moved A under B after this request loaded both: moving B under A now
    would close a cycle, and must be refused although the loaded objects look fine."""
    admin, root = admin_on_new_tree()
    a, b = make_unit(root), make_unit(root)
    db.session.execute(update(Unit).where(Unit.id == a.id)
                       .values(parent_id=b.id, path=f"{b.path}{a.id}/", depth=b.depth + 1)
                       .execution_options(synchronize_session=False))
    assert not a.path.startswith(b.path)  # what this request still holds
    with pytest.raises(WouldCreateCycle):
        move_unit(admin, b, a)
    db.session.expire_all()
    assert db.session.get(Unit, b.id).parent_id == root.id


def test_two_moves_at_once_on_real_connections_make_no_cycle(racing_app, request):
    """The race above for real: two admins, each request having loaded both units, one
    moving A under B and the other B under A. One move goes through; the other is refused."""
    import threading

    from learnhub.org.models import Member
    from tests.racing import HOLD_SECONDS, race

    with racing_app.app_context():
        admin, root = admin_on_new_tree()
        a, b = make_unit(root), make_unit(root)
        admin_id, root_id, a_id, b_id = admin.id, root.id, a.id, b.id
        db.session.commit()
    both_loaded = threading.Barrier(2, timeout=HOLD_SECONDS)

    def move(unit_id: int, parent_id: int) -> str:
        with racing_app.test_request_context(method="POST"):  # as the move page does
            actor, unit, parent = (db.session.get(Member, admin_id), db.session.get(Unit, unit_id),
                                   db.session.get(Unit, parent_id))
            both_loaded.wait()
            try:
                move_unit(actor, unit, parent)
            except WouldCreateCycle:
                db.session.rollback()
                return "refused"
            db.session.commit()
            return "moved"

    outcomes = race(lambda: move(a_id, b_id), lambda: move(b_id, a_id))
    with racing_app.app_context():
        parents = {unit.id: unit.parent_id for unit in db.session.scalars(
            select(Unit).where(Unit.id.in_((a_id, b_id))))}
    assert sorted(outcomes) == ["moved", "refused"]
    assert parents in ({a_id: b_id, b_id: root_id}, {a_id: root_id, b_id: a_id})


def test_moving_a_unit_under_its_own_subtree_is_refused_on_the_form(client, login_as, post):
    admin, root = admin_on_new_tree()
    branch = make_unit(root)
    group = make_unit(branch, kind=UnitKind.GROUP)
    login_as(admin)
    response = post(f"/admin/units/{branch.id}/move", {"parent_code": group.code,
                                                       "confirm": "yes"})
    assert response.status_code == 422
    assert "不能把组织移动到它自己或它的下级组织之下。" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Unit, branch.id).parent_id == root.id


def test_deactivating_a_unit_with_active_members_is_refused(client, login_as, post):
    admin, root = admin_on_new_tree()
    branch = make_unit(root)
    make_member(make_unit(branch, kind=UnitKind.GROUP), password=None)
    login_as(admin)
    confirm_page = client.get(f"/admin/units/{branch.id}/deactivate").get_data(as_text=True)
    assert "仍有 1 名在册成员" in confirm_page
    response = post(f"/admin/units/{branch.id}/deactivate")
    assert response.status_code == 422
    assert "该组织及其下级仍有 1 名在册成员" in response.get_data(as_text=True)
    assert branch.active


def test_deactivating_an_empty_unit_deactivates_its_subtree(client, login_as, post):
    admin, root = admin_on_new_tree()
    branch = make_unit(root)
    group = make_unit(branch, kind=UnitKind.GROUP)
    login_as(admin)
    response = post(f"/admin/units/{branch.id}/deactivate")
    assert response.status_code == 302
    assert not branch.active and not group.active
    assert _audit("unit.deactivate")


def test_admin_reactivates_a_unit(client, login_as, post):
    admin, root = admin_on_new_tree()
    branch = make_unit(root)
    branch.active = False
    db.session.flush()
    login_as(admin)
    page = client.get("/admin/units").get_data(as_text=True)
    form = one(page, "form", action=f"/admin/units/{branch.id}/activate")
    assert form.one("input", name="csrf_token")["value"]
    response = post(f"/admin/units/{branch.id}/activate")
    assert response.status_code == 302
    assert branch.active


def test_a_unit_under_an_inactive_parent_cannot_be_reactivated(client, login_as, post):
    admin, root = admin_on_new_tree()
    branch = make_unit(root)
    group = make_unit(branch, kind=UnitKind.GROUP)
    branch.active = group.active = False
    db.session.flush()
    login_as(admin)
    response = post(f"/admin/units/{group.id}/activate", follow_redirects=True)
    assert "上级组织已停用，请先启用上级组织。" in response.get_data(as_text=True)
    assert not group.active
