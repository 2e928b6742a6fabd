"""The regrade page and its preview: the question with its key, every attempt whose score
would change with the credit that follows, nothing written, the same queries for more
attempts; keys that don't fit and 心得 are refused."""

from __future__ import annotations

from sqlalchemy import func, select

from learnhub.extensions import db
from learnhub.org.models import AuditEvent
from learnhub.quizzes.attempts.models import Attempt, AttemptItem, QuizOutcome
from learnhub.quizzes.models import QuestionVersion
from learnhub.records.models import LedgerEntry
from tests.factories import make_member
from tests.html import find_all
from tests.quizzes.builders import essay, make_quiz, single
from tests.quizzes.regrade.conftest import RIGHT, corrected, take
from tests.quizzes.results.attempts import make_attempt


def _snapshot() -> tuple:
    """Everything a regrade could write."""
    return (
        db.session.execute(select(Attempt.id, Attempt.score, Attempt.percent, Attempt.passed)
                           .order_by(Attempt.id)).all(),
        db.session.execute(select(AttemptItem.id, AttemptItem.score,
                                  AttemptItem.question_version_id)
                           .order_by(AttemptItem.id)).all(),
        db.session.execute(select(QuizOutcome.id, QuizOutcome.passed, QuizOutcome.note,
                                  QuizOutcome.ledger_entry_id)).all(),
        db.session.scalar(select(func.count()).select_from(LedgerEntry)),
        db.session.scalar(select(func.count()).select_from(QuestionVersion)),
        db.session.scalar(select(func.count()).select_from(AuditEvent)),
    )


def test_the_page_shows_the_question_its_key_and_warns_about_the_file(client, login_as, org):
    page = login_as(org.trainer).get(org.url()).get_data(as_text=True)
    assert "问题 s1？" in page and "当前答案" in page
    current = find_all(page, "li")
    assert any("✓ 正确" in li.text and "选项2" in li.text for li in current)
    assert "quizzes/wrong-key.md" in page and "content sync" in page
    assert "题目编辑" in page  # the prompt is the editor's


def test_the_item_analysis_links_each_question_to_its_regrade(client, login_as, org):
    page = login_as(org.trainer).get("/quizzes/wrong-key/analysis").get_data(as_text=True)
    links = [a["href"] for a in find_all(page, "a") if a["href"].endswith("/regrade")]
    assert org.url() in links and len(links) == 4
    for link in links:
        assert client.get(link).status_code == 200


def test_the_preview_lists_changes_and_credit_and_writes_nothing(client, login_as, post, org):
    before = _snapshot()
    login_as(org.trainer)
    response = post(org.url(), corrected(0))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    rows = {row.find("th").text: row.text for row in find_all(page, "tr")[1:]}
    assert set(rows) == {"按旧答案", "答对的人", "基础薄弱"}
    assert "通过 → 未通过" in rows["按旧答案"] and "100.0% → 75.0%" in rows["按旧答案"]
    assert "未通过 → 通过" in rows["答对的人"] and "仍未通过" in rows["基础薄弱"]
    assert "冲销学时 1.5" in page and "记入学时 1.5" in page
    assert _snapshot() == before


def test_the_preview_needs_the_same_queries_for_more_attempts(client, login_as, post, org,
                                                              count_queries):
    login_as(org.trainer)

    def count() -> int:
        with count_queries() as queries:
            assert post(org.url(), corrected(0)).status_code == 200
        return len(queries)

    few = count()
    for n in range(4):
        take(make_member(org.branch), org.quiz, {"s1": n % 2, **RIGHT})
        make_attempt(org.quiz, make_member(org.other), {"s1": 1, **RIGHT})
    assert count() == few


def test_members_outside_the_subtree_are_counted_not_named(client, login_as, post, org):
    stranger = make_member(org.other, name="外支部学员")
    make_attempt(org.quiz, stranger, {"s1": 1, **RIGHT})
    login_as(org.trainer)
    page = post(org.url(), corrected(0)).get_data(as_text=True)
    assert "外支部学员" not in page and "另有 1 次作答属于你负责范围以外的成员" in page


def test_a_key_that_does_not_fit_is_refused_on_the_form(client, login_as, post, org):
    login_as(org.trainer)
    response = post(org.url(), {"points": "1"})
    assert response.status_code == 422 and "请选择一个正确选项" in response.get_data(as_text=True)
    response = post(org.url(), corrected(0, points="0"))
    assert response.status_code == 422 and "分值须为大于 0 的数" in response.get_data(as_text=True)
    fill_version = _version(org, "f1")
    response = post(org.url(fill_version), {"answers": "3 ± x", "points": "1"})
    assert response.status_code == 422 and "容差写法" in response.get_data(as_text=True)


def test_essays_keep_their_marks(client, login_as, org):
    quiz = make_quiz("with-essay", [single("a"), essay("e")], owner_unit_id=org.branch.id)
    version = db.session.scalar(select(QuestionVersion).join(QuestionVersion.question)
                                .where(QuestionVersion.title == "", QuestionVersion.type == "essay",
                                       QuestionVersion.question.has(bank_id=quiz.bank_id)))
    response = login_as(org.trainer).get(f"/quizzes/with-essay/questions/{version.id}/regrade")
    assert response.status_code == 409 and "心得" in response.get_data(as_text=True)


def _version(org, key: str) -> QuestionVersion:
    from learnhub.quizzes.models import Question
    question = db.session.scalar(select(Question).where(Question.bank_id == org.quiz.bank_id,
                                                        Question.key == key))
    return question.current_version
