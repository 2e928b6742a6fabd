"""After a regrade the review pages show the key the scores follow: the learner's result page
and the trainer's attempt review mark the corrected right choice, list the corrected
accepted answers and the key version's 解析, though the items keep the version they showed
(its prompt and choice texts); an item the regrade did not grade keeps its own key. Item
analysis marks the options by the same key."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learnhub.extensions import db
from learnhub.quizzes.attempts.grading import submit
from learnhub.quizzes.attempts.models import Attempt, AttemptItem
from learnhub.quizzes.attempts.saving import save_answer
from learnhub.quizzes.attempts.starting import start
from learnhub.quizzes.banks.store import save_questions
from learnhub.quizzes.models import Question, QuestionBank, QuestionVersion
from tests.factories import make_member
from tests.html import find_all, one
from tests.quizzes.attempts.support import NOW, items_of
from tests.quizzes.builders import single
from tests.quizzes.regrade.conftest import RIGHT, corrected, take


def _apply(post, org, version: QuestionVersion, data: dict) -> None:
    page = post(org.url(version), data).get_data(as_text=True)
    form = {name: one(page, "input", name=name)["value"] for name in ("key", "preview_digest")}
    assert post(org.url(version, "/apply"), form).status_code == 302


def _attempt(org, member) -> Attempt:
    return db.session.scalar(select(Attempt).where(Attempt.quiz_id == org.quiz.id,
                                                   Attempt.member_id == member.id))


def _item(attempt: Attempt, key: str) -> AttemptItem:
    [item] = [i for i in items_of(attempt) if i.question_version.question.key == key]
    return item


def _learner_correct(client, login_as, org, member, key: str) -> list[str]:
    """The option texts the learner's result page marks right for the question `key`."""
    attempt = _attempt(org, member)
    login_as(member)
    page = client.get(f"/quizzes/{org.quiz.slug}/attempts/{attempt.id}/result")
    assert page.status_code == 200
    section = one(page.get_data(as_text=True), "section",
                  id=f"question-{_item(attempt, key).position}")
    return [li.text.split(". ", 1)[1].split(" ")[0]
            for li in find_all(section, "li", class_="is-correct")]


def _trainer_item(client, login_as, org, member, key: str):
    attempt = _attempt(org, member)
    login_as(org.trainer)
    page = client.get(f"/quizzes/{org.quiz.slug}/results/attempts/{attempt.id}")
    assert page.status_code == 200
    return one(page.get_data(as_text=True), "li", id=f"item-{_item(attempt, key).position}")


def _trainer_correct(item) -> list[str]:
    return [li.text.split(" ", 2)[1] for li in find_all(one(item, "ul"), "li")
            if "正确答案" in li.text]


def test_the_learners_result_page_shows_the_corrected_key(client, login_as, post, org):
    assert _learner_correct(client, login_as, org, org.keyed, "s1") == ["选项2"]
    old = org.s1
    login_as(org.trainer)
    _apply(post, org, old, corrected(0))

    item = _item(_attempt(org, org.keyed), "s1")
    assert item.question_version_id == old.id and item.graded_with_version_id == org.s1.id
    assert _learner_correct(client, login_as, org, org.keyed, "s1") == ["选项1"]
    page = client.get(f"/quizzes/{org.quiz.slug}/attempts/{item.attempt_id}/result")
    assert "得分：0 / 1" in page.get_data(as_text=True)  # the score and the key agree
    # the other questions of the attempt were not regraded: their own keys
    assert _item(_attempt(org, org.keyed), "j1").graded_with_version_id is None
    assert _learner_correct(client, login_as, org, org.keyed, "j1") == ["正确"]


def test_the_trainers_review_shows_the_corrected_key(client, login_as, post, org):
    assert _trainer_correct(_trainer_item(client, login_as, org, org.truthful, "s1")) == ["选项2"]
    login_as(org.trainer)
    _apply(post, org, org.s1, corrected(0))
    new = org.s1
    item = _trainer_item(client, login_as, org, org.truthful, "s1")
    assert _trainer_correct(item) == ["选项1"]
    assert "（题目版本 1）" in item.text  # the version the learner saw
    assert f"本题按第 {new.number} 版的答案重新评分" in item.text
    assert "得分：1.0 / 1.0 ✓" in item.text
    untouched = _trainer_item(client, login_as, org, org.truthful, "j1")
    assert _trainer_correct(untouched) == ["正确"] and "重新评分" not in untouched.text


def test_items_whose_score_did_not_change_are_marked_too(client, login_as, post, org):
    """A corrected 填空 that changes nobody's score still changes the answers shown."""
    bystander = make_member(org.branch, name="选了第三项")
    take(bystander, org.quiz, {"s1": 2, **RIGHT})  # 0 under either key
    f1 = db.session.scalar(select(Question).where(Question.bank_id == org.quiz.bank_id,
                                                  Question.key == "f1")).current_version
    login_as(org.trainer)
    _apply(post, org, f1, {"answers": "共产主义\n共产主义事业", "points": "1"})
    new = db.session.get(Question, f1.question_id).current_version
    graded = db.session.scalars(select(AttemptItem.graded_with_version_id).where(
        AttemptItem.question_version_id == f1.id)).all()
    assert len(graded) == 4 and set(graded) == {new.id}

    attempt = _attempt(org, bystander)
    login_as(bystander)
    page = client.get(f"/quizzes/{org.quiz.slug}/attempts/{attempt.id}/result")
    section = one(page.get_data(as_text=True), "section",
                  id=f"question-{_item(attempt, 'f1').position}")
    assert "参考答案：共产主义 | 共产主义事业" in section.text
    item = _trainer_item(client, login_as, org, bystander, "f1")
    assert "可接受的答案：共产主义 | 共产主义事业" in item.text


def test_an_attempt_submitted_after_the_regrade_keeps_its_own_key(client, login_as, post, org):
    """Open during the regrade, it is graded with the key it showed when submitted (the
    regrade counts it as left open): its review shows that key, not the corrected one."""
    late = make_member(org.branch, name="晚交")
    attempt = start(late, org.quiz, org.quiz.current_version, NOW)
    s1 = _item(attempt, "s1")
    save_answer(late, attempt.id, s1.position, s1.choice_order.index(1), NOW)
    login_as(org.trainer)
    _apply(post, org, org.s1, corrected(0))
    submit(db.session.get(Attempt, attempt.id), NOW + timedelta(minutes=5))
    db.session.commit()

    item = db.session.get(AttemptItem, s1.id)
    assert item.score == 1 and item.graded_with_version_id is None
    assert _learner_correct(client, login_as, org, late, "s1") == ["选项2"]
    assert _trainer_correct(_trainer_item(client, login_as, org, late, "s1")) == ["选项2"]


def test_the_explanation_is_the_key_versions(client, login_as, post, org):
    """Regrading a version older than an edit: the new key version carries the current
    text's 解析, which the old items now show with the corrected key."""
    shown = org.s1
    bank = db.session.get(QuestionBank, org.quiz.bank_id)
    save_questions(bank, [single("s1", right=1, explanation="选项1 才是正确的说法。")],
                   retire_missing=False)
    db.session.commit()
    login_as(org.trainer)
    _apply(post, org, shown, corrected(0))

    login_as(org.keyed)
    attempt = _attempt(org, org.keyed)
    page = client.get(f"/quizzes/{org.quiz.slug}/attempts/{attempt.id}/result")
    section = one(page.get_data(as_text=True), "section",
                  id=f"question-{_item(attempt, 's1').position}")
    assert "选项1 才是正确的说法。" in one(section, "div", class_="question__explanation").text
    item = _trainer_item(client, login_as, org, org.keyed, "s1")
    assert "选项1 才是正确的说法。" in one(item, "details").text


def test_item_analysis_marks_the_options_by_the_corrected_key(client, login_as, post, org):
    old = org.s1
    login_as(org.trainer)
    _apply(post, org, old, corrected(0))
    page = client.get(f"/quizzes/{org.quiz.slug}/analysis").get_data(as_text=True)
    row = one(page, id=f"version-{old.id}")
    marked = [th.text for th in find_all(row, "th", scope="row") if "正确答案" in th.text]
    assert marked == ["选项1 ✓ 正确答案"]
