"""Helpers for the org admin tests: an admin on a fresh tree, the password a page shows."""

from __future__ import annotations

import re

from learnhub.org.models import Member, Role, Unit
from tests.factories import make_member, make_unit


def admin_on_new_tree() -> tuple[Member, Unit]:
    root = make_unit(name="测试党委")
    return make_member(root, roles=(Role.ADMIN,), name="管理员甲"), root


PASSWORD_PATTERN = re.compile(r'id="initial-password">([^<]+)<')


def shown_password(page: str) -> str:
    match = PASSWORD_PATTERN.search(page)
    assert match, "no initial password on the page"
    return match.group(1)
