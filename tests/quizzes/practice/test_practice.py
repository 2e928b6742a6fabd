"""练习: one question at a time from a bank, the answer graded at once with its feedback,
nothing about the answer in the page before it is posted."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select

from learnhub.extensions import db
from learnhub.quizzes.models import QuestionBank, QuizMode
from learnhub.quizzes.practice import selection, services
from learnhub.quizzes.practice.models import PracticeItem
from learnhub.quizzes.questions.spec import Choice, QuestionSpec, QuestionType
from tests.factories import make_member
from tests.html import find_all, one
from tests.quizzes.builders import essay, fill, judge, make_quiz, single

NOW = datetime(2026, 5, 4, 2, 0, tzinfo=UTC)
TODAY = NOW.date()


def secret_single(key: str = "secret") -> QuestionSpec:
    return QuestionSpec(
        type=QuestionType.SINGLE, key=key, prompt="党的最高理想是什么？",
        choices=(Choice("资本主义"), Choice("共产主义", correct=True, feedback="正是如此反馈"),
                 Choice("封建主义", feedback="错误反馈")),
        explanation="解析文字：见党章总纲。")


def test_practice_page_shows_the_question_without_the_answer(client, login_as):
    member = make_member()
    make_quiz("basics", [secret_single()])
    page = login_as(member).get("/quizzes/practice/basics")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "党的最高理想是什么？" in html
    for leak in ("correct", "正是如此反馈", "错误反馈", "解析文字", "checked"):
        assert leak not in html
    values = sorted(i["value"] for i in find_all(html, "input", name="answer"))
    assert values == ["0", "1", "2"]  # shown positions, not the original indexes


def test_answering_maps_shown_positions_and_shows_the_feedback(client, login_as, post):
    member = make_member()
    make_quiz("basics", [secret_single()])
    login_as(member).get("/quizzes/practice/basics")
    item = db.session.scalar(select(PracticeItem).where(PracticeItem.member_id == member.id))
    shown = item.choice_order.index(1)  # where 共产主义 was shown
    answered = post(f"/quizzes/practice/items/{item.id}", {"answer": str(shown)})
    assert answered.status_code == 303
    db.session.refresh(item)
    assert item.response == 1 and item.correct is True and item.score_share == Decimal(1)
    page = client.get(answered.headers["Location"]).get_data(as_text=True)
    assert "回答正确" in page and "正是如此反馈" in page and "解析文字" in page
    assert one(page, "a", text="下一题")["href"] == "/quizzes/practice/basics"


def test_a_wrong_answer_shows_the_correct_one_and_answering_twice_changes_nothing(
        client, login_as, post):
    member = make_member()
    make_quiz("basics", [secret_single()])
    login_as(member).get("/quizzes/practice/basics")
    item = db.session.scalar(select(PracticeItem).where(PracticeItem.member_id == member.id))
    wrong, right = item.choice_order.index(2), item.choice_order.index(1)
    post(f"/quizzes/practice/items/{item.id}", {"answer": str(wrong)})
    post(f"/quizzes/practice/items/{item.id}", {"answer": str(right)})
    db.session.refresh(item)
    assert item.response == 2 and item.correct is False
    page = client.get(f"/quizzes/practice/items/{item.id}").get_data(as_text=True)
    assert "回答错误" in page and "错误反馈" in page
    assert re.search(r"共产主义\s*<span class=\"badge badge--ok\">正确答案", page)


def test_an_empty_answer_is_refused_and_the_question_stays(client, login_as, post):
    member = make_member()
    make_quiz("basics", [fill("f1", "共产主义")])
    login_as(member).get("/quizzes/practice/basics")
    item = db.session.scalar(select(PracticeItem).where(PracticeItem.member_id == member.id))
    answered = post(f"/quizzes/practice/items/{item.id}", {"answer": ""},
                    follow_redirects=True)
    assert "请先作答再提交。" in answered.get_data(as_text=True)
    db.session.refresh(item)
    assert item.answered_at is None


def test_fill_answers_are_graded_after_normalising(client, login_as, post):
    member = make_member()
    make_quiz("basics", [fill("f1", "共产主义", "共产主义社会")])
    login_as(member).get("/quizzes/practice/basics")
    item = db.session.scalar(select(PracticeItem).where(PracticeItem.member_id == member.id))
    post(f"/quizzes/practice/items/{item.id}", {"answer": " 共产主义。"})
    page = client.get(f"/quizzes/practice/items/{item.id}").get_data(as_text=True)
    assert "回答正确" in page and "共产主义、共产主义社会" in page


def test_a_reload_shows_the_same_question(client, login_as):
    member = make_member()
    make_quiz("basics", [single(f"q{i}") for i in range(6)])
    login_as(member)
    first = client.get("/quizzes/practice/basics").get_data(as_text=True)
    second = client.get("/quizzes/practice/basics").get_data(as_text=True)
    assert one(first, "form", class_="practice-question")["action"] == one(
        second, "form", class_="practice-question")["action"]
    assert db.session.query(PracticeItem).filter_by(member_id=member.id).count() == 1


def test_someone_elses_item_is_not_found(client, login_as, post):
    owner, other = make_member(), make_member()
    make_quiz("basics", [secret_single()])
    login_as(owner).get("/quizzes/practice/basics")
    item = db.session.scalar(select(PracticeItem).where(PracticeItem.member_id == owner.id))
    login_as(other)
    assert client.get(f"/quizzes/practice/items/{item.id}").status_code == 404
    assert post(f"/quizzes/practice/items/{item.id}", {"answer": "0"}).status_code == 404


def test_unpractised_questions_come_first_then_wrong_ones(app):
    member = make_member()
    quiz = make_quiz("tiers", [single("a"), single("b"), single("c")])
    bank = db.session.get(QuestionBank, quiz.bank_id)
    questions = {q.key: q for q in db.session.scalars(
        select(selection.Question).where(selection.Question.bank_id == bank.id))}
    for key, right in (("a", True), ("b", False)):
        question = questions[key]
        db.session.add(PracticeItem(
            member_id=member.id, bank_id=bank.id, question_id=question.id,
            question_version_id=question.current_version_id, source="practice",
            choice_order=[0, 1, 2], shown_at=NOW, response=1, score_share=Decimal(right),
            correct=right, answered_at=NOW))
    db.session.flush()
    order = selection.choose_questions(member.id, [bank.id], 3, rng=random.Random(1))
    assert [questions_by_id(questions)[c.question_id] for c in order] == ["c", "b", "a"]


def questions_by_id(questions: dict) -> dict[int, str]:
    return {q.id: key for key, q in questions.items()}


def test_contest_banks_and_essays_are_not_for_practice(client, login_as):
    member = make_member()
    make_quiz("contest-2026", [single("s")], mode=QuizMode.CONTEST)
    make_quiz("reflections", [essay("e1")])
    login_as(member)
    assert client.get("/quizzes/practice/contest-2026").status_code == 404
    assert client.get("/quizzes/practice/reflections").status_code == 404
    listing = client.get("/quizzes/practice").get_data(as_text=True)
    assert "contest-2026" not in listing


def test_the_bank_list_counts_in_a_constant_number_of_queries(client, login_as, count_queries):
    member = make_member()
    for n in range(2):
        make_quiz(f"bank-{n}", [single("s"), judge("j")])
    login_as(member)
    client.get("/quizzes/practice")
    with count_queries() as few:
        assert client.get("/quizzes/practice").status_code == 200
    for n in range(2, 6):
        make_quiz(f"bank-{n}", [single("s"), judge("j"), fill("f")])
    with count_queries() as many:
        page = client.get("/quizzes/practice")
    assert len(find_all(page.get_data(as_text=True), "tbody")[0].children) > 0
    assert len(many) == len(few) == 5, many.statements


def test_answer_service_refuses_a_position_that_was_not_shown(app):
    member = make_member()
    make_quiz("basics", [secret_single()])
    bank = db.session.scalar(select(QuestionBank).where(QuestionBank.slug == "basics"))
    item = services.current_item(member, bank, now=NOW)
    try:
        services.answer(item, ["7"], now=NOW, today=TODAY)
    except services.ValidationFailed:
        pass
    else:
        raise AssertionError("position 7 was accepted")
