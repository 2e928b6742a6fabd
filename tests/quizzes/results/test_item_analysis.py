"""Item analysis: facility, discrimination (top third vs bottom third), point-biserial,
option counts and flags, per question version, in a fixed number of grouped queries."""

from __future__ import annotations

import statistics

from learnhub.extensions import db as _db
from learnhub.org.models import Role
from learnhub.quizzes.banks.store import save_questions
from learnhub.quizzes.results.item_analysis import item_analysis
from learnhub.quizzes.results.scope import ResultFilter
from tests.factories import make_member, make_unit
from tests.quizzes.builders import judge, make_quiz, multiple, single
from tests.quizzes.results.attempts import make_attempt

SPECS = [single("good", 1, options=2), single("bad", 0), single("hard", 2), judge("j1"),
         multiple("m1", (0, 1))]
# Ten strong learners (3 of them solve "hard"), ten middling, ten weak; the key of "bad"
# is wrong: only the weak choose the keyed option.
STRONG = {"good": 1, "bad": 1, "hard": 1, "j1": 0, "m1": [0, 1]}
SOLVER = {**STRONG, "hard": 2}
MIDDLE = {"good": 1, "bad": 2, "hard": 0, "j1": 0, "m1": [0, 1]}
WEAK = {"good": 0, "bad": 0, "hard": 0, "j1": 1, "m1": [0]}


def build(count=30):
    root = make_unit(name="党委")
    branch = make_unit(root, name="一支部")
    trainer = make_member(branch, roles=(Role.TRAINER,))
    quiz = make_quiz("analysed", SPECS, owner_unit_id=branch.id)
    answers = [SOLVER] * 3 + [STRONG] * 7 + [MIDDLE] * 10 + [WEAK] * 10
    for response in answers[:count]:
        make_attempt(quiz, make_member(branch), response)
    return trainer, quiz, branch


def by_key(analysis):
    return {(item.question_key, item.version_number): item for item in analysis.items}


def test_facility_discrimination_and_options_from_thirds_of_the_attempts(app):
    trainer, quiz, _ = build()
    with app.test_request_context():
        analysis = item_analysis(trainer, quiz, ResultFilter())
    items = by_key(analysis)
    assert analysis.attempts == 30
    good, bad, hard = items["good", 1], items["bad", 1], items["hard", 1]
    assert good.facility == 20 / 30 and good.top == (10, 10) and good.bottom == (10, 0)
    assert good.discrimination == 1.0 and good.flags == []
    assert bad.discrimination == -1.0 and bad.flags == ["negative_discrimination"]
    assert [o.picks for o in bad.options] == [10, 10, 10]
    assert hard.facility == 0.1 and hard.flags == ["low_facility"]
    assert abs(hard.discrimination - 0.3) < 1e-9
    m1 = items["m1", 1]
    assert [o.picks for o in m1.options] == [30, 20, 0, 0]
    assert [o.correct for o in m1.options] == [True, True, False, False]
    assert m1.flags == ["unpicked_option"] and analysis.flagged == 3


def test_point_biserial_is_the_correlation_of_full_marks_with_the_attempt_percent(app):
    trainer, quiz, _ = build()
    with app.test_request_context():
        hard = by_key(item_analysis(trainer, quiz, ResultFilter()))["hard", 1]
    percents = [80.0] * 3 + [60.0] * 17 + [20.0] * 10
    solved = [1.0] * 3 + [0.0] * 27
    assert abs(hard.point_biserial - statistics.correlation(solved, percents)) < 1e-9


def test_no_flags_under_twenty_attempts(app):
    trainer, quiz, _ = build(count=19)
    with app.test_request_context():
        analysis = item_analysis(trainer, quiz, ResultFilter())
    assert analysis.attempts == 19 and analysis.flagged == 0
    assert not any(item.enough for item in analysis.items)


def test_each_version_of_a_question_is_analysed_apart(app):
    trainer, quiz, branch = build(count=3)
    save_questions(quiz.bank, [single("good", 1, options=2, prompt="改过的题干？"), *SPECS[1:]])
    _db.session.expire_all()
    make_attempt(quiz, make_member(branch), STRONG)
    with app.test_request_context():
        items = by_key(item_analysis(trainer, quiz, ResultFilter()))
    assert items["good", 1].attempts == 3 and not items["good", 1].is_current
    assert items["good", 2].attempts == 1 and items["good", 2].is_current
    assert "改过的题干" in items["good", 2].prompt_html


def test_attempts_outside_the_trainers_subtree_are_not_analysed(app):
    trainer, quiz, branch = build(count=5)
    make_attempt(quiz, make_member(make_unit(name="别的党委")), WEAK)
    with app.test_request_context():
        assert item_analysis(trainer, quiz, ResultFilter()).attempts == 5


def test_the_analysis_page_shows_flags_and_options_in_constant_queries(
        client, login_as, count_queries):
    trainer, quiz, branch = build()
    client = login_as(trainer)

    def count() -> int:
        client.get("/quizzes/analysed/analysis")
        with count_queries() as queries:
            page = client.get("/quizzes/analysed/analysis")
        assert page.status_code == 200
        return len(queries)

    few = count()
    for _ in range(10):
        make_attempt(quiz, make_member(branch), MIDDLE)
    assert count() == few
    page = client.get("/quizzes/analysed/analysis").get_data(as_text=True)
    assert "区分度为负" in page and "得满分的不足 20%" in page and "有选项无人选择" in page
    assert "选项4" in page and "第 1 版" in page
