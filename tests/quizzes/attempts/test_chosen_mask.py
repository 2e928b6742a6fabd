"""`quiz_attempt_item.chosen`, the options of a response as a bitmask (item analysis counts
options from it): written with every response, by saving, grading, the ORM and the
migration that filled it for existing items, always equal to `chosen_mask(response)`."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update

from learnhub.extensions import db
from learnhub.quizzes.attempts.answers import chosen_mask
from learnhub.quizzes.attempts.grading import submit
from learnhub.quizzes.attempts.models import AttemptItem
from learnhub.quizzes.attempts.saving import save_answer
from learnhub.quizzes.attempts.starting import start
from tests.factories import make_member
from tests.quizzes.attempts.support import NOW, items_of
from tests.quizzes.builders import essay, fill, judge, make_quiz, multiple, single

MIGRATION = (Path(__file__).resolve().parents[3] / "migrations" / "versions"
             / "2026-12-07_0436_attempt_item_chosen.py")


@pytest.mark.parametrize(("response", "mask"), [
    (0, 0b1), (2, 0b100), ([0, 2], 0b101), ([1, 3, 3], 0b1010), ([], 0), (62, 1 << 62),
    (63, 0), (-1, 0), ("共产主义", None), ("", None), (None, None), (True, None), (1.5, None),
    ([0, "x", True, 2], 0b101),
])
def test_the_mask_has_a_bit_per_chosen_option_and_none_for_text(response, mask):
    assert chosen_mask(response) == mask


def _started(specs):
    member = make_member()
    quiz = make_quiz(specs=specs)
    return member, start(member, quiz, quiz.current_version, NOW)


def _masks(attempt) -> list[int | None]:
    db.session.expire_all()
    return [item.chosen for item in items_of(attempt)]


def test_saving_an_answer_writes_the_options_it_chose():
    member, attempt = _started([single("s", right=2, options=4), multiple("m"), judge("j")])
    orders = [item.choice_order for item in items_of(attempt)]
    save_answer(member, attempt.id, 1, 0, NOW)
    save_answer(member, attempt.id, 2, [0, 1, 3], NOW)
    save_answer(member, attempt.id, 3, 1, NOW)
    assert _masks(attempt) == [1 << orders[0][0],
                               sum(1 << orders[1][p] for p in (0, 1, 3)),
                               1 << orders[2][1]]
    assert bin(_masks(attempt)[1] or 0).count("1") == 3  # several bits for a multiple choice


def test_clearing_an_answer_clears_the_mask():
    member, attempt = _started([single("s"), multiple("m")])
    save_answer(member, attempt.id, 1, 0, NOW)
    save_answer(member, attempt.id, 2, [0, 1], NOW)
    save_answer(member, attempt.id, 1, None, NOW)
    save_answer(member, attempt.id, 2, [], NOW)
    assert _masks(attempt) == [None, None]


def test_fill_and_essay_answers_leave_it_null():
    member, attempt = _started([fill("f"), essay("e")])
    save_answer(member, attempt.id, 1, "共产主义", NOW)
    save_answer(member, attempt.id, 2, "我的心得体会。", NOW)
    assert _masks(attempt) == [None, None]
    assert [item.response for item in items_of(attempt)] == ["共产主义", "我的心得体会。"]


def test_answers_sent_with_the_submit_write_the_mask_with_the_response():
    member, attempt = _started([single("s", options=4), multiple("m"), fill("f")])
    save_answer(member, attempt.id, 1, 0, NOW)  # replaced by the form's answer below
    submit(attempt, NOW, {1: 3, 2: [1, 2], 3: "共产主义"})
    items = items_of(attempt)
    db.session.expire_all()
    assert [item.chosen for item in items] == [chosen_mask(item.response) for item in items]
    assert items[0].chosen == 1 << items[0].choice_order[3]
    assert items[1].chosen == sum(1 << items[1].choice_order[p] for p in (1, 2))
    assert items[2].chosen is None


def test_the_orm_keeps_the_mask_with_the_response():
    item = AttemptItem(response=[0, 2])
    assert item.chosen == 0b101
    item.response = "文字"
    assert item.chosen is None


def _migration():
    spec = importlib.util.spec_from_file_location("attempt_item_chosen", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_fills_the_mask_of_existing_responses_as_chosen_mask_would():
    """Responses written before the column existed (Core inserts leave it NULL), then the
    migration's backfill: the same masks as chosen_mask, on SQLite and PostgreSQL."""
    member, attempt = _started([single(f"s{n}", options=4) for n in range(12)])
    responses = [0, 3, [0, 2], [1, 3, 3], [], "共产主义", "", None, True, 62, 63, -1]
    ids = [item.id for item in items_of(attempt)]
    for item_id, response in zip(ids, responses, strict=True):
        db.session.execute(update(AttemptItem).where(AttemptItem.id == item_id)
                           .values(response=response, chosen=None))
    db.session.execute(insert(AttemptItem), [{
        "attempt_id": attempt.id, "position": 13, "question_version_id":
            items_of(attempt)[0].question_version_id, "choice_order": [0, 1],
        "response": [0, 1], "mark_comment": ""}])
    responses.append([0, 1])
    assert set(db.session.scalars(select(AttemptItem.chosen).where(
        AttemptItem.attempt_id == attempt.id))) == {None}
    _migration().backfill(db.session.connection())
    db.session.expire_all()
    stored = [(item.response, item.chosen) for item in items_of(attempt)]
    assert [chosen for _, chosen in stored] == [chosen_mask(r) for r in responses]
    assert [chosen for _, chosen in stored][:5] == [1, 8, 5, 10, 0]
