"""Helpers for the org admin tests: an admin on a fresh tree, the password a page shows."""

from __future__ import annotations

from learnhub.org.models import Member, Role, Unit
from tests.factories import make_member, make_unit
from tests.html import find


def admin_on_new_tree() -> tuple[Member, Unit]:
    root = make_unit(name="测试党委")
    return make_member(root, roles=(Role.ADMIN,), name="管理员甲"), root


def shown_password(page: str) -> str:
    shown = find(page, id="initial-password")
    assert shown and shown.text, "no initial password on the page"
    return shown.text
