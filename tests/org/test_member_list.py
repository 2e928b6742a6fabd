import re

from learnhub.core.pagination import MAX_PER_PAGE, clamp_per_page
from learnhub.org.models import PoliticalStatus, Role
from tests.factories import make_member, make_unit
from tests.html import find_all
from tests.org.admin_support import admin_on_new_tree

MEMBER_LINK = re.compile(r"^/admin/members/\d+$")


def _member_ids(page: str) -> list[int]:
    """The members listed on the page, by the link in each row."""
    return [int(link["href"].rsplit("/", 1)[1]) for link in find_all(page, "a", href=MEMBER_LINK)]


def _listed(client, query: str = "") -> list[int]:
    response = client.get(f"/admin/members?per_page=200&{query}")
    assert response.status_code == 200
    return _member_ids(response.get_data(as_text=True))


def test_filter_by_unit_covers_its_subtree(client, login_as):
    admin, root = admin_on_new_tree()
    general = make_unit(root)
    inside = make_member(make_unit(general), password=None)
    outside = make_member(make_unit(root), password=None)
    login_as(admin)
    listed = _listed(client, f"unit={general.code}")
    assert inside.id in listed and outside.id not in listed


def test_unknown_unit_code_is_reported_and_lists_nobody(client, login_as):
    admin, _ = admin_on_new_tree()
    login_as(admin)
    page = client.get("/admin/members?unit=NOPE").get_data(as_text=True)
    assert "组织编码 NOPE 不存在。" in page and "共 0 名成员" in page


def test_filter_by_name_contains_and_employee_no_prefix(client, login_as):
    admin, root = admin_on_new_tree()
    li = make_member(root, name="李建华", employee_no="ZX1001", password=None)
    wang = make_member(root, name="王建国", employee_no="ZY1002", password=None)
    login_as(admin)
    assert _listed(client, "name=建华") == [li.id]
    assert set(_listed(client, "name=建")) >= {li.id, wang.id}
    assert _listed(client, "employee_no=ZY") == [wang.id]


def test_filter_by_political_status_and_inactive(client, login_as):
    admin, root = admin_on_new_tree()
    league = make_member(root, political_status=PoliticalStatus.LEAGUE.value, password=None)
    gone = make_member(root, active=False, password=None)
    login_as(admin)
    assert _listed(client, f"unit={root.code}&political_status=共青团员") == [league.id]
    assert _listed(client, f"unit={root.code}&status=inactive") == [gone.id]
    assert gone.id not in _listed(client, f"unit={root.code}")
    assert gone.id in _listed(client, f"unit={root.code}&status=all")


def test_sorting_by_name_descending(client, login_as):
    admin, root = admin_on_new_tree()
    a = make_member(root, name="一号成员", password=None)  # 一 < 二 in every collation
    b = make_member(root, name="二号成员", password=None)
    login_as(admin)
    ascending = _listed(client, f"unit={root.code}&sort=name")
    descending = _listed(client, f"unit={root.code}&sort=-name")
    assert ascending.index(a.id) < ascending.index(b.id)
    assert descending.index(b.id) < descending.index(a.id)


def test_list_shows_total_and_paginates(client, login_as):
    admin, root = admin_on_new_tree()
    for _ in range(4):
        make_member(root, password=None)
    login_as(admin)
    page = client.get(f"/admin/members?unit={root.code}&per_page=2&page=2").get_data(
        as_text=True)
    assert "共 5 名成员" in page and "第 2 / 3 页" in page
    assert len(_member_ids(page)) == 2


def test_a_page_past_the_end_shows_the_last_page(client, login_as):
    admin, root = admin_on_new_tree()
    for _ in range(4):
        make_member(root, password=None)
    login_as(admin)
    for number in ("4", "99999999999999999999"):
        response = client.get(f"/admin/members?unit={root.code}&per_page=2&page={number}")
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "第 3 / 3 页" in page and len(_member_ids(page)) == 1


def test_per_page_is_capped():
    assert clamp_per_page(10_000, 50) == MAX_PER_PAGE == 200
    assert clamp_per_page(None, 50) == 50 and clamp_per_page(0, 50) == 50


def test_manager_sees_only_members_of_their_subtree(client, login_as, organisation):
    inside = make_member(make_unit(organisation.branch), password=None)
    outside = make_member(organisation.other_branch, password=None)
    login_as(organisation.manager)
    listed = _listed(client)
    assert inside.id in listed and outside.id not in listed
    assert outside.id not in _listed(client, f"unit={organisation.root.code}")


def test_manager_gets_404_for_a_member_outside_their_subtree(client, login_as, organisation):
    inside = make_member(make_unit(organisation.branch), password=None)
    outside = make_member(organisation.other_branch, password=None)
    login_as(organisation.manager)
    assert client.get(f"/admin/members/{inside.id}").status_code == 200
    assert client.get(f"/admin/members/{outside.id}").status_code == 404


def test_manager_sees_no_admin_actions_on_member_page(client, login_as):
    _, root = admin_on_new_tree()
    manager = make_member(root, roles=(Role.MANAGER,))
    member = make_member(root, password=None)
    login_as(manager)
    page = client.get(f"/admin/members/{member.id}").get_data(as_text=True)
    assert "重置密码" not in page and "新建成员" not in page
    assert client.get(f"/admin/members/{member.id}/edit").status_code == 403


def test_member_list_query_count_does_not_depend_on_page_size(client, login_as, count_queries):
    admin, root = admin_on_new_tree()
    branch = make_unit(root)
    for _ in range(120):
        make_member(branch, password=None)
    login_as(admin)
    code = root.code  # read before counting: the test's own objects expire after a request
    counts, rows = [], []
    for per_page in (10, 100):
        with count_queries() as queries:
            response = client.get(f"/admin/members?per_page={per_page}&unit={code}")
        counts.append(len(queries.selects))
        rows.append(len(_member_ids(response.get_data(as_text=True))))
    assert rows == [10, 100]
    assert counts[0] == counts[1] <= 6, counts
