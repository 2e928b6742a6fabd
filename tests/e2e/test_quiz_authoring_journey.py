"""The trainer's quiz authoring rooms in headless Chromium, by keyboard alone: 测验管理's
links (新建测验, 编辑, 下载 Markdown); a new quiz written in the web editor (the starter
text, a preview with a problem and its line, the fix, a preview as learners see it with
the key boxes, 保存并发布); the editor of a quiz that has attempts (the versioning notice),
archived and brought back through the confirm pages; and a wrong key corrected from the
item analysis (更正答案, the preview of the changed attempts, apply). axe-core runs on every
page state, in Chinese and in English, and Tab walks each editor page end to end (no trap).

One server and one seeded database for the module; the data comes from the quiz builders.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.e2e.conftest import (
    LiveServer,
    assert_axe_clean,
    live_app,
    log_in,
    serving,
)
from tests.e2e.keyboard import activate, choose_radio, keyboard_log_in, tab_to
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

# A question the trainer adds to the starter text, first without a correct option.
ADDED = "\n## 单选 {#purpose}\n党的根本宗旨是什么？\n- [ ] 全心全意为人民服务\n- [ ] 发展经济\n"


@dataclass(frozen=True)
class Authoring:
    server: LiveServer
    app: object
    english_no: str  # a trainer who reads English
    regrade_quiz_id: int


def _seed(app) -> dict:
    """Quizzes of the trainer's unit: two with attempts (one to edit and archive, one whose
    key is wrong: the second option is marked right, the first is) and a draft."""
    from learnhub.extensions import db
    from learnhub.org.models import Member, Role
    from learnhub.quizzes.models import QuizStatus
    from learnhub.quizzes.questions.spec import Choice, QuestionSpec, QuestionType
    from tests.factories import make_member
    from tests.quizzes.builders import judge, make_quiz, single
    from tests.quizzes.results.attempts import make_attempt

    with app.app_context():
        trainer = db.session.scalar(select(Member).where(Member.employee_no == "trainer"))
        others = list(db.session.scalars(select(Member).where(
            Member.employee_no.like("E%")).order_by(Member.id).limit(6)))
        rules = make_quiz("rules-quiz", [single("ideal", 0, prompt="党的最高理想是什么？"),
                                         judge("probation", False)],
                          title="党章知识测验", owner_unit_id=trainer.unit_id, pass_percent=60)
        for n, member in enumerate(others[:3]):
            make_attempt(rules, member, {"ideal": n % 2, "probation": 1})
        wrong = QuestionSpec(
            type=QuestionType.SINGLE, key="purpose", prompt="党的根本宗旨是什么？",
            choices=(Choice("全心全意为人民服务"), Choice("发展经济", correct=True),
                     Choice("加强管理")))
        regrade = make_quiz("discipline-quiz", [wrong, judge("rules", True)],
                            title="纪律知识测验", owner_unit_id=trainer.unit_id,
                            pass_percent=100, credit_hours=Decimal("0.5"))
        for n, member in enumerate(others):
            make_attempt(regrade, member, {"purpose": n % 2, "rules": 0})
        draft = make_quiz("oath-quiz", [judge("oath", True)], title="入党誓词测验",
                          owner_unit_id=trainer.unit_id)
        draft.status = QuizStatus.DRAFT  # as an import leaves it
        english = make_member(trainer.unit, locale="en", name="英文培训员",
                              roles=(Role.TRAINER,))
        db.session.commit()
        return {"english_no": english.employee_no, "regrade_quiz_id": regrade.id}


@pytest.fixture(scope="module")
def authoring(tmp_path_factory) -> Iterator[Authoring]:
    app = live_app(tmp_path_factory)
    facts = _seed(app)
    with serving(app) as server:
        yield Authoring(server=server, app=app, **facts)



def assert_tab_walks_through(page: Page, *selectors: str, limit: int = 150) -> None:
    """From the top, Tab reaches each of `selectors` in order and then leaves the page
    (focus back on the document): nothing on the page keeps the keyboard."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    wanted = list(selectors)
    for step in range(limit):
        page.keyboard.press("Tab")
        where = page.evaluate("""s => {
            const el = document.activeElement;
            return el === null || el === document.body ? "out" : (s && el.matches(s)) ? "hit" : "";
        }""", wanted[0] if wanted else None)
        if where == "hit":
            wanted.pop(0)
        elif where == "out" and step > 0:
            assert not wanted, f"Tab left the page before reaching {wanted}"
            return
    raise AssertionError(f"Tab never left the page (a keyboard trap?); still to reach {wanted}")


def enter_and_wait(page: Page, selector: str) -> None:
    """Tab to a link or button and press Enter, waiting for the page it loads."""
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def type_into(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


# Journey 1: a new quiz from 测验管理 to published.

def test_trainer_writes_previews_and_publishes_a_new_quiz_by_keyboard(desktop, authoring):
    from learnhub.quizzes.models import Quiz, QuizStatus

    server = authoring.server
    page = desktop.new_page()
    keyboard_log_in(page, server, "trainer")
    page.goto(server("/quizzes/manage"))
    expect(page.get_by_role("heading", level=1)).to_have_text("测验管理")
    row = page.get_by_role("row").filter(has_text="rules-quiz")
    expect(row.get_by_role("link", name=re.compile("^编辑"))).to_have_attribute(
        "href", "/quizzes/rules-quiz/edit")
    assert_axe_clean(page, "manage")

    # 下载 Markdown: the bank's file, by Enter on its link.
    with page.expect_download() as download:
        activate(page, "main a[href='/quizzes/banks/rules-quiz/export.md']")
    assert download.value.suggested_filename == "rules-quiz.md"
    exported = download.value.path().read_text(encoding="utf-8")
    assert "## 单选 {#ideal" in exported and "党的最高理想是什么？" in exported

    enter_and_wait(page, "main a[href='/quizzes/new']")
    expect(page.get_by_role("heading", level=1)).to_have_text("新建测验")
    assert_axe_clean(page, "new")
    enter_and_wait(page, "main form button[type=submit]")  # nothing filled in
    expect(page.locator(".error-summary")).to_contain_text("请输入测验标识")
    expect(page.locator("#slug")).to_have_attribute("aria-invalid", "true")
    assert_axe_clean(page, "new-errors")
    type_into(page, "#slug", "conduct-quiz")
    type_into(page, "#title", "党员行为规范测验")
    enter_and_wait(page, "main form button[type=submit]")

    # The editor holds the starter text: settings and one example of each type.
    expect(page.get_by_role("heading", level=1)).to_have_text("新建测验：conduct-quiz")
    source = page.locator("#markdown")
    starter = source.input_value()
    assert starter.startswith("---\ntitle: 党员行为规范测验\n")
    for key in ("example-single", "example-multiple", "example-true-false", "example-fill",
                "example-essay"):
        assert f"{{#{key}" in starter
    expect(page.locator(".editor-status")).to_contain_text("尚未保存")
    assert_axe_clean(page, "editor-starter")

    # A question without a correct option: the preview lists the problem and its line,
    # and the text comes back as typed.
    tab_to(page, "#markdown")
    page.keyboard.press("Control+End")
    page.keyboard.type(ADDED)
    enter_and_wait(page, "button[name=action][value=preview]")
    problems = page.locator(".quiz-problems")
    expect(problems.get_by_role("heading", level=2)).to_have_text("发现 1 个问题")
    line = (starter + ADDED).splitlines().index("- [ ] 全心全意为人民服务") + 1
    expect(problems.locator("li")).to_have_text(re.compile(
        rf"^第 {line} 行：单选题必须恰好有一个正确选项"))
    assert source.input_value() == starter + ADDED
    expect(page.locator(".quiz-preview")).to_have_count(0)
    expect(page.get_by_role("alert")).to_have_text("查看问题列表（1 个）")
    assert_axe_clean(page, "editor-problems")
    activate(page, "main a[href='#problems-heading']")  # the skip link to the list
    assert page.evaluate("location.hash") == "#problems-heading"

    # The fix by keyboard: on the option's line, "[ ]" becomes "[x]".
    tab_to(page, "#markdown")
    page.keyboard.press("Control+End")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Home")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Delete")
    page.keyboard.type("x")
    fixed = starter + ADDED.replace("- [ ] 全心全意", "- [x] 全心全意")
    assert source.input_value() == fixed
    enter_and_wait(page, "button[name=action][value=preview]")
    expect(page.locator(".quiz-problems")).to_have_count(0)
    preview = page.locator(".quiz-preview")
    expect(preview.locator(".question")).to_have_count(6)
    added = preview.locator(".quiz-preview__item").nth(5)
    # As the learner sees it (nothing revealed), then the key box.
    expect(added.locator(".preview-learner")).to_contain_text("党的根本宗旨是什么？")
    expect(added.locator(".preview-learner input[type=radio]")).to_have_count(2)
    expect(added.locator(".preview-learner .is-correct")).to_have_count(0)
    expect(added.locator(".preview-key")).to_contain_text("第 6 题的答案与解析")
    expect(added.locator(".preview-key")).to_contain_text("A. 全心全意为人民服务")
    assert source.input_value() == fixed
    expect(page.get_by_role("alert")).to_have_count(0)
    assert_axe_clean(page, "editor-preview")
    assert_tab_walks_through(page, "#markdown", "button[name=action][value=preview]",
                             "button[name=action][value=save]", "#q6-o0")
    activate(page, "main a[href='#preview-heading']")  # 查看预览（6 道题）
    assert page.evaluate("location.hash") == "#preview-heading"

    enter_and_wait(page, "button[name=action][value=save]")
    page.wait_for_url(server("/quizzes/conduct-quiz/edit"))
    expect(page.get_by_role("status").first).to_contain_text("已保存并发布第 1 版")
    expect(page.locator(".editor-status")).to_contain_text("已发布")
    expect(page.locator(".editor-status")).to_contain_text("当前版本：第 1 版")
    assert_axe_clean(page, "editor-saved")
    with authoring.app.app_context():
        from learnhub.extensions import db

        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "conduct-quiz"))
        assert (quiz.title, quiz.status) == ("党员行为规范测验", QuizStatus.PUBLISHED)
        assert len(quiz.current_version.selection["fixed"]) == 6
        db.session.rollback()


# Journey 2: a quiz with attempts: the versioning notice, archive and unarchive.

def test_trainer_edits_archives_and_restores_a_quiz_with_attempts(desktop, authoring):
    server = authoring.server
    page = desktop.new_page()
    keyboard_log_in(page, server, "trainer")
    page.goto(server("/quizzes/manage"))
    enter_and_wait(page, "main a[href='/quizzes/rules-quiz/edit']")
    expect(page.get_by_role("heading", level=1)).to_have_text("编辑测验：党章知识测验")
    expect(page.get_by_role("note")).to_contain_text(
        "已有 3 次作答：修改过的题目将生成新版本，已提交的作答不受影响。")
    assert "{#ideal" in page.locator("#markdown").input_value()
    assert_axe_clean(page, "editor-attempts")
    assert_tab_walks_through(page, "#markdown", "button[name=action][value=save]",
                             "main a[href='/quizzes/rules-quiz/archive']")

    enter_and_wait(page, "main a[href='/quizzes/rules-quiz/archive']")
    expect(page.get_by_role("heading", level=1)).to_have_text("确认归档：党章知识测验")
    expect(page.locator(".confirm-box")).to_contain_text("已有的 3 次作答")
    assert_axe_clean(page, "confirm-archive")
    enter_and_wait(page, "main form button[type=submit]")
    page.wait_for_url(server("/quizzes/rules-quiz/edit"))
    expect(page.get_by_role("status").first).to_contain_text("测验已归档")
    expect(page.locator(".editor-status")).to_contain_text("已归档")
    assert_axe_clean(page, "editor-archived")

    enter_and_wait(page, "main a[href='/quizzes/rules-quiz/unarchive']")
    expect(page.get_by_role("heading", level=1)).to_have_text("确认恢复：党章知识测验")
    assert_axe_clean(page, "confirm-unarchive")
    enter_and_wait(page, "main form button[type=submit]")
    expect(page.get_by_role("status").first).to_contain_text("测验已恢复")
    expect(page.locator(".editor-status")).to_contain_text("已发布")

    # A draft (as an import leaves it) is published through its confirm page.
    page.goto(server("/quizzes/manage"))
    enter_and_wait(page, "main a[href='/quizzes/oath-quiz/edit']")
    expect(page.locator(".editor-status")).to_contain_text("草稿")
    enter_and_wait(page, "main a[href='/quizzes/oath-quiz/publish']")
    expect(page.get_by_role("heading", level=1)).to_have_text("确认发布：入党誓词测验")
    assert_axe_clean(page, "confirm-publish")
    enter_and_wait(page, "main form button[type=submit]")
    expect(page.get_by_role("status").first).to_contain_text("测验已发布")
    expect(page.locator(".editor-status")).to_contain_text("已发布")


# Journey 3: a wrong key corrected from the item analysis.

def test_trainer_corrects_a_key_from_item_analysis_by_keyboard(desktop, authoring):
    from learnhub.quizzes.attempts.models import Attempt

    server = authoring.server
    page = desktop.new_page()
    keyboard_log_in(page, server, "trainer")
    page.goto(server("/quizzes/discipline-quiz/analysis"))
    link = page.locator("main a[href$='/regrade']", has_text="purpose")
    href = link.get_attribute("href")
    assert re.fullmatch(r"/quizzes/discipline-quiz/questions/\d+/regrade", href)
    enter_and_wait(page, f"main a[href='{href}']")
    expect(page.get_by_role("heading", level=1)).to_have_text("更正答案并重新评分：purpose")
    expect(page.locator("input[name=correct]:checked")).to_have_count(1)
    assert_axe_clean(page, "regrade")

    choose_radio(page, "correct", "全心全意为人民服务", autosave=False)
    enter_and_wait(page, "main form[action$='/regrade'] button[type=submit]")
    preview = page.locator("#preview")
    expect(preview.get_by_role("status")).to_contain_text("得分改变的作答 6 次")
    expect(preview.locator("tbody tr")).to_have_count(6)
    expect(preview.get_by_role("table")).to_contain_text("通过 → 未通过")
    expect(preview.get_by_role("table")).to_contain_text("未通过 → 通过")
    expect(page.locator("#correct-0")).to_be_checked()  # the correction stays chosen
    assert_axe_clean(page, "regrade-preview")
    assert_tab_walks_through(page, "#correct-0", "main form[action$='/apply'] button")

    enter_and_wait(page, "main form[action$='/apply'] button[type=submit]")
    page.wait_for_url(re.compile(r"/quizzes/discipline-quiz/analysis"))
    expect(page.get_by_role("status").first).to_contain_text("已应用更正：6 次作答的得分改变")
    # The attempts stay on version 1, now an old version: the question has a second.
    expect(page.get_by_role("row").filter(has_text="purpose")).to_contain_text(
        "第 1 版（旧版本）")
    assert_axe_clean(page, "regrade-applied")
    with authoring.app.app_context():
        from learnhub.extensions import db

        passed = [a.passed for a in db.session.scalars(select(Attempt).where(
            Attempt.quiz_id == authoring.regrade_quiz_id).order_by(Attempt.id))]
        assert passed == [True, False] * 3  # those who chose the first option now pass
        db.session.rollback()


def test_authoring_pages_in_english_pass_axe(desktop, authoring):
    server = authoring.server
    page = desktop.new_page()
    log_in(page, server, authoring.english_no, PASSWORD)
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(server("/quizzes/rules-quiz/edit"))
    enter_and_wait(page, "button[name=action][value=preview]")
    expect(page.locator(".quiz-preview .question")).to_have_count(2)
    expect(page.locator("button[name=action][value=save]")).to_have_text(
        re.compile(r"^[ -~]+$"))  # English, not 保存并发布
    assert_axe_clean(page, "en-editor-preview")
    page.goto(server("/quizzes/new"))
    assert_axe_clean(page, "en-new")


def test_authoring_pages_on_a_phone(phone, authoring):
    """No sideways scroll on the manage list (its row actions), the editor with a preview
    and the regrade page; axe on the phone layout too."""
    server = authoring.server
    page = phone.new_page()
    log_in(page, server, "trainer")
    page.goto(server("/quizzes/manage"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(server("/quizzes/rules-quiz/edit"))
    enter_and_wait(page, "button[name=action][value=preview]")
    expect(page.locator(".quiz-preview .question")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_axe_clean(page, "phone-editor-preview")
    page.goto(server("/quizzes/discipline-quiz/analysis"))
    page.goto(server(page.locator("main a[href$='/regrade']").first.get_attribute("href")))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_axe_clean(page, "phone-regrade")
