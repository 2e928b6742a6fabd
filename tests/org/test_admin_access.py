import pytest

from learnhub.org.models import Role
from learnhub.org.units.services import unit_by_code
from tests.factories import make_grant, make_member, make_unit
from tests.html import find_all
from tests.org.admin_support import admin_on_new_tree

ADMIN_GETS = [
    "/admin/units", "/admin/units/new", "/admin/units/{unit}/rename", "/admin/units/{unit}/move",
    "/admin/units/{unit}/deactivate", "/admin/members", "/admin/members/new",
    "/admin/members/{member}", "/admin/members/{member}/edit",
    "/admin/members/{member}/password", "/admin/members/{member}/deactivate",
    "/admin/grants", "/admin/audit",
]
ADMIN_POSTS = [
    "/admin/units/new", "/admin/units/{unit}/rename", "/admin/units/{unit}/move",
    "/admin/units/{unit}/deactivate", "/admin/units/{unit}/activate", "/admin/members/new",
    "/admin/members/{member}/edit", "/admin/members/{member}/password",
    "/admin/members/{member}/unlock", "/admin/members/{member}/deactivate",
    "/admin/members/{member}/activate", "/admin/grants", "/admin/grants/{grant}/revoke",
]


def _targets():
    _, root = admin_on_new_tree()
    branch = make_unit(root)
    other = make_member(branch)
    grant = make_grant(other, Role.TRAINER, branch)
    learner = make_member(branch)
    return learner, {"unit": branch.id, "member": other.id, "grant": grant.id}


@pytest.mark.parametrize("url", ADMIN_GETS)
def test_learner_gets_403_on_every_admin_page(client, login_as, url):
    learner, ids = _targets()
    login_as(learner)
    assert client.get(url.format(**ids)).status_code == 403


@pytest.mark.parametrize("url", ADMIN_POSTS)
def test_learner_gets_403_on_every_admin_action(client, login_as, post, url):
    learner, ids = _targets()
    login_as(learner)
    assert post(url.format(**ids), {"name": "x"}).status_code == 403


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/admin/members")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("url", ["/admin/units", "/admin/grants", "/admin/audit",
                                 "/admin/members/new"])
def test_manager_gets_403_on_admin_only_pages(client, login_as, url):
    _, root = admin_on_new_tree()
    manager = make_member(make_unit(root), roles=(Role.MANAGER,))
    login_as(manager)
    assert client.get(url).status_code == 403


def test_post_without_csrf_token_is_refused(client, login_as):
    admin, root = admin_on_new_tree()
    login_as(admin)
    response = client.post("/admin/units/new", data={"code": "NOCSRF", "name": "无令牌",
                                                     "kind": "branch", "parent_code": root.code})
    assert response.status_code == 400
    assert unit_by_code("NOCSRF") is None


def test_admin_sees_admin_navigation(client, login_as):
    admin, _ = admin_on_new_tree()
    login_as(admin)
    page = client.get("/admin/members").get_data(as_text=True)
    for label in ("组织与成员", "角色授权", "审计日志"):
        assert label in page
    assert "组织与成员" in [link.text for link in find_all(page, "a", aria_current="page")]
