"""组织生活 end to end, each step reached from the meeting page: a branch secretary
schedules a monthly series by keyboard; one member replies 参加, another asks for leave and
the secretary approves it; on the day the secretary opens sign-in and a member signs in on
a phone with the code read off the room's screen, then posts in the discussion; the
recorder writes the minutes, the secretary approves them; the member's 我的学时 shows the
credit and the compliance page shows the meeting held. Every page state passes axe-core.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, assert_axe_clean, live_app, log_in, serving
from tests.e2e.keyboard import activate, tab_to
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e
TITLE = "十二月主题党日"


@dataclass(frozen=True)
class Branch:
    app: object
    server: LiveServer
    unit_id: int


@pytest.fixture(scope="module")
def branch(tmp_path_factory) -> Iterator[Branch]:
    from sqlalchemy import select

    from learnhub.discussions.models import Frequency
    from learnhub.extensions import db
    from learnhub.org.models import PartyPost, Unit
    from tests.discussions.builders import make_kind
    from tests.factories import make_member, make_unit

    app = live_app(tmp_path_factory)
    with app.app_context():
        parent = db.session.scalar(select(Unit).where(Unit.code == "GB01"))
        unit = make_unit(parent, code="GB01-B99", name="第九十九党支部")
        make_member(unit, employee_no="sec99", name="赵书记", party_post=PartyPost.SECRETARY.value)
        for no, name in (("rec99", "钱记录"), ("mem99a", "孙参加"), ("mem99b", "李请假")):
            make_member(unit, employee_no=no, name=name)
        make_kind("theme_day", name="主题党日", credit_hours="2", frequency=Frequency.MONTHLY)
        unit_id = unit.id
        db.session.commit()
    with serving(app) as server:
        yield Branch(app, server, unit_id)


def choose(page: Page, selector: str, label: str) -> None:
    """Tab to a select and arrow down (a closed select changes as it goes) to `label`."""
    tab_to(page, selector)
    for _ in range(60):
        if label in page.evaluate("document.activeElement.selectedOptions[0]?.text || ''"):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {label} in {selector}")


def type_into(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def type_in_segments(page: Page, selector: str, value: str, typings: tuple[str, ...]) -> None:
    """Type a date or time into its segments; their order and the 12/24-hour clock follow
    the browser's locale, so try the US order first, then the ISO one."""
    for keys in typings:
        tab_to(page, selector)
        page.keyboard.type(keys)
        if page.input_value(selector) == value:
            return
        page.eval_on_selector(selector, "el => { el.value = ''; }")
    raise AssertionError(f"could not type {value} into {selector}")


@pytest.fixture
def own_window(browser):
    """Another person at a desk: a context of their own, so their own cookies."""
    contexts = []

    def open_one() -> Page:
        contexts.append(browser.new_context(viewport={"width": 1280, "height": 900},
                                            locale="zh-CN"))
        contexts[-1].set_default_timeout(10_000)
        return contexts[-1].new_page()

    yield open_one
    for context in contexts:
        context.close()


def test_a_monthly_meeting_from_schedule_to_credit(desktop, phone, own_window, branch):
    server, app = branch.server, branch.app
    zone = ZoneInfo(app.config["TIMEZONE"])
    from learnhub.core.timeutil import now_utc
    start = (now_utc() + timedelta(minutes=6)).astimezone(zone)

    secretary = desktop.new_page()
    log_in(secretary, server, "sec99", PASSWORD)
    secretary.goto(server(f"/meetings/schedule/{branch.unit_id}"))
    assert_axe_clean(secretary, "journey-schedule-form")
    choose(secretary, "select[name=kind]", "主题党日")
    type_into(secretary, "input[name=title]", TITLE)
    type_into(secretary, "textarea[name=agenda]", "1. 学习党章\n2. 交流发言")
    type_in_segments(secretary, "input[name=start_date]", f"{start:%Y-%m-%d}",
                     (f"{start:%m%d%Y}", f"{start:%Y%m%d}"))
    type_in_segments(secretary, "input[name=start_time]", f"{start:%H:%M}",
                     (f"{start:%I%M}" + ("A" if start.hour < 12 else "P"), f"{start:%H%M}"))
    type_into(secretary, "input[name=place]", "三楼会议室")
    choose(secretary, "select[name=host]", "赵书记")
    choose(secretary, "select[name=recorder]", "钱记录")
    choose(secretary, "select[name=repeat]", "每月几号")
    type_into(secretary, "input[name=monthday]", str(start.day))
    type_into(secretary, "input[name=count]", "3")
    activate(secretary, "form.form button[type=submit].button")
    secretary.wait_for_url(re.compile(r"/meetings/\d+$"))
    meeting = "/meetings/" + secretary.url.rsplit("/", 1)[1]
    expect(secretary.get_by_role("heading", level=1)).to_contain_text(TITLE)
    assert_axe_clean(secretary, "journey-meeting-host-before")

    attending, leaving = phone.new_page(), own_window()
    log_in(attending, server, "mem99a", PASSWORD)
    log_in(leaving, server, "mem99b", PASSWORD)
    for page, answer in ((attending, "参加"), (leaving, "请假")):
        page.goto(server(meeting))
        page.get_by_label(answer, exact=True).check()
        if answer == "请假":
            page.get_by_label("请假原因").fill("出差")
        page.get_by_role("button", name="提交回复").click()
        expect(page.locator(".flash--success")).to_contain_text("已提交回复")
    assert_axe_clean(attending, "journey-meeting-invitee-phone")

    secretary.get_by_role("link", name="回复与请假").click()
    secretary.get_by_role("button", name=re.compile("批准")).click()
    expect(secretary.locator(".flash--success")).to_contain_text("已批准请假")
    assert_axe_clean(secretary, "journey-replies")

    secretary.goto(server(meeting))
    activate(secretary, "nav.meeting-links button[type=submit]")  # 打开签到
    code = secretary.locator("#signin-code")
    expect(code).to_have_text(re.compile(r"^\d{3} \d{3}$"))
    assert_axe_clean(secretary, "journey-signin-screen")

    attending.goto(server(meeting))
    attending.locator("nav.meeting-links").get_by_role("link", name="签到").click()
    attending.get_by_label("签到码").fill(code.inner_text())
    attending.get_by_role("button", name="签到").click()
    expect(attending.locator(".signin-phone__done")).to_contain_text("已签到")
    assert_axe_clean(attending, "journey-signed-in-phone")
    attending.goto(server(meeting))
    attending.locator("nav.meeting-links").get_by_role("link", name="讨论").click()
    attending.locator("textarea[name=body]").fill("学习党章，要落实到岗位上。")
    attending.get_by_role("button", name="发布").click()
    expect(attending.locator("main")).to_contain_text("学习党章，要落实到岗位上。")
    assert_axe_clean(attending, "journey-thread-phone")

    with app.app_context():  # the meeting has begun: approving needs its start behind us
        from learnhub.discussions.models import Meeting
        from learnhub.extensions import db
        row = db.session.get(Meeting, int(meeting.rsplit("/", 1)[1]))
        length = row.ends_at - row.starts_at
        row.starts_at = now_utc() - timedelta(minutes=1)
        row.ends_at = row.starts_at + length
        db.session.commit()

    recorder = own_window()
    log_in(recorder, server, "rec99", PASSWORD)
    recorder.goto(server(meeting))
    assert_axe_clean(recorder, "journey-meeting-recorder")
    recorder.locator("nav.meeting-links").get_by_role("link", name="会议记录").click()
    recorder.get_by_label("议题", exact=True).fill("学习党章")
    recorder.get_by_label("决议", exact=True).fill("每人撰写心得")
    recorder.get_by_role("button", name="保存草稿").click()
    expect(recorder.locator(".flash--success")).to_be_visible()
    assert_axe_clean(recorder, "journey-minutes-draft")

    secretary.goto(server(meeting))
    secretary.locator("nav.meeting-links").get_by_role("link", name="会议记录").click()
    secretary.get_by_role("link", name="审核通过…").click()
    assert_axe_clean(secretary, "journey-approve")
    secretary.get_by_role("button", name="确认审核通过").click()
    expect(secretary.locator(".flash--success")).to_be_visible()
    assert_axe_clean(secretary, "journey-minutes-approved")

    attending.goto(server("/me/credits"))
    expect(attending.locator("main")).to_contain_text(TITLE)
    assert_axe_clean(attending, "journey-credits-phone")

    secretary.goto(server(f"/meetings/compliance/units/{branch.unit_id}"))
    row = secretary.locator("tr", has=secretary.get_by_role("link", name=TITLE)).first
    expect(row).to_contain_text("已召开")
    assert_axe_clean(secretary, "journey-compliance")
    row.get_by_role("link", name=TITLE).click()
    expect(secretary.locator("nav.meeting-links")).to_contain_text("打印会议记录")
    assert_axe_clean(secretary, "journey-meeting-held")
