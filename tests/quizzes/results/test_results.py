"""Results per quiz for a trainer: totals, distribution, by unit, learners, filters and
the exported file; only attempts of members in the trainer's subtree count."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from learnhub.org.models import Role
from tests.factories import make_member
from tests.html import find_all, one
from tests.quizzes.results.attempts import make_attempt
from tests.quizzes.results.conftest import FULL, HALF, at


def results(client, slug="branch-quiz", query=""):
    response = client.get(f"/quizzes/{slug}/results{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_totals_count_graded_attempts_and_members_in_the_trainers_subtree(
        client, login_as, answered):
    page = results(login_as(answered.trainer))
    figure = {key: one(page, "dd", data_testid=key).text for key in (
        "attempts", "members", "member-pass-rate", "attempt-pass-rate", "mean", "median")}
    assert figure["attempts"] == "3" and figure["members"] == "2"
    assert figure["member-pass-rate"].startswith("50.0%")
    assert figure["attempt-pass-rate"] == "33.3%"
    assert figure["mean"] == "58.3%" and figure["median"] == "50.0%"
    assert "外支部学员" not in page


def section(page: str, heading: str, next_heading: str) -> str:
    return page[page.index(f'id="{heading}"'):page.index(f'id="{next_heading}"')]


def row_cells(html: str, label: str) -> list[str]:
    """The td texts of the row whose header cell reads `label`."""
    for row in find_all(html, "tr"):
        header = [e for e in row.elements() if e.tag == "th"]
        if header and header[0].text == label:
            return [e.text for e in row.elements() if e.tag == "td"]
    raise AssertionError(f"no row {label}")


def test_the_distribution_has_ten_bins_with_the_count_of_attempts_in_each(
        client, login_as, answered):
    table = section(results(login_as(answered.trainer)), "distribution-heading", "units-heading")
    assert len(find_all(table, "tr")) == 11
    assert row_cells(table, "20–30% 以下")[0] == "1"
    assert row_cells(table, "50–60% 以下")[0] == "1"
    assert row_cells(table, "90–100%")[0] == "1"
    assert row_cells(table, "0–10% 以下")[0] == "0"


def test_by_unit_lists_the_base_units_own_members_and_each_child_subtree(
        client, login_as, answered):
    table = section(results(login_as(answered.trainer)), "units-heading", "learners-heading")
    assert row_cells(table, "一支部（本级成员）") == ["1", "100.0%", "2", "62.5%"]
    assert row_cells(table, "第一小组") == ["1", "0.0%", "1", "50.0%"]
    assert "二支部" not in table


def test_filters_by_unit_and_by_date_range(client, login_as, answered):
    client = login_as(answered.trainer)
    by_group = results(client, query=f"?unit={answered.group.id}")
    assert one(by_group, "dd", data_testid="attempts").text == "1"
    assert "支部学员" not in by_group.replace("小组学员", "")
    since = results(client, query="?since=2026-03-02")
    assert one(since, "dd", data_testid="attempts").text == "2"
    until = results(client, query="?until=2026-03-01")
    assert one(until, "dd", data_testid="attempts").text == "1"


def test_a_unit_outside_the_subtree_filters_nothing(client, login_as, answered):
    page = results(login_as(answered.trainer), query=f"?unit={answered.other.id}")
    assert one(page, "dd", data_testid="attempts").text == "3"
    assert "外支部学员" not in page


def test_learner_rows_link_to_their_attempts_and_each_attempt_to_its_items(
        client, login_as, answered):
    client = login_as(answered.trainer)
    page = results(client)
    link = one(page, "a", text="支部学员")
    attempts = client.get(link["href"]).get_data(as_text=True)
    assert "第 1 次" in attempts and "第 2 次" in attempts and "25.0%" in attempts
    second = one(attempts, "a", text="第 2 次")
    review = client.get(second["href"])
    assert review.status_code == 200
    text = review.get_data(as_text=True)
    assert text.count("所选") >= 3 and "正确答案" in text and "共产主义" in text
    assert "4.0 / 4.0" in text


def test_the_review_shows_the_options_in_the_order_the_learner_saw_them(
        client, login_as, org):
    attempt = make_attempt(org.quiz, org.learner, {"s1": 2}, orders={"s1": [2, 0, 1]})
    page = login_as(org.trainer).get(
        f"/quizzes/branch-quiz/results/attempts/{attempt.id}").get_data(as_text=True)
    first = page[page.index("第 1 题"):page.index("第 2 题")]
    assert first.index("选项3") < first.index("选项1") < first.index("选项2")
    assert "☑ 选项3" in first and "得分：0.0 / 1.0" in first


def test_the_export_is_a_formula_safe_csv_with_a_bom_and_an_xlsx(client, login_as, answered):
    make_attempt(answered.quiz, make_member(answered.branch, name="=HYPERLINK(1)"), HALF,
                 submitted_at=at(6))
    client = login_as(answered.trainer)
    csv = client.get("/quizzes/branch-quiz/results/export.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    text = csv.get_data().decode("utf-8")
    assert text.startswith("\ufeff工号,姓名")
    assert "'=HYPERLINK(1)" in text and "外支部学员" not in text
    assert len(text.strip().splitlines()) == 5
    only_since = client.get("/quizzes/branch-quiz/results/export.csv?since=2026-03-06")
    assert len(only_since.get_data().decode().strip().splitlines()) == 2
    xlsx = client.get("/quizzes/branch-quiz/results/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "工号" and len(rows) == 5


def test_attempts_waiting_for_marking_are_counted_apart(client, login_as, org):
    from learnhub.quizzes.attempts.models import AttemptState

    make_attempt(org.quiz, org.learner, FULL, state=AttemptState.MARKING)
    page = results(login_as(org.trainer))
    assert one(page, "dd", data_testid="attempts").text == "0"
    assert one(page, "dd", data_testid="marking").text == "1"


def test_the_results_page_needs_the_same_queries_for_more_attempts_and_members(
        client, login_as, org, count_queries):
    client = login_as(org.trainer)

    def count() -> int:
        client.get("/quizzes/branch-quiz/results?per_page=5")
        with count_queries() as queries:
            assert client.get("/quizzes/branch-quiz/results?per_page=5").status_code == 200
        return len(queries)

    make_attempt(org.quiz, org.learner, FULL)
    few = count()
    for _ in range(8):
        member = make_member(org.group)
        make_attempt(org.quiz, member, HALF)
        make_attempt(org.quiz, member, FULL)
    assert count() == few


def test_a_trainer_of_another_subtree_gets_404_and_learners_403(client, login_as, answered):
    outsider = make_member(answered.other, roles=(Role.TRAINER,))
    for url in ("/quizzes/branch-quiz/results", "/quizzes/branch-quiz/analysis",
                "/quizzes/branch-quiz/results/export.csv",
                f"/quizzes/branch-quiz/results/members/{answered.learner.id}"):
        assert login_as(outsider).get(url).status_code == 404, url
        assert login_as(answered.learner).get(url).status_code == 403, url
