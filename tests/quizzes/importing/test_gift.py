"""GIFT → QuestionSpec: every construct Moodle documents for our types, every escape,
and each construct we refuse, with its line."""

from decimal import Decimal

import pytest

from learnhub.quizzes.format.gift import category_name, parse_gift
from learnhub.quizzes.questions.spec import Choice, QuestionType
from learnhub.quizzes.questions.types import chosen_feedback, grade


def one(text):
    specs, problems = parse_gift(text, "bank.gift")
    assert problems == []
    assert len(specs) == 1, specs
    return specs[0]


def refused(text):
    specs, problems = parse_gift(text, "bank.gift")
    assert problems, specs
    return [(p.line, p.message) for p in problems]


def test_title_becomes_title_and_a_slugified_key():
    spec = one("::Grant's Tomb:: Who is buried in Grant's tomb?{~Grant =no one}")
    assert spec.title == "Grant's Tomb" and spec.key == "grant-s-tomb"
    assert spec.prompt == "Who is buried in Grant's tomb?"


def test_chinese_title_keeps_its_letters_as_key():
    assert one("::入党 誓词::题{=甲 ~乙}").key == "入党-誓词"


def test_questions_without_title_are_q1_q2_and_titles_are_unique_in_the_file():
    specs, problems = parse_gift("甲{T}\n\n::Same::乙{F}\n\n::same::丙{T}\n\n丁{T}\n", "b.gift")
    assert problems == []
    assert [s.key for s in specs] == ["q1", "same", "same-2", "q4"]


def test_category_applies_to_the_questions_after_it():
    specs, problems = parse_gift(
        "一{T}\n\n$CATEGORY: $course$/top/党章/党员权利\n\n二{T}\n\n三{F}\n\n"
        "$CATEGORY: 党员义务\n四{T}\n", "b.gift")
    assert problems == []
    assert [s.category for s in specs] == ["", "党员权利", "党员权利", "党员义务"]


@pytest.mark.parametrize(("path", "name"), [
    ("a/b", "b"), ("党员权利", "党员权利"), ("$course$/top", ""),
    ("$system$/top/Default for X/子类", "子类"), ("top/a//b", "a/b")])
def test_category_is_the_last_part_of_the_path(path, name):
    assert category_name(path) == name


def test_comment_lines_are_ignored_anywhere():
    spec = one("// 第一章\n::T:: 题干\n// 中间的注释\n{=甲 ~乙}\n// 结尾")
    assert spec.prompt == "题干" and [c.text for c in spec.choices] == ["甲", "乙"]


def test_single_choice_with_feedback_and_general_feedback():
    spec = one("党章规定的义务有几项？{\n~六项#少了\n=八项#对，第三条\n~十项\n####见党章第三条\n}")
    assert spec.type == QuestionType.SINGLE
    assert spec.choices == (Choice("六项", feedback="少了"),
                            Choice("八项", correct=True, feedback="对，第三条"),
                            Choice("十项"))
    assert spec.explanation == "见党章第三条"
    assert chosen_feedback(spec, 0) == ["少了"]


def test_single_choice_partial_weights_on_wrong_options():
    spec = one("Q {=对 ~%50%半对 ~错}")
    assert spec.type == QuestionType.SINGLE
    assert [c.percent for c in spec.choices] == [100, 50, 0]
    assert grade(spec, 1) == Decimal("0.50")


def test_single_choice_negative_weight_scores_nothing():
    spec = one("Q {=对 ~%-50%错}")
    assert spec.choices[1] == Choice("错")


def test_weights_without_equals_make_a_multiple_choice_with_partial_credit():
    spec = one("Q {~%50%甲 ~%50%乙 ~%-100%丙 ~丁}")
    assert spec.type == QuestionType.MULTIPLE and spec.partial_credit
    assert [(c.correct, c.weight) for c in spec.choices] == [
        (True, 50), (True, 50), (False, -100), (False, 0)]
    assert grade(spec, [0, 1]) == Decimal("1.00")
    assert grade(spec, [0, 3]) == Decimal("0.50")
    assert grade(spec, [0, 2]) == Decimal("0.00")


def test_fractional_weights_round_to_whole_percents():
    spec = one("Q {~%33.33333%甲 ~%33.33333%乙 ~%33.33333%丙 ~丁}")
    assert [c.weight for c in spec.choices] == [33, 33, 33, 0]


def test_weights_that_do_not_add_up_to_100_are_refused():
    assert refused("Q\n{~%50%甲 ~%20%乙 ~丙}") == [(2, "多选题得分选项的比例合计 70%，应为 100%。")]


def test_several_full_answers_in_a_single_choice_are_refused():
    [(line, message)] = refused("Q {=甲 =乙 ~丙}")
    assert line == 1 and "单选题有 2 个满分答案" in message


def test_true_false_forms_and_their_feedback():
    for text, answer in (("{T}", True), ("{TRUE}", True), ("{F}", False), ("{FALSE}", False)):
        spec = one("预备期为一年。" + text)
        assert spec.type == QuestionType.TRUE_FALSE
        assert [c.correct for c in spec.choices] == [answer, not answer]
    spec = one("预备期为一年。{TRUE#错了，是一年#对####党章第七条}")
    assert [c.feedback for c in spec.choices] == ["对", "错了，是一年"]
    assert spec.explanation == "党章第七条"
    spec = one("预备期为两年。{F#错了#对}")
    assert [c.feedback for c in spec.choices] == ["错了", "对"]


def test_short_answer_is_fill_with_every_accepted_answer():
    spec = one("党的最高理想是什么？{=共产主义 =%50%共产主义社会#不够准确}")
    assert spec.type == QuestionType.FILL
    assert spec.choices == (Choice("共产主义", correct=True),
                            Choice("共产主义社会", correct=True, weight=50,
                                   feedback="不够准确"))


def test_answer_in_the_middle_is_a_missing_word_shown_as_a_blank():
    spec = one("党的最高理想是{=共产主义}，最低纲领另说。")
    assert spec.prompt == "党的最高理想是____，最低纲领另说。"
    spec = one("Grant is {~buried =entombed ~living} in Grant's tomb.")
    assert spec.type == QuestionType.SINGLE
    assert spec.prompt == "Grant is ____ in Grant's tomb."


def test_numeric_with_tolerance_range_and_weights_become_fill_with_tolerance():
    spec = one("π?{#3.14:0.01}")
    assert spec.type == QuestionType.FILL
    assert spec.choices == (Choice("3.14", correct=True, tolerance=Decimal("0.01")),)
    assert grade(spec, "3.145") == 1
    spec = one("1 到 5 之间{#1..5}")
    assert spec.choices == (Choice("3", correct=True, tolerance=Decimal("2")),)
    assert grade(spec, "4.9") == 1 and grade(spec, "5.1") == 0
    spec = one("Grant 生于？{#\n=1822:0#对\n=%50%1822:2#差不多\n}")
    assert spec.choices == (Choice("1822", correct=True, tolerance=Decimal("0"), feedback="对"),
                            Choice("1822", correct=True, weight=50, tolerance=Decimal("2"),
                                   feedback="差不多"))
    assert grade(spec, "1821") == Decimal("0.50")


def test_numeric_that_is_not_a_number_is_refused_on_its_line():
    assert refused("Q {#\n=abc:1\n}") == [(2, "“abc”不是数字。")]


def test_empty_answer_section_is_an_essay_with_its_general_feedback():
    spec = one("谈谈你的体会。{####应联系本职工作}")
    assert spec.type == QuestionType.ESSAY and spec.choices == ()
    assert spec.explanation == "应联系本职工作"
    assert one("谈谈体会{}").type == QuestionType.ESSAY


@pytest.mark.parametrize(("written", "shown"), [
    (r"1 + 1 \= 2", "1 + 1 = 2"), (r"a \~ b", "a ~ b"), (r"第 \# 号", "第 # 号"),
    (r"集合 \{1\}", "集合 {1}"), (r"时间 10\:30", "时间 10:30"), (r"a \\ b", "a \\ b")])
def test_escapes_in_question_text(written, shown):
    assert one(written + " {T}").prompt == shown


def test_escapes_in_answers_and_feedback():
    spec = one(r"Q {=a\=b#x\#y ~c\~d ~e\{f\}g\:h}")
    assert [c.text for c in spec.choices] == ["a=b", "c~d", "e{f}g:h"]
    assert spec.choices[0].feedback == "x#y"


def test_escaped_newline_is_a_line_break():
    assert one(r"第一行\n第二行{T}").prompt == "第一行  \n第二行"


def test_multi_line_question_keeps_its_lines():
    spec = one("::多行::\n第一行\n第二行\n{\n=甲\n~乙\n}")
    assert spec.prompt == "第一行  \n第二行" and spec.line == 1


def test_format_markers():
    assert one("[markdown]**粗体**\n续行{T}").prompt == "**粗体**\n续行"
    assert one("[plain]*不是强调* #1{T}").prompt == r"\*不是强调\* \#1"
    assert one("[moodle]普通文字{T}").prompt == "普通文字"
    # HTML is kept: the renderer's allow-list makes it safe when it is saved.
    assert one("[html]<p>段落 <b>粗</b></p>{T}").prompt == "<p>段落 <b>粗</b></p>"
    spec = one("[html]<p>问题</p>{=[html]<b>甲</b> &amp; 乙#[html]<i>对</i> ~丙}")
    assert spec.choices[0].text == "甲 & 乙" and spec.choices[0].feedback == "对"


def test_format_marker_after_title():
    spec = one("::T::[markdown]*强调*{T}")
    assert spec.title == "T" and spec.prompt == "*强调*"


def test_blank_lines_separate_questions_and_lines_are_counted():
    specs, problems = parse_gift("\n\n一{T}\n\n\n::二::\n二{F}\n", "b.gift")
    assert problems == [] and [s.line for s in specs] == [3, 6]


def test_windows_line_endings_and_a_byte_order_mark():
    specs, problems = parse_gift("\ufeff::A::甲{T}\r\n\r\n::B::乙\r\n{F}\r\n", "b.gift")
    assert problems == [] and [(s.key, s.prompt, s.line) for s in specs] == [
        ("a", "甲", 1), ("b", "乙", 3)]


def test_matching_is_refused_on_its_line():
    [(line, message)] = refused("一{T}\n\n::配对::\n请配对\n{\n=甲 -> 乙\n=丙 -> 丁\n}")
    assert line == 6 and "配对题" in message


def test_description_without_answers_is_refused():
    [(line, message)] = refused("一{T}\n\n这只是一段说明。\n")
    assert line == 3 and "说明" in message and "description" in message


def test_cloze_is_refused():
    [(line, message)] = refused("题目\n{1:MC:~甲~=乙}")
    assert line == 2 and "Cloze" in message


def test_two_answer_sections_are_refused():
    [(line, message)] = refused("甲{=一}乙\n{=二}")
    assert line == 2 and "只能有一个答案部分" in message


def test_unclosed_brace_and_title_are_refused():
    assert refused("题目 {=甲") == [(1, "答案部分的 { 没有对应的 }（答案中的 { } 要写成 \\{ \\}）。")]
    assert refused("::标题 题目 {T}")[0][0] == 1
    assert refused("题目 } {T}")[0][1].startswith("多了一个 }")


def test_numeric_other_answer_feedback_is_refused():
    [(line, message)] = refused("Q {#\n=5\n~#其他答案都不对\n}")
    assert line == 3 and "~#" in message


def test_every_problem_in_the_file_is_reported():
    specs, problems = parse_gift(
        "好{T}\n\n说明\n\n配对{=a -> b =c -> d}\n\n选择 {~%50%a ~b}\n", "b.gift")
    assert [p.line for p in problems] == [3, 5, 7]
    assert all(str(p).startswith("b.gift:") for p in problems)


def test_option_without_marker_is_refused():
    [(line, message)] = refused("Q {甲 ~乙 =丙}")
    assert line == 1 and "缺少 =" in message


def _section(marker: str, count: int, first: str = "=") -> str:
    """An answer section with `count` options or answers, one a line from line 2."""
    return "".join(f"{first if i == 0 else marker}选项{i}\n" for i in range(count))


def test_at_most_max_choices_options_or_answers_are_imported():
    """The same limit as the Markdown format (item analysis counts options as bits)."""
    from learnhub.quizzes.questions.spec import MAX_CHOICES
    assert len(one("题？{\n" + _section("~", MAX_CHOICES) + "}").choices) == MAX_CHOICES
    too_many = f"选项太多（最多 {MAX_CHOICES} 个）。"
    # the option over the limit is on line 2 + MAX_CHOICES
    assert refused("题？{\n" + _section("~", MAX_CHOICES + 1) + "}") == [
        (2 + MAX_CHOICES, too_many)]
    assert refused("题？{\n" + _section("=", MAX_CHOICES + 1) + "}") == [
        (2 + MAX_CHOICES, too_many)]  # a short answer's accepted answers
    numbers = "".join(f"={i}\n" for i in range(MAX_CHOICES + 1))
    assert refused("题？{#\n" + numbers + "}") == [(2 + MAX_CHOICES, too_many)]
    specs, _ = parse_gift("题？{\n" + _section("~", MAX_CHOICES + 1) + "}\n\n好{T}\n", "b.gift")
    assert [s.type for s in specs] == [QuestionType.TRUE_FALSE]  # the rest still read
