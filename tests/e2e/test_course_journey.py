"""A learner's course journey in headless Chromium: search 党建 in the catalogue, read a
lesson until it counts as studied, reload and resume, see a second tab take over, finish
the course and find its credit on 我的学时. Every page passes axe-core.

The server here runs with a 1-second heartbeat and a small required share, so a
1-minute lesson counts as studied after about 2 seconds of visible reading.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    LiveServer,
    axe_violations,
    live_app,
    log_in,
    screenshot,
    serving,
)

pytestmark = pytest.mark.e2e

SLUG = "branch-basics"
COURSE_MD = """\
---
title: 支部党建入门
summary: 两节短课，了解基层党建的基本做法。
category: 党建实务
tags: [党建, 三会一课]
credit_hours: 1.5
lessons:
  - 01-start.md
  - 02-practice.md
---
本课程共两节，每节约一分钟。
"""
LESSON_1 = """\
---
title: 党建从哪里做起
minutes: 1
---
## 先把组织建好

支部是党建工作的基础，先把组织生活过好。

## 再把制度用好

按时开展三会一课。
"""
LESSON_2 = """\
---
title: 支部工作实践
minutes: 1
---
## 结合业务

把支部工作和生产经营结合起来。
"""


@pytest.fixture(scope="module")
def course_server(tmp_path_factory) -> Iterator[LiveServer]:
    from learnhub.courses.publishing.services import sync
    from learnhub.extensions import db

    app = live_app(tmp_path_factory, HEARTBEAT_SECONDS=1, HEARTBEAT_SLACK_SECONDS=1,
                   STUDY_SHARE_REQUIRED=0.03)
    folder = tmp_path_factory.mktemp("courses")
    for name, text in (("course.md", COURSE_MD), ("01-start.md", LESSON_1),
                       ("02-practice.md", LESSON_2)):
        path = Path(folder, SLUG, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    with app.app_context():
        report = sync(folder)
        assert not report.problems, report.problems
        db.session.commit()
    with serving(app) as server:
        yield server


def heartbeats(page) -> list[str]:
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url)
            if request.url.endswith("/study/heartbeat") else None)
    return sent


def set_visibility(page, state: str) -> None:
    page.evaluate("""state => {
        Object.defineProperty(document, "visibilityState", {value: state, configurable: true});
        document.dispatchEvent(new Event("visibilitychange"));
    }""", state)


def test_learner_finds_reads_resumes_and_completes_a_course(desktop, course_server):
    server = course_server
    page = desktop.new_page()
    log_in(page, server, "learner")

    # Search the catalogue for a two-character Chinese word that only the lessons contain.
    page.get_by_role("link", name="课程", exact=True).click()
    page.get_by_label("搜索").fill("党建")
    page.get_by_role("button", name="查找").click()
    expect(page.get_by_role("status").first).to_contain_text("包含“党建”")
    expect(page.get_by_role("link", name="支部党建入门")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "course-catalogue-search")

    # Open the matching lesson: reading while visible makes it studied.
    page.get_by_role("link", name="党建从哪里做起").click()
    page.wait_for_url(re.compile(r"/lessons/01-start$"))
    assert page.get_by_role("heading", level=1).inner_text() == "党建从哪里做起"
    status = page.locator("#lh-study-status")
    expect(status).to_contain_text("本课已学完", timeout=15000)
    assert axe_violations(page) == []
    screenshot(page, "course-lesson-studied")

    # A hidden page sends nothing (after the beat that closes the visible stretch).
    sent = heartbeats(page)
    set_visibility(page, "hidden")
    time.sleep(1.5)
    assert len(sent) <= 1
    set_visibility(page, "visible")
    page.wait_for_timeout(1200)
    assert len(sent) >= 2

    # Reload: the time is in the database, so the lesson is still studied.
    page.reload()
    expect(status).to_contain_text("本课已学完")
    page.get_by_role("link", name="支部党建入门").first.click()
    expect(page.get_by_text("1 / 2 课").first).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "course-page-resume")
    page.get_by_role("link", name="继续学习").click()
    page.wait_for_url(re.compile(r"/lessons/01-start$"))
    page.get_by_role("link", name=re.compile("下一课")).click()
    page.wait_for_url(re.compile(r"/lessons/02-practice$"))

    # A second tab on the same lesson takes over; the first one says so and stops.
    other = desktop.new_page()
    other.goto(server(f"/courses/{SLUG}/lessons/02-practice"))
    expect(page.locator("#lh-study-notice")).to_contain_text("在其他页面学习中", timeout=5000)
    other.close()
    page.get_by_role("button", name="在此页继续学习").click()
    expect(page.locator("#lh-study-notice")).to_contain_text("恭喜", timeout=15000)
    screenshot(page, "course-completed")

    # The credit is on 我的学时, and 我的课程 lists the course as completed on version 1.
    page.get_by_role("link", name="我的学时").click()
    expect(page.get_by_role("cell", name="支部党建入门")).to_be_visible()
    expect(page.get_by_test_id("grand-total")).to_have_text("1.5")
    assert axe_violations(page) == []
    page.get_by_role("link", name="我的课程").click()
    completed = page.locator("section", has=page.locator("#completed"))
    expect(completed).to_contain_text("支部党建入门")
    expect(completed).to_contain_text("第 1 版")
    assert axe_violations(page) == []
    screenshot(page, "course-mine")


def test_lesson_reader_on_a_phone_folds_the_contents(phone, course_server):
    page = phone.new_page()
    log_in(page, course_server, "manager")
    page.goto(course_server(f"/courses/{SLUG}/lessons/01-start"))
    contents = page.locator("#lh-toc")
    assert contents.get_attribute("open") is None
    page.get_by_text("目录", exact=True).click()
    expect(page.get_by_role("link", name="支部工作实践", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "course-lesson-phone")
