"""Browser journeys: the real app on a real port, a file database with the demo
organisation, and Debian's Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from config import TestConfig
from learnhub import create_app
from learnhub.extensions import db as _db

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# LEARNHUB_E2E_SCREENSHOTS=/tmp/shots: journeys save full-page screenshots there.
SCREENSHOTS = os.environ.get("LEARNHUB_E2E_SCREENSHOTS")
DEMO_PASSWORD = "learnhub-demo"
TIMEOUT_MS = 5000  # a missing element fails in seconds, not Playwright's default 30
# When the browser navigates away while Werkzeug's development server is still sending a
# static file, the server thread drops the response without closing the file; the warning
# lands in whichever test runs next. Gunicorn, which serves production, closes it. Only
# that warning, for files under learnhub/static/, is let through.
DEV_SERVER_STATIC_WARNINGS = (
    r"ignore:unclosed file <_io.BufferedReader name='[^']*/learnhub/static/:ResourceWarning",
    r"ignore:Exception ignored in. <_io.FileIO name='[^']*/learnhub/static/"
    r":pytest.PytestUnraisableExceptionWarning",
)


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if item.get_closest_marker("e2e") is not None:
            for rule in DEV_SERVER_STATIC_WARNINGS:
                item.add_marker(pytest.mark.filterwarnings(rule))


@pytest.fixture(autouse=True)
def db():
    """Overrides the transaction-per-test fixture: the server commits to its own database."""
    yield _db


@dataclass(frozen=True)
class LiveServer:
    url: str

    def __call__(self, path: str = "/") -> str:
        return self.url + path


def live_app(tmp_path_factory, **overrides):
    """The app (TestConfig plus `overrides`) on a migrated file database with the demo data."""
    from flask_migrate import upgrade

    from learnhub.demo import load_demo
    from learnhub.i18n import compile_catalogues

    compile_catalogues()
    database = tmp_path_factory.mktemp("e2e") / "learnhub.db"
    app = create_app(type("LiveConfig", (TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "TESTING": False, **overrides,
    }))
    with app.app_context():
        upgrade()
        load_demo()
        _db.session.commit()
    return app


@contextmanager
def serving(app) -> Iterator[LiveServer]:
    """Serve `app` on 127.0.0.1 (a free port) in a thread while the block runs."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            _db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The app on 127.0.0.1 (a free port) with a migrated file database and the demo data."""
    with serving(live_app(tmp_path_factory)) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                  is_mobile=True, has_touch=True, device_scale_factor=2)
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


def axe_violations(page) -> list[str]:
    """WCAG 2.1 A/AA violations axe-core finds on the page, one readable line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA},
                                       "resultTypes": ["violations"]})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"])
        for v in results.response["violations"]
    ]


def assert_axe_clean(page, name: str) -> None:
    """No WCAG 2.1 A/AA violation on the page as it is now (a screenshot named `name`
    when LEARNHUB_E2E_SCREENSHOTS is set)."""
    screenshot(page, name)
    assert axe_violations(page) == [], name


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def log_in(page, live_server: LiveServer, employee_no: str, password: str = DEMO_PASSWORD) -> None:
    """Through the login form, as a person would; ends on the home page."""
    page.goto(live_server("/login"))
    page.get_by_label("工号").fill(employee_no)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(live_server("/"))


def open_user_menu(page) -> None:
    """Password, language and logout live in the user menu (a dropdown on wide screens)."""
    menu = page.locator("#user-menu")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()


def log_out(page) -> None:
    open_user_menu(page)
    page.locator("form[action='/logout'] button").click()
    page.wait_for_url(re.compile(r"/login"))
