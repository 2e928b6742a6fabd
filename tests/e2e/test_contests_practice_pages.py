"""The contest list, the practice banks, 每日一练 and the home panel in headless Chromium:
each passes axe-core (the demo has no quizzes yet: these are their empty states)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import axe_violations, log_in

pytestmark = pytest.mark.e2e


def test_contest_and_practice_pages_pass_axe(desktop, live_server):
    page = desktop.new_page()
    log_in(page, live_server, "learner")
    assert "每日一练 · 连续 0 天" in page.content()
    assert axe_violations(page) == []
    for path in ("/quizzes/contests", "/quizzes/practice", "/quizzes/daily"):
        page.goto(live_server(path))
        assert page.get_by_role("heading", level=1).count() == 1
        assert axe_violations(page) == [], path
