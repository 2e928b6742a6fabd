"""学习档案 end to end (issue 13), through the pages: a member sees 本年度已完成 X / 要求 Y on
the home page and the demo's requirement rules on 我的学时; declares a training done
elsewhere with a PDF certificate; the branch's manager approves it and the hours show under
线下学习; the member downloads the transcript PDF and someone not logged in verifies its
code at /verify (and a tampered code is refused); the admin changes a rule through its
who-is-affected preview and closes last year; the manager opens the report of the branch
and downloads it as CSV and XLSX. Every page state passes axe-core.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, assert_axe_clean, live_app, log_in, serving
from tests.e2e.keyboard import activate, keyboard_log_in, tab_to
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e
MEMBER_NO, MEMBER = "tr98m", "周档案"
MANAGER_NO = "tr98g"
UNIT_NAME = "第九十八党支部"
TRAINING = "市委党校入党积极分子培训班"
HOURS = 40
CODE_PATTERN = re.compile(r"[A-Z2-7]{4}(?:-[A-Z2-7]{4}){5}")


@dataclass(frozen=True)
class Branch:
    server: LiveServer
    today: date


@pytest.fixture(scope="module")
def branch(tmp_path_factory) -> Iterator[Branch]:
    from sqlalchemy import select

    from learnhub.core.timeutil import local_today, now_utc
    from learnhub.extensions import db
    from learnhub.org.models import Role, Unit
    from learnhub.transcripts.requirements.defaults import seed_requirements
    from tests.factories import make_member, make_unit

    app = live_app(tmp_path_factory)
    with app.app_context():
        seed_requirements(now_utc())  # `learnhub demo`'s step: this year's and last year's rules
        parent = db.session.scalar(select(Unit).where(Unit.code == "GB01"))
        unit = make_unit(parent, code="GB01-B98", name=UNIT_NAME)
        make_member(unit, employee_no=MEMBER_NO, name=MEMBER)
        make_member(unit, employee_no=MANAGER_NO, name="吴管理", roles=(Role.MANAGER,))
        db.session.commit()
        today = local_today(app.config["TIMEZONE"])
    with serving(app) as server:
        yield Branch(server, today)


def tiny_pdf() -> bytes:
    """A valid one-page PDF (catalogue, page tree, an empty page, xref), made here."""
    bodies = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
              b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1,
                                                                             xref)
    return bytes(out)


def downloaded(page: Page, link) -> tuple[str, bytes]:
    """Click `link`, wait for the download it starts; its suggested name and bytes."""
    with page.expect_download() as info:
        link.click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def nav_to(page: Page, name: str) -> None:
    """Follow the main navigation's link `name`; back once its page is current."""
    link = page.get_by_role("navigation", name="主导航").get_by_role("link", name=name, exact=True)
    link.click()
    expect(link).to_have_attribute("aria-current", "page")


@pytest.fixture
def own_window(browser):
    """Another person at a desk: a context of their own, so their own cookies."""
    contexts = []

    def open_one() -> Page:
        contexts.append(browser.new_context(viewport={"width": 1280, "height": 900},
                                            locale="zh-CN", accept_downloads=True))
        contexts[-1].set_default_timeout(10_000)
        return contexts[-1].new_page()

    yield open_one
    for context in contexts:
        context.close()


def test_a_transcript_from_requirement_to_verified_pdf_and_report(own_window, phone, branch):
    server, year = branch.server, branch.today.year
    member, manager = own_window(), own_window()

    # 1. The member: the home page's summary and 我的学时 with the demo's rule.
    keyboard_log_in(member, server, MEMBER_NO, PASSWORD)
    expect(member.get_by_test_id("home-standing")).to_have_text("本年度已完成 0 / 要求 32 学时")
    assert_axe_clean(member, "transcript-home")
    activate(member, "a[href='/me/credits']")
    member.wait_for_url(server("/me/credits"))
    expect(member.get_by_test_id("year-total")).to_have_text("已完成 0 / 要求 32 学时")
    expect(member.locator("main")).to_contain_text("党员年度学习")
    expect(member.get_by_test_id("standing")).to_have_text("未达标")
    assert_axe_clean(member, "transcript-empty")

    # 2. Declares a training done elsewhere, with its certificate as a PDF.
    member.get_by_role("link", name="申报线下培训").click()
    member.wait_for_url(server("/offline-training"))
    assert_axe_clean(member, "offline-mine-empty")
    member.locator("main").get_by_role("link", name="申报线下培训").click()
    assert_axe_clean(member, "offline-declare")
    member.get_by_role("button", name="提交申报").click()  # nothing filled in: told what is missing
    expect(member.locator("main")).to_contain_text("请填写培训名称。")
    assert_axe_clean(member, "offline-declare-errors")
    member.get_by_label("培训名称").fill(TRAINING)
    member.get_by_label("举办单位").fill("市委党校")
    member.get_by_label("开始日期").fill(branch.today.isoformat())
    member.get_by_label("结束日期").fill(branch.today.isoformat())
    member.get_by_label("学时", exact=True).fill(str(HOURS))
    member.get_by_label("证明材料").set_input_files(
        {"name": "结业证书.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf()})
    activate(member, "form.form button[type=submit]")
    member.wait_for_url(server("/offline-training"))
    expect(member.locator(".flash--success")).to_contain_text("等待所在组织的管理员审核")
    row = member.locator("tr", has_text=TRAINING)
    expect(row).to_contain_text("待审核")
    expect(row.get_by_role("link", name="证明材料")).to_be_visible()
    assert_axe_clean(member, "offline-mine-pending")

    # 3. The manager approves it; the member's 我的学时 shows it under 线下学习.
    log_in(manager, server, MANAGER_NO, PASSWORD)
    nav_to(manager, "线下培训审核")
    assert_axe_clean(manager, "offline-queue")
    manager.get_by_role("link", name=TRAINING).click()
    expect(manager.locator("main")).to_contain_text("结业证书.pdf")
    assert_axe_clean(manager, "offline-review")
    activate(manager, "form[action$='/approve'] button[type=submit]")
    expect(manager.locator(".flash--success")).to_contain_text("已通过，学时已记入档案")
    expect(manager.locator("main")).to_contain_text("已通过")
    assert_axe_clean(manager, "offline-approved")

    member.goto(server("/me/credits"))
    offline = member.locator("table", has_text="线下学习")
    expect(offline).to_contain_text(TRAINING)
    expect(offline.locator("caption")).to_contain_text(f"线下学习：{HOURS} 学时")
    expect(member.get_by_test_id("year-total")).to_have_text(f"已完成 {HOURS} / 要求 32 学时")
    expect(member.get_by_test_id("standing")).to_have_text("已达标")
    expect(member.get_by_test_id("grand-total")).to_have_text(str(HOURS))
    assert_axe_clean(member, "transcript-with-offline")

    # 4. The transcript PDF, and its code verified by someone who is not logged in.
    name, pdf = downloaded(member, member.get_by_role("link", name="下载 PDF（可验证）"))
    assert name == f"transcript-{MEMBER_NO}-{year}.pdf"
    assert pdf.startswith(b"%PDF") and len(pdf) < 300 * 1024
    from pypdf import PdfReader
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    found = CODE_PATTERN.search(text)
    assert found, text
    assert MEMBER in text and TRAINING in text and f"{HOURS}.00" in text, text
    code = found.group(0)

    stranger = phone.new_page()  # a code is mostly checked by scanning its QR code
    stranger.goto(server(f"/verify/{code}"))
    expect(stranger.locator(".notice--success")).to_contain_text("验证通过")
    facts = stranger.locator("dl.verify-summary")
    assert facts.locator("dt").all_inner_texts() == [
        "文件", "姓名", "单位", "年度", "已获学时", "其中网络学习", "年度要求", "状态", "出具时间"]
    values = facts.locator("dd").all_inner_texts()
    assert values[:5] == ["学习档案", MEMBER, UNIT_NAME, str(year), f"{HOURS}.00"]
    assert values[6:8] == ["32.00 学时，其中网络学习不少于 0.00 学时", "已达标"]
    assert MEMBER_NO not in stranger.locator("body").inner_text()
    assert stranger.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_axe_clean(stranger, "verify-valid-phone")
    last = code[-1]
    tampered = code[:-1] + ("A" if last != "A" else "B")
    stranger.goto(server(f"/verify/{tampered}"))
    expect(stranger.locator(".notice--error")).to_contain_text("此验证码已被改动或无效")
    expect(stranger.locator("main")).not_to_contain_text(MEMBER)
    assert_axe_clean(stranger, "verify-tampered-phone")

    # 5. The admin changes this year's 党员 rule through its preview, and closes last year.
    admin = own_window()
    log_in(admin, server, "admin")
    nav_to(admin, "学时要求")
    expect(admin.get_by_role("heading", level=1)).to_have_text(f"{year} 年度学时要求")
    expect(admin.locator("main")).to_contain_text("支部书记和支部委员年度学习")
    assert_axe_clean(admin, "requirements-list")
    admin.get_by_role("link", name="党员年度学习", exact=True).click()
    assert_axe_clean(admin, "requirement-rule")
    admin.get_by_role("link", name="修改（生成新版本）").click()
    assert_axe_clean(admin, "requirement-edit")
    tab_to(admin, "input[name=total_hours]")
    admin.keyboard.press("Control+A")
    admin.keyboard.type("36")
    activate(admin, "form.form button[type=submit]")  # 预览影响
    hours_changed = admin.locator("section.impact", has_text="应完成学时有变化的成员")
    expect(hours_changed).to_be_visible()
    changed = int(hours_changed.locator("strong").inner_text())
    assert changed >= 2  # at least the new branch's two members
    assert_axe_clean(admin, "requirement-preview")
    admin.get_by_role("button", name="确认保存").click()
    expect(admin.locator(".flash--success")).to_contain_text("已保存“党员年度学习”")
    expect(admin.locator("main")).to_contain_text("v2")
    assert_axe_clean(admin, "requirement-saved")

    nav_to(admin, "年度关账")
    assert_axe_clean(admin, "years")
    admin.get_by_role("link", name=re.compile(rf"^关账\s*：{year - 1}$")).click()
    assert_axe_clean(admin, "year-close")
    admin.get_by_label("我已确认该年度的学时已全部录入", exact=False).check()
    admin.get_by_role("button", name="确认关账").click()
    expect(admin.locator(".flash--success")).to_contain_text(f"{year - 1} 年度已关账")
    expect(admin.locator("tr", has_text=str(year - 1)).first).to_contain_text("已关账")
    assert_axe_clean(admin, "years-closed")

    member.goto(server("/me/credits"))  # the new version counts from its effective date
    expect(member.get_by_test_id("year-total")).to_have_text(f"已完成 {HOURS} / 要求 36 学时")
    member.get_by_label("年度", exact=True).select_option(str(year - 1))
    member.get_by_role("button", name="查看").click()
    expect(member.get_by_test_id("year-closed")).to_contain_text(f"{year - 1} 年度已关账")
    expect(member.get_by_test_id("year-total")).to_have_text("已完成 0 / 要求 32 学时")
    assert_axe_clean(member, "transcript-closed-year")

    # 6. The manager's report of the branch, and its downloads.
    nav_to(manager, "统计报表")
    expect(manager.get_by_role("heading", level=1)).to_have_text(f"统计报表：{UNIT_NAME}")
    expect(manager.get_by_test_id("met-rate")).to_have_text("50.0%（达标 1 / 有要求 2 人）")
    expect(manager.get_by_test_id("completion-rate")).to_be_visible()
    assert_axe_clean(manager, "report-completions")
    manager.get_by_label("明细").select_option("credits")
    manager.locator("form.filter-bar button[type=submit]").click()
    credits_row = manager.locator("tr", has_text=MEMBER_NO)
    expect(credits_row).to_contain_text(f"{HOURS}")
    expect(credits_row.locator("[data-status]")).to_have_attribute("data-status", "met")
    assert_axe_clean(manager, "report-credits")

    name, csv = downloaded(manager, manager.get_by_role("link", name="学时 CSV"))
    assert name.endswith(".csv")
    assert csv.startswith(b"\xef\xbb\xbf")
    lines = csv.decode("utf-8-sig").splitlines()
    assert "工号" in lines[0]
    assert any(MEMBER_NO in line and MEMBER in line for line in lines[1:]), lines
    name, xlsx = downloaded(manager, manager.get_by_role("link", name="完成情况 XLSX"))
    assert name.endswith(".xlsx")
    from openpyxl import load_workbook
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet.freeze_panes == "A2"
    assert "工号" in [cell.value for cell in sheet[1]]
    name, xlsx = downloaded(manager, manager.get_by_role("link", name="学时 XLSX"))
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet.freeze_panes == "A2"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert any(MEMBER_NO in row and MEMBER in row for row in rows), rows
