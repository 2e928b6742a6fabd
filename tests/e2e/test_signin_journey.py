"""签到 in a browser: the trainer opens sign-in and the room's screen shows the code, the QR
code and a countdown its script keeps; the learner, on a phone and logged out, opens the
QR link, logs in by keyboard, lands back on the sign-in with the code filled in and signs
in; the trainer sees it on the attendance page and sets another status by hand. Every page
passes axe-core.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LiveServer, assert_axe_clean, live_app, log_in, serving
from tests.e2e.keyboard import activate, tab_to

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Room:
    server: LiveServer
    meeting_id: int


@pytest.fixture(scope="module")
def room(tmp_path_factory) -> Iterator[Room]:
    from sqlalchemy import select

    from learnhub.core.timeutil import now_utc
    from learnhub.extensions import db
    from learnhub.org.models import Member
    from tests.discussions.builders import make_meeting

    app = live_app(tmp_path_factory)
    with app.app_context():
        trainer, learner = (db.session.scalar(select(Member).where(Member.employee_no == no))
                            for no in ("trainer", "learner"))
        meeting = make_meeting(trainer.unit, invitees=[learner], host=trainer,
                               title="十二月支部党员大会", place="三楼会议室",
                               starts_at=now_utc().replace(microsecond=0) + timedelta(minutes=5))
        meeting_id = meeting.id
        db.session.commit()
    with serving(app) as server:
        yield Room(server, meeting_id)


def test_trainer_opens_sign_in_and_learner_signs_in_from_a_phone(desktop, phone, room):
    server, base = room.server, f"/meetings/{room.meeting_id}"
    host = desktop.new_page()
    log_in(host, server, "trainer")
    host.goto(server(base + "/signin/screen"))
    expect(host.get_by_role("heading", level=1)).to_contain_text("签到未开启")
    assert_axe_clean(host, "signin-screen-closed")
    activate(host, "button[type=submit].button")
    expect(host.locator("#signin-code")).to_have_text(re.compile(r"^\d{3} \d{3}$"))
    assert host.locator("svg.signin-qr__image").count() == 1
    assert_axe_clean(host, "signin-screen")
    seconds = int(host.locator("#signin-seconds").inner_text())
    host.wait_for_timeout(1500)  # the script counts down (or fetched the next code)
    assert int(host.locator("#signin-seconds").inner_text()) != seconds
    url = host.locator("#signin-url").inner_text()
    code = url.rsplit("code=", 1)[1]

    member = phone.new_page()
    member.goto(url)  # as the QR code would: logged out, to the login page
    expect(member).to_have_url(re.compile(r"/login\?next="))
    tab_to(member, "input[name=employee_no]")
    member.keyboard.type("learner")
    tab_to(member, "input[name=password]")
    member.keyboard.type("learnhub-demo")
    member.keyboard.press("Enter")
    member.wait_for_url(re.compile(rf"{base}/signin\?code="))
    expect(member.get_by_label("签到码")).to_have_value(code)
    assert_axe_clean(member, "signin-phone")
    activate(member, "button.signin-phone__button")
    expect(member.locator(".signin-phone__done")).to_contain_text("已签到")
    assert_axe_clean(member, "signin-phone-done")

    host.goto(server(base + "/attendance"))
    row = host.locator("tbody tr").first
    expect(row).to_contain_text("张晓东")
    expect(row).to_contain_text("出席")
    assert_axe_clean(host, "attendance-page")
    host.locator("select[name=status]").first.select_option("late")
    host.locator("input[name=reason]").first.fill("会后补记")
    activate(host, "form.attendance-form button")
    expect(host.locator(".flash--success")).to_contain_text("出勤状态已保存")
    expect(host.locator("tbody tr").first).to_contain_text("迟到")
    expect(host.locator("tbody tr").first).to_contain_text("会后补记")
