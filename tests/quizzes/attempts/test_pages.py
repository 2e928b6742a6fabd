"""The learner's quiz pages: nothing before submission gives the key away, the result shows
what review allows, 我的测验 / the start page / the home panel say where the member stands,
trainers mark 心得, the course page links the quiz; query counts pinned."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from learnhub.extensions import db
from learnhub.org.models import Role
from learnhub.quizzes.attempts import views
from learnhub.quizzes.attempts.access import can_view_attempt
from learnhub.quizzes.attempts.grading import submit
from learnhub.quizzes.attempts.models import Attempt, AttemptState
from learnhub.quizzes.attempts.review import visible_parts
from learnhub.quizzes.attempts.saving import save_answer
from learnhub.quizzes.attempts.starting import start
from learnhub.quizzes.questions.spec import Choice, QuestionSpec, QuestionType
from tests.conftest import csrf_token
from tests.courses.learning_support import make_course
from tests.factories import make_member, make_unit
from tests.html import find, find_all, one
from tests.quizzes.attempts.support import NOW, attempt_url, items_of, right_answer, save_json
from tests.quizzes.builders import essay, make_quiz, single

SECRET_FEEDBACK = "反馈秘密XYZ"
SECRET_EXPLANATION = "解析秘密QWE"


def _revealing_specs() -> list[QuestionSpec]:
    """The first option is the correct one in the source, with feedback and an explanation."""
    return [QuestionSpec(type=QuestionType.SINGLE, key=f"k{n}", prompt=f"问题{n}？",
                         explanation=SECRET_EXPLANATION,
                         choices=(Choice(f"正解{n}", correct=True, feedback=SECRET_FEEDBACK),
                                  Choice(f"错解{n}甲"), Choice(f"错解{n}乙"), Choice(f"错解{n}丙")))
            for n in range(12)]


def _at(monkeypatch, when) -> None:
    monkeypatch.setattr(views, "now_utc", lambda: when)


def _assert_no_key(raw: str, attempt) -> None:
    assert SECRET_FEEDBACK not in raw and SECRET_EXPLANATION not in raw
    assert "is-correct" not in raw and "正确答案" not in raw
    assert not re.search(r"<(input|li|label|fieldset|section)[^>]*\sdata-", raw)
    for item in items_of(attempt):  # the value sent for the correct option is its shown place
        shown = item.choice_order.index(0)
        field = find(raw, "input", name=f"q{item.position}", value=str(shown))
        assert field is not None and f"正解{item.position - 1}" in raw
    # Not always the first option: the page doesn't mirror the source's order.
    assert {item.choice_order.index(0) for item in items_of(attempt)} != {0}


def test_nothing_sent_before_submission_reveals_the_answer(client, login_as, monkeypatch):
    _at(monkeypatch, NOW)
    member = make_member()
    quiz = make_quiz("secret", _revealing_specs(), time_limit_minutes=30)
    login_as(member)
    start_page = client.get("/quizzes/secret").get_data(as_text=True)
    started = client.post("/quizzes/secret/start", data={"csrf_token": csrf_token(client)})
    assert started.status_code == 302
    attempt = db.session.scalar(select(Attempt).where(Attempt.member_id == member.id))
    raw = client.get(started.location).get_data(as_text=True)
    _assert_no_key(raw, attempt)
    assert SECRET_FEEDBACK not in start_page and "正解" not in start_page
    saved = save_json(client, attempt, 1, 0)
    assert set(saved.get_json()) == {"status", "server_time", "remaining_seconds"}
    assert SECRET_FEEDBACK not in saved.get_data(as_text=True)
    assert quiz.id


def test_the_attempt_page_shows_the_server_remaining_time_and_a_polite_live_region(
        client, login_as, monkeypatch):
    member = make_member()
    quiz = make_quiz(time_limit_minutes=20)
    attempt = start(member, quiz, quiz.current_version, NOW)
    _at(monkeypatch, NOW + timedelta(minutes=7, seconds=30))
    page = login_as(member).get(attempt_url(attempt)).get_data(as_text=True)
    assert one(page, "strong", id="lh-quiz-remaining").text == "12:30"
    assert one(page, "form", id="lh-quiz-form")["data-remaining"] == str(12 * 60 + 30)
    assert one(page, "div", id="lh-quiz-announce")["aria-live"] == "polite"
    assert find(page, "script", src=re.compile(r"/static/js/quiz\.js"))


def test_opening_an_attempt_past_its_deadline_grades_it_and_shows_the_result(
        client, login_as, monkeypatch):
    member = make_member()
    quiz = make_quiz(time_limit_minutes=5)
    attempt = start(member, quiz, quiz.current_version, NOW)
    _at(monkeypatch, NOW + timedelta(minutes=6))
    response = login_as(member).get(attempt_url(attempt))
    assert response.status_code == 302 and response.location.endswith("/result")
    db.session.refresh(attempt)
    assert attempt.state == AttemptState.GRADED and attempt.auto_submitted
    assert "自动交卷" in client.get(response.location).get_data(as_text=True)


def _graded(review: dict, **settings):
    member = make_member()
    quiz = make_quiz("reviewed", _revealing_specs()[:2], review=review, **settings)
    attempt = start(member, quiz, quiz.current_version, NOW)
    for item in items_of(attempt):
        save_answer(member, attempt.id, item.position, right_answer(item), NOW)
    submit(attempt, NOW)
    return member, attempt


def test_the_result_shows_everything_when_review_allows_it(client, login_as, monkeypatch):
    _at(monkeypatch, NOW)
    member, attempt = _graded({})
    page = login_as(member).get(attempt_url(attempt, "/result")).get_data(as_text=True)
    assert "2 / 2 分（100%）" in page and "通过" in page
    assert SECRET_FEEDBACK in page and SECRET_EXPLANATION in page
    assert len(find_all(page, "li", class_="is-correct")) == 2
    assert page.count("你的选择") == 2


def test_the_result_hides_what_review_keeps_back(client, login_as, monkeypatch):
    _at(monkeypatch, NOW)
    member, attempt = _graded({"score": "never", "responses": "immediately",
                               "correct": "after_close", "explanations": "never"},
                              closes_at=NOW + timedelta(days=1))
    page = login_as(member).get(attempt_url(attempt, "/result")).get_data(as_text=True)
    assert "100%" not in page and "成绩暂不公布" in page
    assert "你的选择" in page and SECRET_FEEDBACK in page
    assert "is-correct" not in page and SECRET_EXPLANATION not in page
    _at(monkeypatch, NOW + timedelta(days=2))
    later = client.get(attempt_url(attempt, "/result")).get_data(as_text=True)
    assert "is-correct" in later and SECRET_EXPLANATION not in later


def test_visible_parts_follow_each_option():
    member, attempt = _graded({"score": "immediately", "responses": "never",
                               "correct": "after_close", "explanations": "after_close"})
    parts = visible_parts(attempt.quiz_version, attempt, NOW)
    assert parts.score and not parts.responses and not parts.correct  # no closing time
    other = make_quiz("open-q")
    still_open = start(member, other, other.current_version, NOW)
    assert not visible_parts(other.current_version, still_open, NOW).any


def test_a_result_says_nothing_when_review_shows_nothing(client, login_as, monkeypatch):
    _at(monkeypatch, NOW)
    member, attempt = _graded({part: "never" for part in
                               ("score", "responses", "correct", "explanations")})
    page = login_as(member).get(attempt_url(attempt, "/result")).get_data(as_text=True)
    assert "本测验不公布答卷详情" in page and "正解" not in page and "100%" not in page


def test_my_quizzes_lists_each_status(client, login_as, monkeypatch):
    member = make_member()
    passed = make_quiz("q-passed", [single("a")], title="已通过的测验")
    failed = make_quiz("q-failed", [single("a")], title="未通过的测验", attempts_allowed=3,
                       cooldown_minutes=60)
    running = make_quiz("q-running", [single("a")], title="作答中的测验", time_limit_minutes=30)
    make_quiz("q-new", [single("a")], title="新测验")
    make_quiz("q-closed", [single("a")], title="已结束的测验", closes_at=NOW - timedelta(days=1),
              opens_at=NOW - timedelta(days=2))
    for quiz, answer in ((passed, right_answer), (failed, None)):
        attempt = start(member, quiz, quiz.current_version, NOW - timedelta(minutes=10))
        if answer:
            save_answer(member, attempt.id, 1, answer(items_of(attempt)[0]), NOW)
        submit(attempt, NOW - timedelta(minutes=5))
    start(member, running, running.current_version, NOW - timedelta(minutes=10))
    _at(monkeypatch, NOW)
    page = login_as(member).get("/quizzes/mine").get_data(as_text=True)
    assert "已结束的测验" not in page
    cards = {one(card, "a").text: card.text for card in find_all(page, "li", class_="course-card")}
    assert "已通过" in cards["已通过的测验"]
    assert "未通过" in cards["未通过的测验"] and "剩余 2 次作答机会" in cards["未通过的测验"]
    assert "后可再次作答" in cards["未通过的测验"]
    assert "作答中" in cards["作答中的测验"] and "剩余 20 分钟" in cards["作答中的测验"]
    assert "未开始" in cards["新测验"]
    home = client.get("/").get_data(as_text=True)
    assert "作答中的测验" in home and "新测验" in home and "已通过的测验" not in home


def test_my_quizzes_takes_the_same_queries_for_many_quizzes(client, login_as, monkeypatch,
                                                            count_queries):
    _at(monkeypatch, NOW)
    member = make_member()
    login_as(member)
    counts = []
    for n in range(2):
        for k in range(3):
            quiz = make_quiz(f"many-{n}-{k}", [single("a")])
            submit(start(member, quiz, quiz.current_version, NOW), NOW)
        with count_queries() as queries:
            assert client.get("/quizzes/mine").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == 4  # member, quizzes, attempts, outcomes


def test_the_start_page_explains_the_settings_and_offers_to_resume(client, login_as,
                                                                   monkeypatch):
    _at(monkeypatch, NOW)
    member = make_member()
    quiz = make_quiz("rules", time_limit_minutes=20, attempts_allowed=2, pass_percent=80,
                     credit_hours=Decimal("0.5"))
    login_as(member)
    page = client.get("/quizzes/rules").get_data(as_text=True)
    for words in ("达到 80% 即为通过", "限时 20 分钟", "最多可作答 2 次", "首次通过记 0.5 学时"):
        assert words in page
    assert one(page, "button", class_="button").text == "开始作答"
    attempt = start(member, quiz, quiz.current_version, NOW)
    page = client.get("/quizzes/rules").get_data(as_text=True)
    assert one(page, "a", text="继续作答")["href"] == attempt_url(attempt)


def test_page_queries_are_pinned(client, login_as, monkeypatch, count_queries):
    _at(monkeypatch, NOW)
    member = make_member()
    quiz = make_quiz("pinned", [single(f"s{i}") for i in range(10)])
    attempt = start(member, quiz, quiz.current_version, NOW)
    login_as(member)
    token = csrf_token(client)
    page_url, submit_url, result_url = (attempt_url(attempt), attempt_url(attempt, "/submit"),
                                        attempt_url(attempt, "/result"))
    with count_queries() as page:
        assert client.get(page_url).status_code == 200
    with count_queries() as submitting:
        assert client.post(submit_url, data={"csrf_token": token, "q1": "0"}).status_code == 302
    with count_queries() as result:
        assert client.get(result_url).status_code == 200
    assert len(page) == 3  # member, attempt with quiz and version, items with questions
    assert len(submitting) == 10
    assert len(result) == 3


def test_trainers_see_attempts_in_their_subtree_only():
    root = make_unit()
    branch, other = make_unit(root), make_unit(root)
    member = make_member(branch)
    quiz = make_quiz()
    attempt = start(member, quiz, quiz.current_version, NOW)
    assert can_view_attempt(member, attempt)
    assert can_view_attempt(make_member(root, roles=(Role.TRAINER,)), attempt)
    assert not can_view_attempt(make_member(other, roles=(Role.TRAINER,)), attempt)
    assert not can_view_attempt(make_member(branch), attempt)


def test_a_trainer_marks_the_essays_of_their_subtree_and_the_last_mark_settles(
        client, login_as, post):
    root = make_unit()
    branch, other = make_unit(root), make_unit(root)
    trainer = make_member(branch, roles=(Role.TRAINER,))
    outsider = make_member(other, roles=(Role.TRAINER,))
    member = make_member(branch)
    quiz = make_quiz("essays", [single("a"), essay("e1"), essay("e2")])
    attempt = start(member, quiz, quiz.current_version, NOW)
    items = items_of(attempt)
    save_answer(member, attempt.id, 1, right_answer(items[0]), NOW)
    save_answer(member, attempt.id, 2, "第一篇心得", NOW)
    save_answer(member, attempt.id, 3, "第二篇心得", NOW)
    submit(attempt, NOW)
    assert attempt.state == AttemptState.MARKING
    login_as(outsider)
    assert "第一篇心得" not in client.get("/quizzes/marking").get_data(as_text=True)
    assert client.get(f"/quizzes/marking/{items[1].id}").status_code == 404
    login_as(trainer)
    queue = client.get("/quizzes/marking").get_data(as_text=True)
    assert len(find_all(queue, "a", href=re.compile(r"/quizzes/marking/\d+"))) == 2
    assert post(f"/quizzes/marking/{items[1].id}", {"score": "5"}).status_code == 422
    assert post(f"/quizzes/marking/{items[1].id}",
                {"score": "1", "comment": "好"}).status_code == 302
    db.session.refresh(attempt)
    assert attempt.state == AttemptState.MARKING
    assert post(f"/quizzes/marking/{items[2].id}", {"score": "0.5"}).status_code == 302
    db.session.refresh(attempt)
    assert attempt.state == AttemptState.GRADED and attempt.score == Decimal("2.5")
    assert "没有待批阅的心得" in client.get("/quizzes/marking").get_data(as_text=True)


def test_the_course_page_links_the_quiz_still_to_pass(client, login_as):
    member = make_member()
    course = make_course()
    make_quiz("course-quiz", course=course, title="课程测验")
    page = login_as(member).get(f"/courses/{course.slug}").get_data(as_text=True)
    assert "通过本课程的 1 个测验" in page
    assert one(page, "a", href="/quizzes/course-quiz").text == "课程测验"
