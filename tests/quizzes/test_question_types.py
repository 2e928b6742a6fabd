from decimal import Decimal

import pytest

from learnhub.quizzes.questions.spec import Choice, QuestionSpec, QuestionType
from learnhub.quizzes.questions.types import (
    InvalidResponse,
    chosen_feedback,
    clean_response,
    grade,
    normalise_text,
)
from tests.quizzes.builders import essay, fill, judge, multiple, single


def test_single_choice_earns_the_points_of_the_right_option_only():
    spec = single("s", right=1, points=Decimal(2))
    assert grade(spec, 1) == Decimal("2.00")
    assert grade(spec, 0) == Decimal("0.00")
    assert grade(spec, None) == Decimal("0.00")


def test_multiple_choice_is_all_or_nothing_unless_partial():
    spec = multiple("m", right=(0, 2), options=4)
    assert grade(spec, [0, 2]) == 1
    assert grade(spec, [0]) == 0
    assert grade(spec, [0, 1, 2]) == 0
    partial = multiple("m", right=(0, 2), options=4, partial_credit=True)
    assert grade(partial, [0]) == Decimal("0.50")
    assert grade(partial, [0, 1]) == 0  # a wrong choice takes its share off, never below 0
    assert grade(partial, [0, 2]) == 1


def test_multiple_choice_weights_add_up_and_are_capped():
    spec = QuestionSpec(type=QuestionType.MULTIPLE, prompt="?", partial_credit=True,
                        choices=(Choice("a", True, 50), Choice("b", True, 50),
                                 Choice("c", False, -100)))
    assert grade(spec, [0]) == Decimal("0.50")
    assert grade(spec, [0, 1]) == 1
    assert grade(spec, [0, 1, 2]) == 0


def test_true_false_is_a_choice_between_two():
    assert grade(judge("j", answer=False), 1) == 1
    assert grade(judge("j", answer=False), 0) == 0


@pytest.mark.parametrize("typed", ["共产主义", " 共产主义。", "共产主义社会", "共 产 主 义"])
def test_fill_accepts_any_listed_answer_after_normalising(typed):
    assert grade(fill("f", "共产主义", "共产主义社会"), typed) == 1


def test_fill_folds_full_width_and_case():
    assert normalise_text("Ｃ　Ｐ　Ｃ！") == "cpc"
    assert grade(fill("f", "CPC"), "ｃｐｃ") == 1
    assert grade(fill("f", "共产主义"), "社会主义") == 0


def test_fill_numbers_within_tolerance():
    spec = QuestionSpec(type=QuestionType.FILL, prompt="?",
                        choices=(Choice("3.14", True, tolerance=Decimal("0.01")),))
    assert grade(spec, "３.１５") == 1
    assert grade(spec, "3.2") == 0
    assert grade(spec, "pi") == 0


def test_an_essay_waits_for_a_person_unless_empty():
    assert grade(essay("e"), "我的体会是……") is None
    assert grade(essay("e"), "   ") == 0


def test_responses_that_cannot_belong_to_the_question_are_refused():
    spec = single("s", options=3)
    assert clean_response(spec, "2") == 2
    assert clean_response(spec, "") is None
    for bad in ("3", "-1", "x", True, 1.5):
        with pytest.raises(InvalidResponse):
            clean_response(spec, bad)
    assert clean_response(multiple("m"), ["1", 0, "1"]) == [0, 1]


def test_feedback_of_what_was_chosen():
    spec = QuestionSpec(type=QuestionType.SINGLE, prompt="?",
                        choices=(Choice("a", True, feedback="对了"), Choice("b", feedback="再想想")))
    assert chosen_feedback(spec, 1) == ["再想想"]
