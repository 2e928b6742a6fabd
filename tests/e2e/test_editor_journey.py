"""A trainer's journey in headless Chromium: create a course in the web editor with live
preview, add a lesson, publish version 1, edit and publish version 2, compare versions,
export the zip, see an import refused with path:line problems, archive. Axe on every page."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.e2e


def see(page, text) -> None:
    """Wait until the text is on the page (after a click that navigates)."""
    page.get_by_text(text).first.wait_for()


def check(page, name: str) -> None:
    assert axe_violations(page) == [], name
    screenshot(page, name)


def test_trainer_writes_previews_publishes_and_archives_a_course(desktop, live_server):
    page = desktop.new_page()
    log_in(page, live_server, "trainer")
    page.get_by_role("link", name="课程管理").click()
    assert page.get_by_role("heading", level=1).inner_text() == "课程管理"
    check(page, "editor-manage")

    page.get_by_role("link", name="新建课程").click()
    page.get_by_label("课程标识").fill("e2e-web-course")
    page.get_by_label("课程标题").fill("网页编写的课程")
    check(page, "editor-new")
    page.get_by_role("button", name="创建草稿").click()
    see(page, "已新建课程草稿")

    page.get_by_label("简介").fill("在浏览器里编写、预览并发布的课程。")
    page.get_by_label("专题", exact=True).fill("党建实务")
    page.get_by_label("学时").fill("1.5")
    page.get_by_label("中共党员", exact=True).check()
    page.get_by_label("课程介绍（Markdown）").fill("## 课程简介\n\n本课程**一节**。")
    preview = page.locator("#preview-body")
    preview.locator("h2", has_text="课程简介").wait_for()  # the live preview, no click
    expect(preview.locator("strong", has_text="一节")).to_be_visible()
    check(page, "editor-details")
    # A long text scrolls the preview pane: it must be reachable by keyboard (axe's
    # scrollable-region-focusable).
    page.get_by_label("课程介绍（Markdown）").fill("## 课程简介\n\n本课程**一节**。"
                                                  + "\n\n学习党章，遵守党章。" * 120)
    preview.get_by_text("学习党章，遵守党章。").last.wait_for()
    assert preview.evaluate("body => body.scrollHeight > body.clientHeight")
    check(page, "editor-details-long-preview")
    page.get_by_role("button", name="保存草稿").click()
    see(page, "课程信息已保存到草稿。")

    page.get_by_role("navigation", name="课程编辑").get_by_role("link", name="课节").click()
    page.get_by_label("课节标题").fill("第一课")
    page.get_by_label("预计学习分钟数").fill("10")
    page.get_by_role("button", name="添加课节").click()
    editor = page.get_by_label("正文（Markdown）")
    editor.fill("## 要点\n\n<img src=x onerror=alert(1)>正文 [坏链接](javascript:alert(1))")
    preview.locator("h2", has_text="要点").wait_for()
    html = preview.inner_html()
    assert "onerror" not in html and "javascript:" not in html
    assert page.locator("#preview-status").inner_text().strip() != ""  # says what was removed
    editor.fill("## 要点\n\n第一版正文。")
    preview.get_by_text("第一版正文。").wait_for()
    check(page, "editor-lesson")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_text("课节“第一课”已保存到草稿。").wait_for()

    page.get_by_role("navigation", name="课程编辑").get_by_role("link", name="发布").click()
    see(page, "将发布为第 1 版。")
    check(page, "editor-publish")
    page.get_by_role("button", name="确认发布第 1 版").click()
    see(page, "已发布第 1 版。")
    check(page, "editor-versions")

    page.get_by_role("navigation", name="课程编辑").get_by_role("link", name="课节").click()
    page.get_by_role("link", name=re.compile(r"^编辑\s*：\s*第一课$")).click()
    page.get_by_label("正文（Markdown）").fill("## 要点\n\n第二版正文。")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_text("课节“第一课”已保存到草稿。").wait_for()
    page.get_by_role("navigation", name="课程编辑").get_by_role("link", name="发布").click()
    see(page, "第二版正文。")
    page.get_by_role("button", name="确认发布第 2 版").click()

    page.get_by_role("link", name="与上一版比较").first.click()
    expect(page.locator("tr.diff__removed", has_text="第一版正文。")).to_be_visible()
    expect(page.locator("tr.diff__added", has_text="第二版正文。")).to_be_visible()
    check(page, "editor-diff")

    with page.expect_download() as download_info:
        page.goto(live_server("/manage/courses/e2e-web-course/versions"))
        page.get_by_role("link", name=re.compile(r"^导出 zip\s*：\s*第 2 版$")).click()
    download = download_info.value
    assert download.suggested_filename == "e2e-web-course-v2.zip"
    with zipfile.ZipFile(download.path()) as archive:
        names = sorted(archive.namelist())
    assert names == ["e2e-web-course/course.md", "e2e-web-course/lesson-1.md"]

    bad = io.BytesIO()
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("e2e-web-course/../escape.md", "x")
    page.goto(live_server("/manage/courses/import"))
    page.get_by_label("课程 zip 文件").set_input_files(
        files=[{"name": "bad.zip", "mimeType": "application/zip", "buffer": bad.getvalue()}])
    page.get_by_role("button", name="上传并检查").click()
    see(page, re.compile(r"e2e-web-course/\.\./escape\.md:1: 路径不能包含"))
    check(page, "editor-import-refused")

    page.goto(live_server("/manage/courses/e2e-web-course/archive"))
    check(page, "editor-archive")
    page.get_by_role("button", name="确认归档").click()
    see(page, "它不再出现在课程目录中")
    page.goto(live_server("/courses"))
    assert page.get_by_text("网页编写的课程").count() == 0


def test_editor_works_on_a_phone(phone, live_server):
    page = phone.new_page()
    log_in(page, live_server, "trainer")
    page.goto(live_server("/manage/courses"))
    check(page, "editor-manage-phone")
