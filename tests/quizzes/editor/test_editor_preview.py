"""The editor page and its preview: the whole file in the textarea, problems listed with
their lines and the text kept as typed, questions shown as a learner sees them with no
mark of the key, and the key in a trainer-only box."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from learnhub.extensions import db
from learnhub.quizzes.models import QuizStatus, QuizVersion
from learnhub.quizzes.publishing.services import sync
from tests.html import find_all, one, parse
from tests.quizzes.builders import make_quiz, single
from tests.quizzes.editor.support import make_org, preview, quiz_text, textarea_text


@pytest.fixture
def org():
    return make_org()


def test_a_synced_quiz_opens_with_its_file_text(client, login_as, org, tmp_path):
    text = quiz_text(org.branch.code)
    (tmp_path / "party-quiz.md").write_text(text, encoding="utf-8")
    assert not sync([tmp_path]).problems
    login_as(org.trainer)
    page = client.get("/quizzes/party-quiz/edit").get_data(as_text=True)
    assert textarea_text(page) == text
    assert "quizzes/party-quiz.md" in one(page, "div", class_="notice").text
    assert one(page, "div", class_="quiz-syntax")
    assert {b.text for b in find_all(page, "button")} >= {"预览", "保存并发布"}


def test_a_quiz_without_stored_text_opens_with_the_writers_output(client, login_as, org):
    make_quiz("imported", [single("s1", prompt="导入的题目？")], owner_unit_id=org.branch.id)
    login_as(org.trainer)
    text = textarea_text(client.get("/quizzes/imported/edit").get_data(as_text=True))
    assert text.startswith("---\ntitle: imported 测验\n")
    assert "## 单选 {#s1}\n\n导入的题目？\n\n- [ ] 选项1\n- [x] 选项2" in text
    assert f"owner_unit: {org.branch.code}" in text


def test_preview_lists_every_problem_with_its_line_and_keeps_the_text(client, login_as, org):
    make_quiz("party-quiz", owner_unit_id=org.branch.id)
    login_as(org.trainer)
    typed = quiz_text(org.branch.code).replace("pass_percent: 80", "pass_percent: 180") \
        .replace("答案：正确", "答案：也许") + "\n## 问答 {#x}\n\n什么？\n"
    response = preview(client, "party-quiz", typed.replace("\n", "\r\n"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    problems = [li.text for li in one(page, "ul", class_="problem-list").find_all("li")]
    lines = typed.split("\n")
    assert any(p.startswith(f"第 {lines.index('pass_percent: 180') + 1} 行") for p in problems)
    assert any(p.startswith(f"第 {lines.index('答案：也许') + 1} 行") for p in problems)
    assert any(p.startswith(f"第 {lines.index('## 问答 {#x}') + 1} 行") for p in problems)
    assert textarea_text(page) == typed
    assert not find_all(page, "section", class_="question")


def test_preview_shows_the_learners_view_without_the_key_and_the_key_apart(client, login_as,
                                                                          org):
    make_quiz("party-quiz", owner_unit_id=org.branch.id)
    login_as(org.trainer)
    typed = quiz_text(org.branch.code, extra="""
## 填空 {#goal}

最高理想是实现____。

答案：共产主义 | 共产主义社会
""")
    response = preview(client, "party-quiz", typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    learner = find_all(page, "div", class_="preview-learner")
    keys = find_all(page, "div", class_="preview-key")
    assert len(learner) == len(keys) == 3
    raw = "".join(re.findall(r'<div class="preview-learner">(.*?)</div>\s*<div class="preview-key">', page, re.S))
    assert raw.count('class="question') >= 3 and "六项" in raw
    for secret in ("is-correct", "正确答案", "党章第三条", "《中国共产党章程》", "共产主义",
                   "data-"):
        assert secret not in raw
    options = [label.text for label in learner[0].find_all("label")]
    assert options == ["A. 六项", "B. 八项", "C. 十项"]  # the written order
    first = keys[0].text
    assert "B. 八项" in first and "反馈：党章第三条。" in first
    assert "《中国共产党章程》第三条。" in first and "义务" in first and "2" in first
    assert [li.text for li in keys[2].find_all("li")] == ["共产主义", "共产主义社会"]
    assert textarea_text(page) == typed
    db.session.expire_all()
    assert db.session.scalar(select(func.count(QuizVersion.id))) == 1  # nothing saved


def test_preview_of_a_course_the_trainer_may_not_edit_names_the_line(client, login_as, org):
    from tests.courses.learning_support import make_course

    course = make_course("other-course")
    course.owner_unit_id = org.other_branch.id
    make_quiz("party-quiz", owner_unit_id=org.branch.id)
    db.session.flush()
    login_as(org.trainer)
    typed = quiz_text(org.branch.code, course="other-course")
    page = preview(client, "party-quiz", typed).get_data(as_text=True)
    line = typed.split("\n").index("course: other-course") + 1
    assert f"第 {line} 行：你不能编辑课程 other-course" in page
    assert parse(page).find("section", class_="quiz-preview") is None
    assert db.session.scalar(select(func.count(QuizVersion.id))) == 1


def test_an_archived_quiz_offers_unarchive(client, login_as, org):
    quiz = make_quiz("party-quiz", owner_unit_id=org.branch.id)
    quiz.status = QuizStatus.ARCHIVED
    db.session.flush()
    login_as(org.trainer)
    page = client.get("/quizzes/party-quiz/edit").get_data(as_text=True)
    links = [a["href"] for a in find_all(page, "a", class_="button")]
    assert links == ["/quizzes/party-quiz/unarchive"]
