"""The administrator's journey in headless Chromium: find members, grow and reshape the
org tree, create a member and hand over the one-time password, grant a role, read the
audit log; the new member must set a password at first login. Every page passes axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, screenshot

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "learnhub-demo"


def log_in(page, live_server, employee_no: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(live_server("/login"))
    page.get_by_label("工号").fill(employee_no)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录", exact=True).click()


def check(page, name: str) -> None:
    assert axe_violations(page) == [], name
    screenshot(page, name)


def test_admin_journey(desktop, live_server):
    page = desktop.new_page()
    log_in(page, live_server, "admin")
    page.wait_for_url(live_server("/"))

    page.get_by_role("link", name="组织与成员").click()
    assert page.get_by_role("heading", level=1).inner_text() == "组织与成员"
    check(page, "admin-members")
    page.get_by_label("组织（含下级）").fill("GB01-B01")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_text("张晓东")).to_be_visible()
    page.get_by_role("link", name="姓名").click()  # sort by name
    assert "sort=name" in page.url

    page.get_by_role("link", name="组织架构").click()
    check(page, "admin-units")
    page.get_by_role("link", name="新建组织").click()
    page.get_by_label("组织编码").fill("GB01-B09")
    page.get_by_label("组织名称").fill("质量检验党支部")
    page.get_by_label("组织类型").select_option("branch")
    page.get_by_label("上级组织").fill("GB01")
    check(page, "admin-unit-new")
    page.get_by_role("button", name="新建组织").click()
    expect(page.get_by_text("已新建组织 质量检验党支部。")).to_be_visible()

    row = page.locator("tr", has_text="质量检验党支部")
    row.get_by_role("link", name="移动").click()
    page.get_by_label("新的上级组织").fill("GB01-B09")  # itself: a cycle
    page.get_by_role("button", name="下一步").click()
    expect(page.get_by_text("不能把组织移动到它自己或它的下级组织之下。").first).to_be_visible()
    check(page, "admin-unit-move-error")
    page.get_by_label("新的上级组织").fill("GB02")
    page.get_by_role("button", name="下一步").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("确认移动")
    check(page, "admin-unit-move-confirm")
    page.get_by_role("button", name="确认移动").click()
    expect(page.get_by_text("已将 质量检验党支部 移动到")).to_be_visible()

    page.goto(live_server("/admin/members/new"))
    page.get_by_label("工号").fill("E900001")
    page.get_by_label("姓名").fill("孙明远")
    page.get_by_label("所属组织").fill("GB01-B09")
    page.get_by_label("政治面貌").select_option("中共党员")
    page.get_by_label("入党日期").fill("2020-07-01")
    check(page, "admin-member-new")
    page.get_by_role("button", name="新建成员").click()
    password = page.locator("#initial-password").inner_text()
    assert len(password) == 12
    check(page, "admin-member-password")
    page.get_by_role("link", name="查看成员").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("孙明远")
    assert password not in page.content()
    check(page, "admin-member-detail")

    page.get_by_role("link", name="角色授权").click()
    page.get_by_label("成员工号").fill("E900001")
    page.get_by_label("角色").select_option("trainer")
    page.get_by_label("授权组织").fill("GB01-B09")
    page.get_by_role("button", name="授权").click()
    expect(page.locator("table.data").get_by_role("link", name="孙明远")).to_be_visible()
    check(page, "admin-grants")

    page.get_by_role("link", name="审计日志").click()
    page.get_by_label("操作", exact=True).select_option("member.create")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("table.data").get_by_text("E900001 孙明远")).to_be_visible()
    check(page, "admin-audit")

    desktop.clear_cookies()  # a fresh browser for the new member
    log_in(page, live_server, "E900001", password)
    page.wait_for_url(re.compile(r".*/account/password$"))
