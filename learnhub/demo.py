"""The demo organisation: a believable 党委 with 党总支, 党支部 and members.

Deterministic (seeded), idempotent (a second run finds ROOT and changes nothing), and
scalable for benchmarks (`--scale 100` gives about 20,000 members in 600 branches).
Each 党支部 has its 支部委员会 among its full members (中共党员): a 书记, in some branches a
副书记, and two or three 委员 (党内职务 `party_post`); the demo `manager` is the 书记 of
the 党总支 GB01, and `learner` holds no post.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select

from learnhub.auth.passwords import hash_password, password_problems
from learnhub.auth.services import WeakPassword
from learnhub.core.control_characters import control_character
from learnhub.core.db import _now
from learnhub.core.errors import Conflict, ValidationFailed
from learnhub.extensions import db
from learnhub.org.employee_no import employee_no_problem
from learnhub.org.grants.services import grant_role
from learnhub.org.models import Member, PartyPost, PoliticalStatus, Role, Unit, UnitKind
from learnhub.org.units.services import create_unit, unit_by_code

DEMO_PASSWORD = "learnhub-demo"
ROOT_CODE = "ROOT"
MEMBERS_PER_BRANCH = 33
SEED = 20260701
POSTS_SEED = 20261007  # a second stream, so the posts leave the members' names and data alone

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文辉鹏宇浩晨思雨欣怡佳琪子涵博轩雪梅海燕晓东立新振宁德福永春海波俊峰"
GENERAL_BRANCHES = ("生产运营党总支", "机关党总支")
BRANCHES = {
    "生产运营党总支": ("第一生产车间党支部", "第二生产车间党支部", "设备维修党支部"),
    "机关党总支": ("综合办公室党支部", "财务审计党支部", "人力资源党支部"),
}
POSITIONS = ("技术员", "工程师", "班组长", "车间主任", "科员", "主管", "经理", "会计", "操作工")
CADRE_LEVELS = ("", "", "", "", "基层管理人员", "中层副职", "中层正职")
STATUS_WEIGHTS = (
    (PoliticalStatus.MEMBER, 55), (PoliticalStatus.PROBATIONARY, 5),
    (PoliticalStatus.LEAGUE, 15), (PoliticalStatus.MASSES, 25),
)


@dataclass(frozen=True)
class DemoResult:
    created: bool
    units: int = 0
    members: int = 0


@dataclass(frozen=True)
class DemoAccount:
    employee_no: str
    name: str
    unit_code: str
    role: Role | None
    status: PoliticalStatus
    position: str
    party_post: PartyPost | None = None


DEMO_ACCOUNTS = (
    DemoAccount("admin", "系统管理员", ROOT_CODE, Role.ADMIN, PoliticalStatus.MEMBER, "信息中心主任"),
    DemoAccount("manager", "王建国", "GB01", Role.MANAGER, PoliticalStatus.MEMBER, "党总支书记",
                PartyPost.SECRETARY),
    DemoAccount("trainer", "李红梅", ROOT_CODE, Role.TRAINER, PoliticalStatus.MEMBER, "党建工作部培训专员"),
    DemoAccount("learner", "张晓东", "GB01-B01", None, PoliticalStatus.MEMBER, "技术员"),
)


def load_demo(scale: int = 1) -> DemoResult:
    if unit_by_code(ROOT_CODE) is not None:
        return DemoResult(created=False)
    rng = random.Random(SEED)
    root = create_unit(None, code=ROOT_CODE, name="示例能源集团有限公司党委",
                       kind=UnitKind.COMMITTEE, parent=None)
    branches: list[Unit] = []
    for copy in range(scale):
        for g_index, general_name in enumerate(GENERAL_BRANCHES):
            number = copy * len(GENERAL_BRANCHES) + g_index + 1
            suffix = "" if copy == 0 else f"（{copy + 1}区）"
            general = create_unit(None, code=f"GB{number:02d}", name=general_name + suffix,
                                  kind=UnitKind.GENERAL_BRANCH, parent=root)
            for b_index, branch_name in enumerate(BRANCHES[general_name]):
                branches.append(create_unit(None, code=f"{general.code}-B{b_index + 1:02d}",
                                            name=branch_name + suffix, kind=UnitKind.BRANCH,
                                            parent=general))
    password_hash = hash_password(DEMO_PASSWORD)
    for account in DEMO_ACCOUNTS:
        unit = unit_by_code(account.unit_code)
        assert unit is not None
        member = Member(employee_no=account.employee_no, name=account.name, unit=unit,
                        political_status=account.status.value, position=account.position,
                        party_post=account.party_post.value if account.party_post else "",
                        password_hash=password_hash, must_change_password=False,
                        joined_party_on=date(2012, 7, 1), email=f"{account.employee_no}@example.com")
        db.session.add(member)
        db.session.flush()
        if account.role is not None:
            grant_role(None, member, account.role, unit)
    count = _generate_members(rng, branches)
    units = 1 + scale * len(GENERAL_BRANCHES) + len(branches)
    return DemoResult(created=True, units=units, members=count + len(DEMO_ACCOUNTS))


def _generate_members(rng: random.Random, branches: list[Unit]) -> int:
    """Bulk-insert ordinary members (no password: an admin issues one when needed)."""
    statuses = [s for s, w in STATUS_WEIGHTS for _ in range(w)]
    posts_rng = random.Random(POSTS_SEED)
    now = _now()
    rows: list[dict] = []
    serial = 100000
    for branch in branches:
        first = len(rows)
        for _ in range(MEMBERS_PER_BRANCH):
            serial += 1
            status = rng.choice(statuses)
            is_party = status in (PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY)
            joined = date(rng.randint(1990, 2025), rng.randint(1, 12), rng.randint(1, 28)) \
                if is_party else None
            rows.append({
                "employee_no": f"E{serial}", "name": rng.choice(SURNAMES) + "".join(
                    rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
                "unit_id": branch.id, "political_status": status.value,
                "position": rng.choice(POSITIONS), "cadre_level": rng.choice(CADRE_LEVELS),
                "party_post": "", "joined_party_on": joined, "email": f"e{serial}@example.com",
                "phone": f"138{serial:08d}", "password_hash": None,
                "must_change_password": True, "session_version": 1, "failed_logins": 0,
                "active": True, "created_at": now, "updated_at": now,
            })
        _elect_committee(posts_rng, rows[first:])
        if len(rows) >= 2000:
            db.session.execute(insert(Member), rows)
            rows = []
    if rows:
        db.session.execute(insert(Member), rows)
    return len(branches) * MEMBERS_PER_BRANCH


def _elect_committee(rng: random.Random, branch_rows: list[dict]) -> None:
    """The branch's 支部委员会, chosen among its full members (中共党员): a 书记, in some
    branches a 副书记, and two or three 委员 (the 组织, 宣传 and 纪检委员), 3 to 5 in all, as
    《中国共产党支部工作条例（试行）》(2018, 第六章) has it for a branch with seven or more
    full members. Sets `party_post` on the chosen rows."""
    full_members = [row for row in branch_rows
                    if row["political_status"] == PoliticalStatus.MEMBER.value]
    posts = [PartyPost.SECRETARY]
    if rng.random() < 0.4:  # 必要时可以设1名副书记
        posts.append(PartyPost.DEPUTY_SECRETARY)
    posts += [PartyPost.COMMITTEE_MEMBER] * rng.choice((2, 3))
    for row, post in zip(rng.sample(full_members, min(len(posts), len(full_members))), posts,
                         strict=False):
        row["party_post"] = post.value


def create_site_admin(*, employee_no: str, name: str, password: str) -> Member:
    """An administrator on the root unit; used by `learnhub create-admin` on a new install."""
    employee_no, name = employee_no.strip(), name.strip()
    _check_admin_identity(employee_no, name)
    if db.session.scalar(select(Member).where(Member.employee_no == employee_no)) is not None:
        raise Conflict("工号 %(employee_no)s 已存在。", employee_no=employee_no)
    problems = password_problems(password, employee_no)
    if problems:
        raise WeakPassword(problems[0])
    root = unit_by_code(ROOT_CODE) or create_unit(None, code=ROOT_CODE, name="党委",
                                                   kind=UnitKind.COMMITTEE, parent=None)
    member = Member(employee_no=employee_no, name=name, unit=root,
                    political_status=PoliticalStatus.MEMBER.value,
                    password_hash=hash_password(password), must_change_password=False)
    db.session.add(member)
    db.session.flush()
    grant_role(None, member, Role.ADMIN, root)
    return member


def _check_admin_identity(employee_no: str, name: str) -> None:
    """The rules an admin-created member's 工号 and 姓名 follow (login strips and matches
    the 工号 exactly, so a blank or spaced one could never log in)."""
    if not employee_no:
        raise ValidationFailed("请输入工号。")
    problem = employee_no_problem(employee_no)
    if problem is not None:
        raise ValidationFailed(problem[0], **problem[1])
    if len(name) > 100:
        raise ValidationFailed("内容太长（最多 %(limit)s 个字符，现有 %(length)s 个）。",
                               limit=100, length=len(name))
    if not name:
        raise ValidationFailed("请输入姓名。")
    if control_character(name, multiline=False):
        raise ValidationFailed("姓名中不能有控制字符。")
