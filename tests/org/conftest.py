"""What many org tests start from: a small organisation with one member in each role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from learnhub.org.models import Member, Role, Unit
from tests.factories import make_member, make_unit
from tests.org.admin_support import admin_on_new_tree


@dataclass
class Organisation:
    root: Unit  # 测试党委, where the admin is
    branch: Unit  # 第一党支部: the manager, the trainer and the learner
    other_branch: Unit  # 第二党支部: outside the manager's and the trainer's subtree
    admin: Member
    manager: Member
    trainer: Member
    learner: Member


@pytest.fixture
def organisation() -> Organisation:
    admin, root = admin_on_new_tree()
    branch = make_unit(root, name="第一党支部")
    other_branch = make_unit(root, name="第二党支部")
    return Organisation(root, branch, other_branch, admin,
                        manager=make_member(branch, roles=(Role.MANAGER,), name="赵管理"),
                        trainer=make_member(branch, roles=(Role.TRAINER,), name="李培训"),
                        learner=make_member(branch, name="张学员"))
