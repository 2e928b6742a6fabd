"""The learner's journey in headless Chromium: log in, home in Chinese, switch to English,
log out, and the old session cookie no longer opens anything. Every page passes axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD, axe_violations, log_in, log_out, screenshot

pytestmark = pytest.mark.e2e


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def test_learner_journey(desktop, live_server):
    page = desktop.new_page()

    page.goto(live_server("/"))
    assert page.url.startswith(live_server("/login"))
    assert html_lang(page) == "zh-CN"
    assert axe_violations(page) == []
    screenshot(page, "login-desktop")

    log_in(page, live_server, "learner")
    assert html_lang(page) == "zh-CN"
    assert page.get_by_role("heading", level=1).inner_text() == "你好，张晓东"
    expect(page.get_by_text("第一生产车间党支部")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "home-desktop-zh")
    old_session = next(c for c in desktop.cookies() if c["name"] == "session")

    user_menu = page.locator("#user-menu > summary")
    english = page.get_by_role("button", name="English")
    expect(english).to_be_hidden()
    user_menu.click()
    assert axe_violations(page) == []
    screenshot(page, "home-desktop-user-menu")
    english.click()
    page.wait_for_url(live_server("/"))
    assert html_lang(page) == "en"
    user_menu.click()
    expect(page.get_by_role("button", name="中文")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="中文")).to_be_hidden()
    assert axe_violations(page) == []
    screenshot(page, "home-desktop-en")

    log_out(page)
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    desktop.clear_cookies()
    desktop.add_cookies([old_session])
    page.goto(live_server("/"))
    assert page.url.startswith(live_server("/login"))
    expect(page.locator("input[name=employee_no]")).to_be_visible()


def test_phone_menu_button_opens_the_navigation(phone, live_server):
    page = phone.new_page()
    page.goto(live_server("/login"))
    assert axe_violations(page) == []
    screenshot(page, "login-phone")

    log_in(page, live_server, "manager")
    toggle = page.locator("summary.menu__toggle")
    home_link = page.get_by_role("link", name="工作台")
    expect(toggle).to_be_visible()
    expect(home_link).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    screenshot(page, "home-phone")

    toggle.click()
    expect(home_link).to_be_visible()
    expect(page.locator("form[action='/logout'] button")).to_be_visible()
    assert home_link.bounding_box()["height"] >= 44  # tap target
    assert axe_violations(page) == []
    screenshot(page, "home-phone-menu-open")


def test_password_form_with_errors_is_accessible(desktop, live_server):
    page = desktop.new_page()
    log_in(page, live_server, "trainer")
    page.goto(live_server("/account/password"))
    page.get_by_label("当前密码").fill(DEMO_PASSWORD)
    page.get_by_label("新密码", exact=True).fill("trainer")
    page.get_by_label("再次输入新密码").fill("trainer")
    page.get_by_role("button", name="保存新密码").click()
    page.wait_for_load_state()
    assert page.locator("#new_password-error").inner_text() == "密码至少需要 10 个字符。"
    expect(page.get_by_role("alert")).to_be_visible()  # the summary at the top
    assert axe_violations(page) == []
    screenshot(page, "password-errors-desktop")


def test_wide_screen_navigation_shows_without_javascript(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                  java_script_enabled=False)
    context.set_default_timeout(5000)
    try:
        page = context.new_page()
        log_in(page, live_server, "trainer")  # learner switched to English earlier
        expect(page.get_by_role("link", name="我的学时", exact=True)).to_be_visible()
        expect(page.locator("summary.menu__toggle")).to_be_hidden()
    finally:
        context.close()
