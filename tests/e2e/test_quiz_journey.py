"""The quiz journeys in headless Chromium, by keyboard alone (Tab, Space, arrows, typing,
Enter; no clicks): a learner takes a timed quiz of mixed types, the answers autosave and
survive a reload, a double submit and a second tab grade once, the result shows what the
review options allow and the course requirement is met; the countdown announces only at
its thresholds; a trainer imports a GIFT file, marks a 心得 and reads results and item
analysis; a learner opens a contest board and practises with immediate feedback. Every
quiz page a user meets passes axe-core, in Chinese and (a few) in English; the attempt and
practice forms work without JavaScript.

One server and one seeded database for the module; the data comes from the app's services
and the quiz builders, the UI only does what the journeys test.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from tests.e2e.conftest import (
    TIMEOUT_MS,
    assert_axe_clean,
    live_app,
    log_in,
    serving,
)
from tests.e2e.keyboard import (
    activate,
    choose_radio,
    focused,
    keyboard_log_in,
    option_id,
    press_and_save,
    tab_to,
    tick_box,
)
from tests.e2e.quiz_seed import BAD_GIFT, EXPLANATION, GIFT_SAMPLE, Seeded, seed
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Iterator[Seeded]:
    app = live_app(tmp_path_factory)
    facts = seed(app)
    with serving(app) as server:
        yield Seeded(server=server, app=app, **facts)



# Journey 1: the learner takes the timed quiz.

def test_learner_takes_a_timed_quiz_by_keyboard(desktop, seeded):
    from learnhub.quizzes.attempts.models import Attempt, QuizOutcome
    from learnhub.records.models import LedgerEntry

    server = seeded.server
    page = desktop.new_page()
    keyboard_log_in(page, server, "learner")
    expect(page.locator("main")).to_contain_text("党章知识测验")  # the home panel
    assert_axe_clean(page, "home")

    page.goto(server("/quizzes/mine"))
    expect(page.get_by_role("heading", level=1)).to_have_text("我的测验")
    assert_axe_clean(page, "mine")
    activate(page, "a[href='/quizzes/party-rules-quiz']")
    page.wait_for_url(server("/quizzes/party-rules-quiz"))
    expect(page.get_by_text("限时 10 分钟")).to_be_visible()
    assert_axe_clean(page, "start")
    activate(page, "form[action$='/start'] button")
    page.wait_for_url(re.compile(r"/attempts/\d+$"))
    attempt_url = page.url
    expect(page.locator("#lh-quiz-answered")).to_have_text("已答 0 / 4 题")
    # The navigator's numbers are its links, without list numbers beside them.
    assert page.locator(".quiz-nav__list").evaluate("el => getComputedStyle(el).listStyleType") \
        == "none"
    assert_axe_clean(page, "attempt")

    # Answer three of four by keyboard; each answer is saved as it is chosen.
    choose_radio(page, "q1", "实现共产主义")
    tick_box(page, "q2", "民主集中制")
    tick_box(page, "q2", "集体领导")
    choose_radio(page, "q3", "正确")  # wrong on purpose: the key says 错误
    expect(page.locator("#lh-quiz-saved")).to_have_text("已保存")
    expect(page.locator("#lh-quiz-answered")).to_have_text("已答 3 / 4 题")
    expect(page.locator("#lh-nav-3-state")).to_have_text("（已答）")
    # Answered is shown by a tick as well as colour; the tick is not read out.
    nav = page.locator("#lh-nav-3")
    assert "✓" in nav.evaluate("el => getComputedStyle(el, '::after').content")
    expect(nav).to_have_accessible_name(re.compile(r"^3\s*（已答）\s*$"))
    expect(page.locator("#lh-nav-4")).to_have_accessible_name(re.compile(r"^4\s*（未答）\s*$"))

    # Reload half way: every saved answer is still there, and the clock kept running.
    page.reload()
    expect(page.locator(f"#{option_id(page, 'q1', '实现共产主义')}")).to_be_checked()
    for text in ("民主集中制", "集体领导"):
        expect(page.locator(f"#{option_id(page, 'q2', text)}")).to_be_checked()
    for text in ("个人说了算", "一言堂"):
        expect(page.locator(f"#{option_id(page, 'q2', text)}")).not_to_be_checked()
    expect(page.locator(f"#{option_id(page, 'q3', '正确')}")).to_be_checked()
    expect(page.locator("#lh-quiz-answered")).to_have_text("已答 3 / 4 题")
    expect(page.locator("#lh-nav-4-state")).to_have_text("（未答）")

    # The countdown: a polite live region that speaks only at thresholds; the visible
    # clock ticks outside any live region.
    live = page.locator("#lh-quiz-announce")
    assert live.get_attribute("aria-live") == "polite"
    clock = page.locator("#lh-quiz-remaining")
    assert page.evaluate("""() => document.getElementById("lh-quiz-remaining")
        .closest("[aria-live], [role=timer], [role=status], [role=alert], [role=log]")""") is None
    spoken, shown = set(), set()
    for _ in range(13):
        spoken.add(live.inner_text())
        shown.add(clock.inner_text())
        time.sleep(0.25)
    assert spoken == {""}  # far from 5 and 1 minutes: nothing said over 3 seconds
    assert len(shown) >= 2 and all(re.fullmatch(r"(9|10):\d\d", text) for text in shown)

    # The last answer is typed; leaving the field saves it.
    tab_to(page, "#q4-text")
    page.keyboard.type("三会一课")
    press_and_save(page, "Tab")
    expect(page.locator("#lh-quiz-answered")).to_have_text("已答 4 / 4 题")

    # A second tab on the same attempt, before handing in.
    other = desktop.new_page()
    other.goto(attempt_url)
    expect(other.locator("#q4-text")).to_have_value("三会一课")

    # Hand in with Enter, twice in a row (a double activation).
    submits: list[str] = []
    page.on("request", lambda r: submits.append(r.url) if r.url.endswith("/submit") else None)
    tab_to(page, "#lh-quiz-form button[type=submit]")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    # The browser may fold the two presses into one request, or abort the first navigation
    # for the second; either way the page ends on the result. (Two submits that do reach
    # the server at once: the other tab below, and tests/quizzes/attempts' gunicorn race.)
    expect(page).to_have_url(re.compile(r"/result$"))
    result_url = page.url
    assert 1 <= len(submits) <= 2, submits

    # The other tab hands in the same attempt too: it lands on the same result.
    tab_to(other, "#lh-quiz-form button[type=submit]")
    other.keyboard.press("Enter")
    other.wait_for_url(result_url)
    other.close()

    # Graded once: one attempt, one outcome, one ledger entry.
    with seeded.app.app_context():
        from learnhub.extensions import db

        attempts = list(db.session.scalars(select(Attempt).where(
            Attempt.member_id == seeded.learner_id, Attempt.quiz_id == seeded.quiz_id)))
        assert [(a.state, a.percent) for a in attempts] == [("graded", Decimal("75.00"))]
        assert db.session.scalar(select(func.count()).select_from(QuizOutcome).where(
            QuizOutcome.member_id == seeded.learner_id,
            QuizOutcome.quiz_id == seeded.quiz_id)) == 1
        assert db.session.scalar(select(func.count()).select_from(LedgerEntry).where(
            LedgerEntry.member_id == seeded.learner_id, LedgerEntry.source_type == "quiz",
            LedgerEntry.source_id == seeded.quiz_id)) == 1
        db.session.rollback()

    # The result shows what review allows: score, answers, feedback, explanations; not
    # the correct answers.
    expect(page.get_by_role("heading", level=1)).to_have_text("作答结果")
    body = page.locator("main")
    expect(body).to_contain_text("3 / 4 分（75%）")
    expect(body).to_contain_text("✓ 通过")
    expect(body).to_contain_text("你的选择")
    expect(body).to_contain_text("对，见党章总纲。")  # feedback on the chosen option
    expect(body).to_contain_text(f"{EXPLANATION}：预备期为一年。")
    main_text = body.inner_text()
    assert "正确答案" not in main_text and "参考答案" not in main_text
    assert page.locator(".is-correct").count() == 0
    assert_axe_clean(page, "result")

    # Back to the quiz, then its course: the quiz requirement is met.
    activate(page, "a.button[href='/quizzes/party-rules-quiz']")
    page.wait_for_url(server("/quizzes/party-rules-quiz"))
    expect(page.get_by_text("✓ 已通过")).to_be_visible()
    assert_axe_clean(page, "start-passed")
    activate(page, f"a[href='/courses/{seeded.course_slug}']")
    page.wait_for_url(server(f"/courses/{seeded.course_slug}"))
    expect(page.locator("ul.requirements")).to_contain_text(
        "✓ 通过本课程的 1 个测验：已完成 1 / 1")


def test_countdown_speaks_at_five_minutes_one_minute_and_hands_in_at_zero(browser, seeded):
    """With the page's clock run fast, the live region says exactly three things."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        log_in(page, seeded.server, seeded.timer_no, PASSWORD)
        page.goto(seeded.server("/quizzes/countdown-quiz"))
        page.clock.install()
        activate(page, "form[action$='/start'] button")
        page.wait_for_url(re.compile(r"/attempts/\d+$"))
        page.evaluate("""() => {
            window.spoken = [];
            const region = document.getElementById("lh-quiz-announce");
            new MutationObserver(() => window.spoken.push(region.textContent))
                .observe(region, {childList: true, characterData: true, subtree: true});
        }""")
        page.clock.run_for("00:30")
        assert page.evaluate("window.spoken") == []
        page.clock.run_for("01:00")  # past 5:00 left
        assert page.evaluate("window.spoken") == ["剩余 5 分钟"]
        expect(page.locator(".quiz-bar__timer")).not_to_have_class(re.compile("is-urgent"))
        page.clock.run_for("04:00")  # past 1:00 left
        assert page.evaluate("window.spoken") == ["剩余 5 分钟", "剩余 1 分钟"]
        expect(page.locator(".quiz-bar__timer")).to_have_class(re.compile("is-urgent"))
        with page.expect_navigation(url=re.compile(r"/result$")):
            page.clock.run_for("01:00")
        expect(page.get_by_role("heading", level=1)).to_have_text("作答结果")
    finally:
        context.close()


def test_a_failed_save_is_announced_and_the_next_save_clears_it(desktop, seeded):
    page = desktop.new_page()
    keyboard_log_in(page, seeded.server, seeded.timer_no, PASSWORD)
    page.goto(seeded.server("/quizzes/plain-quiz"))
    activate(page, "form[action$='/start'] button")
    page.wait_for_url(re.compile(r"/attempts/\d+$"))
    status = page.locator("#lh-quiz-saved")
    assert status.get_attribute("role") == "status"  # "已保存" is a polite status message
    page.route("**/answers", lambda route: route.abort())  # the network is gone
    choose_radio(page, "q1", "选项1", autosave=False)
    expect(page.get_by_role("alert")).to_have_text(re.compile("保存失败"))
    expect(status).to_have_text(re.compile("保存失败"))
    page.unroute("**/answers")
    page.keyboard.press("Shift+Tab")  # back out of the group, then in again: the next answer
    choose_radio(page, "q1", "选项2")
    expect(status).to_have_text("已保存")
    expect(page.locator("#lh-quiz-alert")).to_have_text("")


def test_the_attempt_form_works_without_javascript(browser, seeded):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                  java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        log_in(page, seeded.server, seeded.plain_no, PASSWORD)
        page.goto(seeded.server("/quizzes/plain-quiz"))
        activate(page, "form[action$='/start'] button")
        page.wait_for_url(re.compile(r"/attempts/\d+$"))
        choose_radio(page, "q1", "选项2", autosave=False)
        choose_radio(page, "q2", "正确", autosave=False)
        activate(page, "#lh-quiz-form button[type=submit]")
        page.wait_for_url(re.compile(r"/result$"))
        body = page.locator("main")
        expect(body).to_contain_text("2 / 2 分（100%）")
        expect(body.locator(".is-correct")).to_have_count(2)

        # Practice too: the answer form posts and the feedback page follows.
        page.goto(seeded.server("/quizzes/practice/practice-basics"))
        choose_radio(page, "answer", "红色", autosave=False)
        activate(page, "form.practice-question button[type=submit]")
        expect(page.get_by_role("status")).to_contain_text("回答正确")
    finally:
        context.close()


# Journey 2: the trainer imports, marks and reads the results.

def test_trainer_imports_marks_and_reads_results_by_keyboard(desktop, seeded, tmp_path):
    server = seeded.server
    page = desktop.new_page()
    keyboard_log_in(page, server, "trainer")

    page.goto(server("/quizzes/manage"))
    expect(page.get_by_role("heading", level=1)).to_have_text("测验管理")
    assert_axe_clean(page, "manage")
    activate(page, "a[href='/quizzes/import']")
    page.wait_for_url(server("/quizzes/import"))
    assert_axe_clean(page, "import")

    def upload(path: Path, bank: str) -> None:
        tab_to(page, "input[type=file]")
        with page.expect_file_chooser() as chooser:
            page.keyboard.press("Space")
        chooser.value.set_files(str(path))
        tab_to(page, "select[name=file_format]")
        while page.locator("select[name=file_format]").input_value() != "gift":
            page.keyboard.press("ArrowDown")
        tab_to(page, "input[name=bank]")
        page.keyboard.press("Control+A")
        page.keyboard.type(bank)
        with page.expect_navigation():
            activate(page, "form[action='/quizzes/import'] button[type=submit]")

    bad = tmp_path / "broken.gift.txt"
    bad.write_text(BAD_GIFT, encoding="utf-8")
    upload(bad, "broken-bank")
    problems = page.locator("#import-problems")
    expect(problems).to_contain_text("没有写入任何数据")
    expect(problems).to_contain_text("第 3 行")
    expect(page.locator("input[name=bank]")).to_have_value("broken-bank")
    assert_axe_clean(page, "import-problems")

    upload(GIFT_SAMPLE, "party-basics")
    expect(page.get_by_role("heading", level=1)).to_have_text("导入结果")
    expect(page.get_by_role("status")).to_contain_text("导入 8 道题")
    expect(page.get_by_role("row")).to_have_count(9)
    assert_axe_clean(page, "import-result")

    # The marking queue and a 心得 marked by keyboard (an empty score first: the error).
    page.goto(server("/quizzes/marking"))
    assert_axe_clean(page, "marking")
    activate(page, "main a[href^='/quizzes/marking/']")
    page.wait_for_url(re.compile(r"/quizzes/marking/\d+$"))
    assert_axe_clean(page, "mark")
    with page.expect_navigation():
        activate(page, "main form button[type=submit]")
    expect(page.get_by_role("alert").first).to_be_visible()
    assert_axe_clean(page, "mark-errors")
    tab_to(page, "input[name=score]")
    page.keyboard.type("1")
    tab_to(page, "textarea[name=comment]")
    page.keyboard.type("体会真切。")
    with page.expect_navigation():
        activate(page, "main form button[type=submit]")
    page.wait_for_url(server("/quizzes/marking"))
    expect(page.get_by_role("status").first).to_contain_text("已保存评分")
    assert_axe_clean(page, "marking-empty")

    # Results, one learner's attempts, one attempt, and the item analysis.
    page.goto(server("/quizzes/manage"))
    activate(page, "a[href='/quizzes/party-rules-quiz/results']")
    page.wait_for_url(re.compile(r"/quizzes/party-rules-quiz/results"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("党章知识测验")
    assert_axe_clean(page, "results")
    activate(page, "main a[href*='/results/members/']")
    page.wait_for_url(re.compile(r"/results/members/\d+$"))
    assert_axe_clean(page, "member-attempts")
    activate(page, "main a[href*='/results/attempts/']")
    page.wait_for_url(re.compile(r"/results/attempts/\d+$"))
    expect(page.locator("main")).to_contain_text("正确答案")  # trainers see the key
    assert page.locator(".review-items").evaluate("el => getComputedStyle(el).listStyleType") \
        == "none"  # each card says 第 N 题 already
    assert_axe_clean(page, "attempt-review")
    page.goto(server("/quizzes/party-rules-quiz/results"))
    activate(page, "main a[href$='/analysis']")
    page.wait_for_url(server("/quizzes/party-rules-quiz/analysis"))
    expect(page.locator("main")).to_contain_text("下列哪些是党的组织原则的内容？")
    assert_axe_clean(page, "analysis")


# Journey 3: contests and practice.

def test_learner_sees_a_contest_board_and_practises_by_keyboard(desktop, seeded):
    server = seeded.server
    page = desktop.new_page()
    keyboard_log_in(page, server, "learner")

    page.goto(server("/quizzes/contests"))
    expect(page.get_by_text("春季知识竞赛").first).to_be_visible()
    assert_axe_clean(page, "contests")
    activate(page, "main a[href='/quizzes/contests/spring-contest/board']")
    page.wait_for_url(server("/quizzes/contests/spring-contest/board"))
    expect(page.get_by_role("table").first).to_be_visible()
    assert_axe_clean(page, "board")

    # A closed contest ranks the branches and tells the learner their own place.
    page.goto(server("/quizzes/contests"))
    activate(page, "main a[href='/quizzes/contests/autumn-contest/board']")
    page.wait_for_url(server("/quizzes/contests/autumn-contest/board"))
    expect(page.locator("main")).to_contain_text("第一生产车间党支部")
    assert_axe_clean(page, "board-closed")

    page.goto(server("/quizzes/practice"))
    assert_axe_clean(page, "practice-banks")
    activate(page, "main a[href='/quizzes/practice/practice-basics']")
    page.wait_for_url(server("/quizzes/practice/practice-basics"))
    expect(page.get_by_text("中国共产党党旗旗面是什么颜色？")).to_be_visible()
    assert_axe_clean(page, "practice-question")
    choose_radio(page, "answer", "黄色", autosave=False)
    activate(page, "form.practice-question button[type=submit]")
    expect(page.get_by_role("status")).to_contain_text("回答错误")
    main = page.locator("main")
    expect(main).to_contain_text("不对。")
    expect(main).to_contain_text("党旗为红色，象征革命。")
    expect(main.locator("li", has_text="红色")).to_contain_text("正确答案")
    assert_axe_clean(page, "practice-feedback")

    page.goto(server("/quizzes/daily"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("每日一练")
    assert_axe_clean(page, "daily")
    # Today's first question, answered by keyboard whatever its type.
    field = page.locator("form.practice-question [name=answer]").first
    tab_to(page, "form.practice-question [name=answer]")
    if field.get_attribute("type") == "text":
        page.keyboard.type("三会一课")
    else:
        page.keyboard.press("Space")
    with page.expect_navigation():
        activate(page, "form.practice-question button[type=submit]")
    expect(page.locator(".practice-feedback [role=status]").first).to_contain_text(
        re.compile("回答正确|回答错误"))
    expect(page.get_by_role("link", name="继续每日一练")).to_be_visible()
    assert_axe_clean(page, "daily-feedback")
    activate(page, "a[href='/quizzes/daily']")
    page.wait_for_url(server("/quizzes/daily"))
    expect(page.get_by_text("今日进行中")).to_be_visible()
    assert_axe_clean(page, "daily-started")


def test_quiz_pages_in_english_pass_axe(desktop, seeded):
    server = seeded.server
    page = desktop.new_page()
    log_in(page, server, seeded.english_no, PASSWORD)
    assert page.locator("html").get_attribute("lang") == "en"
    for path, name in (("/quizzes/mine", "mine"), ("/quizzes/contests/spring-contest/board",
                                                    "board"), ("/quizzes/party-rules-quiz", "start")):
        page.goto(server(path))
        assert page.get_by_role("heading", level=1).count() == 1
        assert_axe_clean(page, f"en-{name}")
    activate(page, "form[action$='/start'] button")
    page.wait_for_url(re.compile(r"/attempts/\d+$"))
    expect(page.locator("#lh-quiz-form button[type=submit]")).to_have_text(
        re.compile(r"^[ -~]+$"))  # English, not 交卷
    assert_axe_clean(page, "en-attempt")


def obscured_by_bar(page: Page) -> bool:
    """Whether the sticky time bar covers any part of the focused element."""
    return page.evaluate("""() => {
        const r = document.activeElement.getBoundingClientRect();
        const b = document.querySelector(".quiz-bar").getBoundingClientRect();
        return r.top < b.bottom && r.bottom > b.top;
    }""")


def test_attempt_page_on_a_phone(phone, seeded):
    """No sideways scroll, 44px targets, and the sticky time bar never hides the focus."""
    page = phone.new_page()
    log_in(page, seeded.server, seeded.plain_no, PASSWORD)
    page.goto(seeded.server("/quizzes/party-rules-quiz"))
    activate(page, "form[action$='/start'] button")
    page.wait_for_url(re.compile(r"/attempts/\d+$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator(".quiz-nav__item").first.bounding_box()["height"] >= 44
    assert page.locator(".question__option label").first.bounding_box()["height"] >= 44
    tab_to(page, "#lh-quiz-form button[type=submit]")
    assert not obscured_by_bar(page)
    for _ in range(30):  # back up through every field to the first question
        page.keyboard.press("Shift+Tab")
        assert not obscured_by_bar(page), page.evaluate("document.activeElement.id")
        if focused(page, "input[name='q1']"):
            break
    else:
        raise AssertionError("Shift+Tab never reached the first question")
    assert_axe_clean(page, "attempt-phone")
