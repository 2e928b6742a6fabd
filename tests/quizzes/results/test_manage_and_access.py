"""测验管理 lists what a trainer manages, with links that all resolve; a trainer reaches only
their subtree's quizzes, members and attempts (404 otherwise); learners get 403."""

from __future__ import annotations

from learnhub.org.models import Role
from tests.factories import make_member
from tests.html import find_all
from tests.quizzes.builders import make_quiz, single
from tests.quizzes.results.attempts import make_attempt
from tests.quizzes.results.conftest import FULL


def test_the_manage_page_lists_quizzes_and_banks_owned_in_the_subtree(
        client, login_as, answered):
    client = login_as(answered.trainer)
    page = client.get("/quizzes/manage").get_data(as_text=True)
    assert "支部测验" in page and "外支部测验" not in page
    assert "branch-quiz 题库" in page and "other-quiz 题库" not in page
    row = page[page.index("支部测验"):]
    row = row[:row.index("</tr>")]
    # 3 graded attempts in scope (the stranger's is not counted), 1 passed; 4 questions
    assert [td.text for td in find_all(row, "td", class_="num")] == ["4", "3", "33.3%"]
    for link in find_all(page, "a"):
        if link["href"].startswith("/quizzes/"):
            assert client.get(link["href"]).status_code == 200, link["href"]


def test_the_menu_offers_quiz_management_to_trainers_only(client, login_as, org):
    assert "测验管理" in login_as(org.trainer).get("/quizzes/manage").get_data(as_text=True)
    assert login_as(org.learner).get("/quizzes/manage").status_code == 403
    assert 'href="/quizzes/manage"' not in login_as(org.learner).get("/").get_data(as_text=True)


def test_an_admin_manages_every_quiz_and_quizzes_without_an_owner(client, login_as, org):
    make_quiz("site-quiz", title="全站测验")
    admin = make_member(org.root, roles=(Role.ADMIN,))
    page = login_as(admin).get("/quizzes/manage").get_data(as_text=True)
    assert "支部测验" in page and "外支部测验" in page and "全站测验" in page
    assert "全站测验" not in login_as(org.trainer).get("/quizzes/manage").get_data(as_text=True)
    assert login_as(org.trainer).get("/quizzes/site-quiz/results").status_code == 404


def test_the_manage_page_needs_the_same_queries_for_more_quizzes_and_attempts(
        client, login_as, org, count_queries):
    client = login_as(org.trainer)

    def count() -> int:
        client.get("/quizzes/manage")
        with count_queries() as queries:
            assert client.get("/quizzes/manage").status_code == 200
        return len(queries)

    few = count()
    for n in range(4):
        quiz = make_quiz(f"more-{n}", owner_unit_id=org.group.id)
        make_attempt(quiz, org.learner, FULL)
    assert count() == few


def test_members_and_attempts_outside_the_subtree_are_not_found(client, login_as, answered):
    stranger_attempt = make_attempt(answered.quiz, answered.stranger, FULL)
    other_quiz_attempt = make_attempt(answered.other_quiz, answered.learner, FULL)
    mine = make_attempt(answered.quiz, answered.learner, FULL)
    client = login_as(answered.trainer)
    base = "/quizzes/branch-quiz/results"
    assert client.get(f"{base}/members/{answered.stranger.id}").status_code == 404
    assert client.get(f"{base}/attempts/{stranger_attempt.id}").status_code == 404
    assert client.get(f"{base}/attempts/{other_quiz_attempt.id}").status_code == 404
    assert client.get(f"/quizzes/other-quiz/results/attempts/{other_quiz_attempt.id}"
                      ).status_code == 404
    assert client.get(f"{base}/attempts/{mine.id}").status_code == 200
    assert login_as(answered.learner).get(f"{base}/attempts/{mine.id}").status_code == 403


def test_a_trainer_above_sees_the_whole_subtree(client, login_as, answered):
    chief = make_member(answered.root, roles=(Role.TRAINER,))
    page = login_as(chief).get("/quizzes/branch-quiz/results").get_data(as_text=True)
    assert "外支部学员" in page and "一支部" in page and "二支部" in page


def test_the_member_and_attempt_pages_need_a_fixed_number_of_queries(
        client, login_as, org, count_queries):
    client = login_as(org.trainer)

    def count(url: str) -> int:
        client.get(url)
        with count_queries() as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    short = make_attempt(org.quiz, org.learner, FULL)
    member_url = f"/quizzes/branch-quiz/results/members/{org.learner.id}"
    few = count(member_url)
    for _ in range(5):
        make_attempt(org.quiz, org.learner, FULL)
    assert count(member_url) == few
    long_quiz = make_quiz("long", [single(f"q{n}") for n in range(12)],
                          owner_unit_id=org.branch.id)
    long = make_attempt(long_quiz, org.learner, {"q1": 1})
    assert (count(f"/quizzes/long/results/attempts/{long.id}")
            == count(f"/quizzes/branch-quiz/results/attempts/{short.id}"))
