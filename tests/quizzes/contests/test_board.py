"""The contest board: units by average score and participation, individuals by score then
time then submit time, who sees which names, and participation only before close."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from learnhub.extensions import db
from learnhub.org.models import Role, UnitKind
from learnhub.quizzes.attempts.models import Attempt, AttemptState
from learnhub.quizzes.contests import board, pages
from learnhub.quizzes.models import GradingMethod, Quiz, QuizMode
from tests.factories import make_member, make_unit
from tests.html import find_all, one
from tests.quizzes.builders import make_quiz, single

# Pages read the real clock: the contests here closed yesterday unless a test says otherwise.
CLOSES = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
OPENS = CLOSES - timedelta(days=7)
AFTER = CLOSES + timedelta(hours=1)
DURING = OPENS + timedelta(days=1)


def make_contest(slug: str = "contest", *, owner=None, **settings) -> Quiz:
    settings.setdefault("opens_at", OPENS)
    settings.setdefault("closes_at", CLOSES)
    settings.setdefault("attempts_allowed", 1)
    settings.setdefault("grading_method", GradingMethod.FIRST)
    return make_quiz(slug, [single("s1"), single("s2")], mode=QuizMode.CONTEST,
                     owner_unit_id=owner.id if owner else None, **settings)


def took(quiz: Quiz, member, percent: str, seconds: int | None = 300, *, number: int = 1,
         submitted: datetime | None = None, state: AttemptState = AttemptState.GRADED
         ) -> Attempt:
    """A graded attempt as the attempt engine leaves it."""
    submitted = submitted or OPENS + timedelta(hours=number, minutes=member.id % 50)
    attempt = Attempt(quiz_id=quiz.id, quiz_version_id=quiz.current_version_id,
                      member_id=member.id, number=number, state=state,
                      started_at=submitted - timedelta(seconds=seconds or 60),
                      submitted_at=submitted, seconds_taken=seconds, score=Decimal(percent) / 50,
                      max_score=Decimal(2), percent=Decimal(percent),
                      passed=Decimal(percent) >= 60)
    db.session.add(attempt)
    db.session.flush()
    return attempt


def org():
    """A committee with three branches: A (3 members), B (2), C (2, one in a 党小组)."""
    root = make_unit()
    a, b, c = (make_unit(root, code=f"BR{code}{root.id}", name=f"第{code}党支部")
               for code in "ABC")
    group = make_unit(c, kind=UnitKind.GROUP, name="党小组")
    people = {"a": [make_member(a) for _ in range(3)], "b": [make_member(b) for _ in range(2)],
              "c": [make_member(c), make_member(group)]}
    return root, (a, b, c), people


def test_units_rank_by_average_then_participation_rate(app):
    root, (a, b, c), people = org()
    quiz = make_contest(owner=root)
    took(quiz, people["a"][0], "90")
    took(quiz, people["a"][1], "70")  # A: average 80, 2 of 3
    took(quiz, people["b"][0], "80")
    took(quiz, people["b"][1], "80")  # B: average 80, 2 of 2: above A
    took(quiz, people["c"][1], "95")  # C: 95, 1 of 2 (the 党小组 member counts for C)
    shown = pages.contest_board(people["a"][2], quiz.slug, now=AFTER)
    assert [(u.code, u.rank) for u in shown.units] == [(c.code, 1), (b.code, 2), (a.code, 3)]
    by_code = {u.code: u for u in shown.units}
    assert (by_code[a.code].participants, by_code[a.code].members) == (2, 3)
    assert by_code[a.code].rate == Decimal("66.67") and by_code[a.code].average == Decimal(80)
    assert by_code[c.code].rate == Decimal(50)


def test_equal_units_share_a_rank_and_silent_ones_come_last(app):
    root, (a, b, c), people = org()
    quiz = make_contest(owner=root)
    took(quiz, people["a"][0], "80", 100)
    took(quiz, people["b"][0], "80", 100)
    shown = pages.contest_board(people["a"][0], quiz.slug, now=AFTER)
    ranks = {u.code: u.rank for u in shown.units}
    # A: 1 of 3, B: 1 of 2 → B first on participation; C took no part: no rank, last.
    assert ranks == {b.code: 1, a.code: 2, c.code: None}
    assert shown.units[-1].code == c.code


def test_individuals_rank_by_score_then_time_then_submit_time(app):
    root, _, people = org()
    quiz = make_contest(owner=root)
    first, second, third, fourth = people["a"][0], people["a"][1], people["b"][0], people["b"][1]
    took(quiz, fourth, "70", 100)
    took(quiz, third, "90", 400, submitted=OPENS + timedelta(hours=5))
    took(quiz, second, "90", 400, submitted=OPENS + timedelta(hours=2))
    took(quiz, first, "90", 200)
    counted = board.counted_attempts(quiz, quiz.current_version)
    places = {m.id: board.own_standing(counted, m).place for m in (first, second, third, fourth)}
    assert places == {first.id: 1, second.id: 2, third.id: 3, fourth.id: 4}


def test_the_first_graded_attempt_counts_or_the_best_when_the_method_says_highest(app):
    root, _, people = org()
    member = people["a"][0]
    first_counts = make_contest("first", owner=root, attempts_allowed=0)
    took(first_counts, member, "50", number=1)
    took(first_counts, member, "100", number=2)
    highest = make_contest("highest", owner=root, attempts_allowed=0,
                           grading_method=GradingMethod.HIGHEST)
    took(highest, member, "50", number=1)
    took(highest, member, "100", number=2)
    took(highest, member, "100", 10, number=3, state=AttemptState.MARKING)  # not graded yet
    assert pages.contest_board(member, "first", now=AFTER).mine.percent == Decimal(50)
    best = pages.contest_board(member, "highest", now=AFTER).mine
    assert best.percent == Decimal(100) and best.taken == 1


def test_a_learner_sees_their_own_rank_and_no_names(client, login_as):
    root, _, people = org()
    quiz = make_contest(owner=root)
    took(quiz, people["a"][0], "90")
    took(quiz, people["b"][0], "80")
    learner = people["b"][0]
    page = login_as(learner).get(f"/quizzes/contests/{quiz.slug}/board").get_data(as_text=True)
    assert one(page, "dd", data_testid="my-rank").text == "第 2 名 / 共 2 人"
    assert one(page, "dd", data_testid="my-score").text == "80.0"
    assert people["a"][0].name not in page and learner.name not in page.split("<main")[1]


def test_names_are_public_only_with_show_names(client, login_as):
    root, _, people = org()
    hidden = make_contest("hidden", owner=root)
    shown = make_contest("shown", owner=root, show_names=True)
    for quiz in (hidden, shown):
        took(quiz, people["a"][0], "90")
    viewer = people["c"][0]
    login_as(viewer)
    with_names = client.get("/quizzes/contests/shown/board")
    without = client.get("/quizzes/contests/hidden/board")
    assert people["a"][0].name in with_names.get_data(as_text=True)
    assert people["a"][0].name not in without.get_data(as_text=True)


def test_managers_see_names_of_their_subtree_only(client, login_as):
    root, (a, b, _), people = org()
    quiz = make_contest(owner=root)
    took(quiz, people["a"][0], "90")
    took(quiz, people["b"][0], "80")
    manager = make_member(a, roles=(Role.MANAGER,))
    page = login_as(manager).get(f"/quizzes/contests/{quiz.slug}/board").get_data(as_text=True)
    rows = find_all(page, "tr", data_member=True)
    assert [r["data-member"] for r in rows] == [str(people["a"][0].id)]
    assert people["a"][0].name in page and people["b"][0].name not in page


def test_before_close_the_board_shows_participation_not_scores(app):
    root, _, people = org()
    quiz = make_contest(owner=root)
    took(quiz, people["a"][0], "90")
    manager = make_member(root, roles=(Role.MANAGER,))
    shown = pages.contest_board(manager, quiz.slug, now=DURING)
    assert not shown.closed and all(u.rank is None for u in shown.units)
    assert shown.units[0].participants == 1  # most participation first
    from flask import render_template

    with app.test_request_context():
        from flask_login import login_user

        login_user(manager)
        html = render_template("quizzes/contests/board.html", board=shown, managed_page=None,
                               start_url=None)
    assert "成绩和名次在竞赛结束后公布" in html and "平均分</th>" not in html
    assert "90.0" not in html


def test_the_audience_units_set_the_branches_ranked(app):
    root, (a, b, c), people = org()
    quiz = make_contest(owner=root, audience={"required": {"units": [a.code, b.code]}})
    shown = pages.contest_board(people["a"][0], quiz.slug, now=AFTER)
    assert {u.code for u in shown.units} == {a.code, b.code}


def test_the_board_costs_the_same_queries_for_few_or_many(client, login_as, count_queries):
    root, (a, b, c), people = org()
    quiz = make_contest(owner=root, show_names=True)
    took(quiz, people["a"][0], "90")
    manager = make_member(root, roles=(Role.MANAGER,))
    login_as(manager)
    url = f"/quizzes/contests/{quiz.slug}/board"
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for n in range(3):
        branch = make_unit(root)
        for _ in range(4):
            took(quiz, make_member(branch), str(50 + n * 10))
    with count_queries() as many:
        page = client.get(url)
    assert len(find_all(page.get_data(as_text=True), "tr", data_member=True)) == 13
    assert len(few) == len(many) == 6, many.statements


def test_the_contest_list_sorts_by_state_and_links_the_board(client, login_as, count_queries):
    root, _, people = org()
    now = datetime.now(UTC)
    make_contest("past", owner=root, opens_at=now - timedelta(days=9),
                 closes_at=now - timedelta(days=2))
    make_contest("running", owner=root, opens_at=now - timedelta(days=1),
                 closes_at=now + timedelta(days=1))
    make_contest("coming", owner=root, opens_at=now + timedelta(days=3),
                 closes_at=now + timedelta(days=4))
    login_as(people["a"][0])
    with count_queries() as queries:
        page = client.get("/quizzes/contests").get_data(as_text=True)
    sections = {s["aria-labelledby"]: s for s in find_all(page, "section")}
    assert "running 测验" in sections["contests-open"].text
    assert "coming 测验" in sections["contests-upcoming"].text
    assert "past 测验" in sections["contests-closed"].text
    assert find_all(page, "a", href="/quizzes/contests/running/board")
    assert len(queries) <= 3, queries.statements


def test_a_draft_or_non_contest_has_no_board(client, login_as):
    member = make_member()
    make_quiz("plain", [single("s")])
    login_as(member)
    assert client.get("/quizzes/contests/plain/board").status_code == 404
    assert client.get("/quizzes/contests/nothing/board").status_code == 404
