import pytest
from sqlalchemy import func, select

from learnhub.demo import DEMO_PASSWORD, load_demo
from learnhub.extensions import db
from learnhub.org.models import Member, Role, Unit, UnitKind
from learnhub.org.permissions import has_role, is_admin
from learnhub.org.units.services import unit_by_code


def _counts():
    return (db.session.scalar(select(func.count(Unit.id))),
            db.session.scalar(select(func.count(Member.id))))


def test_demo_creates_pinned_accounts_and_root(app):
    result = load_demo()
    assert result.created
    root = unit_by_code("ROOT")
    assert root is not None and root.parent_id is None
    accounts = {m.employee_no: m for m in db.session.scalars(
        select(Member).where(Member.employee_no.in_(["admin", "manager", "trainer", "learner"])))}
    assert set(accounts) == {"admin", "manager", "trainer", "learner"}
    assert is_admin(accounts["admin"])
    assert has_role(accounts["trainer"], Role.TRAINER, root)
    manager_unit = accounts["manager"].unit
    assert manager_unit.kind.value == "general_branch"
    assert has_role(accounts["manager"], Role.MANAGER, accounts["learner"].unit)
    assert not has_role(accounts["manager"], Role.MANAGER, root)
    assert accounts["learner"].unit.kind.value == "branch"
    assert accounts["learner"].unit.is_within(manager_unit)
    assert accounts["learner"].political_status == "中共党员"
    assert not accounts["learner"].must_change_password


def test_demo_twice_changes_nothing(app):
    load_demo()
    before = _counts()
    assert not load_demo().created
    assert _counts() == before


def test_demo_is_deterministic_and_scales(app):
    load_demo(scale=2)
    units, members = _counts()
    assert units == 1 + 2 * 2 + 2 * 6
    assert members == 4 + 2 * 6 * 33


def _posts_by_branch() -> dict[str, list[str]]:
    rows = db.session.execute(select(Unit.code, Member.party_post, Member.political_status)
                              .join(Member.unit).where(Member.party_post != "")
                              .order_by(Unit.code, Member.employee_no))
    posts: dict[str, list[str]] = {}
    for code, post, status in rows:
        assert status == "中共党员"  # the committee is elected from full members
        posts.setdefault(code, []).append(post)
    return posts


def test_demo_branches_have_their_committees_and_the_demo_accounts_their_posts(app):
    load_demo()
    posts = _posts_by_branch()
    branches = db.session.scalars(select(Unit.code).where(Unit.kind == UnitKind.BRANCH)).all()
    assert len(branches) == 6
    for code in branches:
        held = posts[code]
        assert held.count("书记") == 1 and held.count("副书记") <= 1
        assert held.count("委员") in (2, 3) and 3 <= len(held) <= 5
    assert any("副书记" in held for held in posts.values())
    accounts = {m.employee_no: m.party_post for m in db.session.scalars(
        select(Member).where(Member.employee_no.in_(["admin", "manager", "trainer", "learner"])))}
    assert accounts == {"admin": "", "manager": "书记", "trainer": "", "learner": ""}
    assert posts["GB01"] == ["书记"]  # the manager, 书记 of the 党总支


def test_demo_posts_are_the_same_every_time(app):
    load_demo()
    first = db.session.execute(select(Member.employee_no, Member.party_post)
                               .where(Member.party_post != "")
                               .order_by(Member.employee_no)).all()
    db.session.rollback()  # the test's savepoint: the demo is gone
    assert load_demo().created
    again = db.session.execute(select(Member.employee_no, Member.party_post)
                               .where(Member.party_post != "")
                               .order_by(Member.employee_no)).all()
    assert first == again and len(first) > 6 * 3


def test_demo_learner_can_log_in(client, post, app):
    load_demo()
    response = post("/login", {"employee_no": "learner", "password": DEMO_PASSWORD},
                    follow_redirects=True)
    assert "你好，张晓东" in response.get_data(as_text=True)


def test_create_admin_command(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-admin", "--employee-no", "boss", "--name", "赵书记",
                                 "--password", "a-strong-secret-42"])
    assert result.exit_code == 0, result.output
    boss = db.session.scalar(select(Member).where(Member.employee_no == "boss"))
    assert boss is not None and is_admin(boss)


def test_create_admin_refuses_a_weak_password(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-admin", "--employee-no", "boss2", "--name", "钱",
                                 "--password", "short"])
    assert result.exit_code == 1
    assert "至少需要 10 个字符" in result.output
    assert db.session.scalar(select(Member).where(Member.employee_no == "boss2")) is None


def test_create_admin_strips_the_employee_no_so_the_admin_can_log_in(app, client, post):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-admin", "--employee-no", " boss3 ", "--name", " 孙书记 ",
                                 "--password", "a-strong-secret-42"])
    assert result.exit_code == 0, result.output
    boss = db.session.scalar(select(Member).where(Member.employee_no == "boss3"))
    assert boss is not None and boss.name == "孙书记"
    response = post("/login", {"employee_no": "boss3", "password": "a-strong-secret-42"})
    assert response.status_code == 302


@pytest.mark.parametrize(("employee_no", "name", "message"), [
    ("  ", "钱", "请输入工号。"),
    ("bo ss", "钱", "工号中不能有空格。"),
    ("boss4", "   ", "请输入姓名。"),
    ("x" * 65, "钱", "最多 64 个字符"),
])
def test_create_admin_refuses_a_blank_or_spaced_identity(app, employee_no, name, message):
    runner = app.test_cli_runner()
    before = _counts()
    result = runner.invoke(args=["create-admin", "--employee-no", employee_no, "--name", name,
                                 "--password", "a-strong-secret-42"])
    assert result.exit_code == 1
    assert message in result.output
    assert _counts() == before


def test_create_admin_asks_for_what_is_missing(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-admin"],
                           input="boss5\n周书记\na-strong-secret-42\na-strong-secret-42\n")
    assert result.exit_code == 0, result.output
    boss = db.session.scalar(select(Member).where(Member.employee_no == "boss5"))
    assert boss is not None and is_admin(boss) and boss.name == "周书记"
