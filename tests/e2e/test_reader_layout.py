"""The lesson reader's typography on a phone: what the author wrote in Markdown shows as
written ([TOC] in the text, one rule above the footnotes) and a table of Chinese text
scrolls sideways rather than stacking two characters a line, reachable by keyboard."""

from __future__ import annotations

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

SLUG = "reader-layout"
FILES = {
    "course.md": """\
---
title: 版式检查
summary: 目录、表格和脚注在手机上的样子。
category: 党建实务
credit_hours: 0.5
lessons: [01-layout.md]
---
一节课。
""",
    "01-layout.md": """\
---
title: 三会一课的频次
minutes: 5
---
[TOC]

## 四项内容一览

| 项目 | 性质和作用 | 参加人员 | 一般频次 |
|:--|:--|:--|:--|
| 支部党员大会 | 党支部的议事决策机构 | 支部全体党员 | 一般每季度召开1次 |
| 党小组会 | 落实支部工作要求、完成支部安排的任务 | 党小组全体党员 | 一般每月召开1次 |

## 记录

| 会议 | 主持人 | 参加人员 | 频次 | 记录人 | 记录要求 |
|--|--|--|--|--|--|
| 支部党员大会 | 支部书记 | 支部全体党员 | 每季度 | 组织委员 | 会议记录本 |

## 出处

依据《中国共产党支部工作条例（试行）》。[^1]

[^1]: 2018年印发。
""",
}


@pytest.fixture(scope="module")
def layout_server(tmp_path_factory) -> Iterator[LiveServer]:
    from learnhub.courses.publishing.services import sync
    from learnhub.extensions import db

    app = live_app(tmp_path_factory)
    folder = tmp_path_factory.mktemp("courses")
    for name, text in FILES.items():
        path = Path(folder, SLUG, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    with app.app_context():
        assert not sync(folder).problems
        db.session.commit()
    with serving(app) as server:
        yield server


def test_lesson_on_a_phone_shows_toc_in_the_text_readable_table_and_one_footnote_rule(
        phone, layout_server):
    page = phone.new_page()
    log_in(page, layout_server, "learner")
    page.goto(layout_server(f"/courses/{SLUG}/lessons/01-layout"))

    expect(page.locator(".prose .toc")).to_be_visible()
    expect(page.locator(".prose .toc").get_by_role("link", name="四项内容一览")).to_be_visible()
    # Every cell is at least four characters wide; the table scrolls inside its box.
    narrowest = page.evaluate("""() => Math.min(...[...document.querySelectorAll('.prose td')]
        .map(cell => cell.getBoundingClientRect().width))""")
    character = page.evaluate("""() => parseFloat(getComputedStyle(
        document.querySelector('.prose td')).fontSize)""")
    assert narrowest >= 4 * character
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself doesn't
    expect(page.locator(".prose .footnote hr")).to_be_hidden()
    # The six-column table scrolls, so the keyboard can reach it (axe: scrollable-region-focusable).
    assert page.locator(".prose table").nth(1).get_attribute("tabindex") == "0"
    assert axe_violations(page) == []
    screenshot(page, "reader-layout-phone")
