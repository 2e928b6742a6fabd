"""Reading a quiz file: each construct of docs/authoring.md "测验 / Quizzes", and each
problem with its line."""

from __future__ import annotations

import re
import textwrap
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from learnhub.quizzes.format.parsing import parse_quiz, parse_quiz_file
from learnhub.quizzes.questions.spec import Choice, QuestionType

HEAD = "---\ntitle: 测验\n---\n"  # the body's first line is line 4
SHANGHAI = ZoneInfo("Asia/Shanghai")


def parse(body: str, head: str = HEAD):
    return parse_quiz(head + body, path="quizzes/q.md", slug="q", zone=SHANGHAI)


def problems(body: str, head: str = HEAD) -> list[str]:
    return [str(p) for p in parse(body, head).problems]


def only(body: str, head: str = HEAD):
    result = parse(body, head)
    assert result.problems == [], result.problems
    return result


SINGLE = "## 单选 {#s}\n\n问？\n\n- [ ] 甲\n- [x] 乙\n"


def test_the_examples_in_docs_authoring_parse_without_problems():
    doc = Path("docs/authoring.md").read_text(encoding="utf-8")
    section = doc[doc.index("## 测验 / Quizzes"):]
    examples = [found.group(2) for found in re.finditer(
        r"(?m)^ *(`{3,4})markdown\n(.*?)^ *\1$", section, re.S)]
    examples = [textwrap.dedent(example) for example in examples]
    questions = next(example for example in examples if example.startswith("## 单选"))
    assert len(examples) >= 5
    for example in examples:
        if not example.startswith("---"):
            example = HEAD + "\n" + example
        elif "\n## " not in example:
            example += "\n" + questions  # front matter alone: with the example questions
        result = parse_quiz(example, path="x.md", slug="x", zone=SHANGHAI)
        assert result.problems == [], (example[:80], result.problems)


def test_single_choice_with_key_category_points_feedback_and_explanation():
    result = only("## 单选 {#oath category=党员义务 points=2}\n\n几项？\n\n- [ ] 六项\n"
                  "- [x] 八项\n- [ ] 十项\n  反馈：是八项。\n\n解析：党章第三条。\n")
    [spec] = result.specs
    assert (spec.type, spec.key, spec.category, spec.points, spec.line) == (
        QuestionType.SINGLE, "oath", "党员义务", Decimal(2), 4)
    assert spec.prompt == "几项？"
    assert spec.choices == (Choice("六项"), Choice("八项", correct=True),
                            Choice("十项", feedback="是八项。"))
    assert spec.explanation == "党章第三条。"


def test_title_between_the_type_and_the_attributes_and_english_type_names():
    result = only("## multiple 党员的权利 {#r partial}\n\n哪些？\n\n- [x] 甲\n- [50%] 乙\n- [-50%] 丙\n")
    [spec] = result.specs
    assert (spec.type, spec.title, spec.partial_credit) == (QuestionType.MULTIPLE, "党员的权利", True)
    assert [c.weight for c in spec.choices] == [None, 50, -50]
    assert [c.correct for c in spec.choices] == [True, True, False]


def test_true_false_by_answer_line_or_by_two_choices_with_feedback():
    result = only("## 判断 {#a}\n\n一年。\n\n答案：对\n\n## 判断 {#b}\n\n两年。\n\n"
                  "- [ ] 正确\n  反馈：不对。\n- [x] 错误\n")
    first, second = result.specs
    assert first.choices == (Choice("正确", correct=True), Choice("错误"))
    assert second.choices == (Choice("正确", feedback="不对。"), Choice("错误", correct=True))


def test_fill_answers_by_line_list_weights_and_numeric_tolerance():
    result = only("## 填空 {#f}\n\n实现____。\n\n答案：共产主义 | 共产主义社会\n\n"
                  "## 填空 {#n}\n\n圆周率？\n\n- [x] 3.14 ± 0.01\n- [50%] 3\n  反馈：太粗。\n")
    words, number = result.specs
    assert [c.text for c in words.choices] == ["共产主义", "共产主义社会"]
    assert number.choices == (Choice("3.14", correct=True, tolerance=Decimal("0.01")),
                              Choice("3", correct=True, weight=50, feedback="太粗。"))


def test_essay_with_min_chars_and_a_multi_paragraph_prompt_with_subheadings():
    result = only("## 心得 {#e min_chars=200}\n\n第一段。\n\n### 要求\n\n第二段。\n\n解析：要点一。\n\n要点二。\n")
    [spec] = result.specs
    assert spec.min_chars == 200 and spec.choices == ()
    assert spec.prompt == "第一段。\n\n### 要求\n\n第二段。"
    assert spec.explanation == "要点一。\n\n要点二。"


def test_description_before_the_first_question():
    result = only("说明文字，**加粗**。\n\n" + SINGLE)
    assert result.description == "说明文字，**加粗**。"


def test_quoted_category_with_spaces():
    [spec] = only('## 单选 {#s category="党员 权利"}\n\n问？\n\n- [ ] 甲\n- [x] 乙\n').specs
    assert spec.category == "党员 权利"


def test_headings_and_choices_inside_a_code_block_are_text():
    body = "## 单选 {#s}\n\n看代码：\n\n```\n## 不是题目\n- [x] 不是选项\n```\n\n- [ ] 甲\n- [x] 乙\n"
    [spec] = only(body).specs
    assert "## 不是题目" in spec.prompt and len(spec.choices) == 2


def test_a_backslash_keeps_a_line_from_reading_as_syntax():
    [spec] = only("## 单选 {#s}\n\n\\答案：这是题干\n\\- [x] 也是\n\n- [ ] 甲\n- [x] 乙\n").specs
    assert spec.prompt == "答案：这是题干\n- [x] 也是"


def test_missing_keys_are_named_by_position_with_a_warning():
    result = only("## 单选\n\n问？\n\n- [ ] 甲\n- [x] 乙\n\n" + SINGLE.replace("#s", "#named")
                  + "\n## 判断\n\n对吗？\n\n答案：错\n")
    assert [s.key for s in result.specs] == ["q1", "named", "q3"]
    assert [(w.line, w.message.startswith("提示：")) for w in result.warnings] == [
        (4, True), (18, True)]


def test_settings_and_their_defaults():
    head = ("---\ntitle: 竞赛\nmode: contest\npass_percent: 80\ntime_limit: 20\nattempts: 3\n"
            "cooldown: 10\ngrading: last\nopens: 2026-12-01 09:00\ncloses: 2026-12-31 18:00\n"
            "shuffle_questions: true\nshuffle_choices: false\ncredit_hours: 0.5\n"
            "review:\n  correct: after_close\n  explanations: never\nshow_names: true\n"
            "course: party-rules\nrequired: false\nowner_unit: GB01\n"
            "questions: [s, other-bank/k1]\n---\n")
    settings = only(SINGLE, head).settings
    assert (settings.mode, settings.pass_percent, settings.time_limit, settings.attempts,
            settings.cooldown, settings.grading) == ("contest", 80, 20, 3, 10, "last")
    assert settings.opens == datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    assert settings.closes == datetime(2026, 12, 31, 10, 0, tzinfo=UTC)
    assert (settings.shuffle_questions, settings.shuffle_choices, settings.show_names,
            settings.required) == (True, False, True, False)
    assert settings.credit_hours == Decimal("0.50")
    assert settings.review == {"score": "immediately", "responses": "immediately",
                               "correct": "after_close", "explanations": "never"}
    assert (settings.course, settings.owner_unit) == ("party-rules", "GB01")
    assert settings.questions == ["s", "other-bank/k1"]
    defaults = only(SINGLE).settings
    assert (defaults.mode, defaults.pass_percent, defaults.time_limit, defaults.attempts,
            defaults.shuffle_choices, defaults.draw, defaults.questions) == (
        "quiz", 60, None, 0, True, None, None)


def test_draw_from_own_categories_and_from_another_bank():
    head = ("---\ntitle: t\ndraw:\n  - category: 甲\n    count: 1\n"
            "  - bank: other-bank\n    category: 乙\n    count: 5\n---\n")
    body = SINGLE.replace("#s", "#s category=甲")
    draws = parse(body, head).settings.draw
    assert [(d.bank, d.category, d.count, d.line) for d in draws] == [
        ("", "甲", 1, 4), ("other-bank", "乙", 5, 6)]


def test_a_quiz_of_other_banks_questions_needs_none_of_its_own():
    head = "---\ntitle: 竞赛\nmode: contest\nquestions:\n  - a-quiz/s\n  - b-quiz/t\n---\n"
    result = only("说明文字。\n", head)
    assert result.specs == [] and result.settings.questions == ["a-quiz/s", "b-quiz/t"]
    assert problems("说明文字。\n", "---\ntitle: t\nquestions:\n  - s\n---\n") != []


H = 4  # the first body line


@pytest.mark.parametrize(("body", "head", "expected"), [
    (SINGLE, "---\ntitle: t\nteacher: x\n---\n", "quizzes/q.md:3: 未知的键 teacher"),
    (SINGLE, "---\nmode: quiz\n---\n", "quizzes/q.md:1: 缺少必填的键 title"),
    (SINGLE, "---\ntitle: t\nmode: exam\n---\n", "quizzes/q.md:3: mode 只能是 quiz, practice, contest"),
    (SINGLE, "---\ntitle: t\npass_percent: 120\n---\n", "quizzes/q.md:3: pass_percent 必须是 0 到 100"),
    (SINGLE, "---\ntitle: t\nattempts: -1\n---\n", "quizzes/q.md:3: attempts 必须是"),
    (SINGLE, "---\ntitle: t\ngrading: best\n---\n", "quizzes/q.md:3: grading 只能是"),
    (SINGLE, "---\ntitle: t\nopens: 明天\n---\n", "quizzes/q.md:3: opens 必须是日期和时间"),
    (SINGLE, "---\ntitle: t\nopens: 2026-12-02 09:00\ncloses: 2026-12-01 09:00\n---\n",
     "quizzes/q.md:4: closes 必须晚于 opens"),
    (SINGLE, "---\ntitle: t\nreview:\n  score: later\n---\n", "quizzes/q.md:4: review.score 只能是"),
    (SINGLE, "---\ntitle: t\nreview:\n  answers: never\n---\n", "quizzes/q.md:4: review 中未知的键 answers"),
    (SINGLE, "---\ntitle: t\nshow_names: true\n---\n", "quizzes/q.md:3: show_names 只用于知识竞赛"),
    (SINGLE, "---\ntitle: t\nshuffle_choices: 是\n---\n", "quizzes/q.md:3: shuffle_choices 只能是 true 或 false"),
    (SINGLE, "---\ntitle: t\ncredit_hours: 多\n---\n", "quizzes/q.md:3: credit_hours 必须是数字"),
    (SINGLE, "---\ntitle: t\ncourse: 党章\n---\n", "quizzes/q.md:3: course 必须是课程标识"),
    (SINGLE, "---\ntitle: t\nquestions: [s, nope]\n---\n", "quizzes/q.md:3: questions 中的 nope 不是本文件的题目"),
    (SINGLE, "---\ntitle: t\nquestions: [s, 'bad key!']\n---\n", "quizzes/q.md:3: 题目标识 bad key! 无效"),
    (SINGLE, "---\ntitle: t\nquestions: [s]\ndraw:\n  - category: x\n    count: 1\n---\n",
     "quizzes/q.md:4: questions 和 draw 只能写一个"),
    (SINGLE, "---\ntitle: t\ndraw:\n  - category: 甲\n    count: 2\n---\n",
     "quizzes/q.md:4: draw 要从分类 甲 抽 2 道题，本文件这个分类只有 0 道"),
    (SINGLE, "---\ntitle: t\ndraw:\n  - category: 甲\n    count: 0\n---\n", "quizzes/q.md:5: count 必须是"),
    (SINGLE, "---\ntitle: t\ndraw:\n  - count: 1\n---\n", "quizzes/q.md:4: draw 的每一项必须写 category"),
    (SINGLE, "---\ntitle: t\ndraw:\n  - category: x\n    count: 1\n    size: 2\n---\n",
     "quizzes/q.md:6: draw 中未知的键 size"),
    ("", HEAD, f"quizzes/q.md:{H}: 测验里没有题目"),
    ("## 问答 {#x}\n\n问？\n", HEAD, f"quizzes/q.md:{H}: 未知的题型 问答"),
    ("## 单选 {#s}\n\n问？\n\n- [x] 甲\n- [x] 乙\n", HEAD,
     f"quizzes/q.md:{H + 4}: 单选题必须恰好有一个正确选项 [x]（或一个 [100%]），这里有 2 个"),
    ("## 单选 {#s}\n\n问？\n\n- [ ] 甲\n- [ ] 乙\n", HEAD, f"quizzes/q.md:{H + 4}: 单选题必须恰好有一个"),
    ("## 单选 {#s}\n\n问？\n\n- [x] 甲\n", HEAD, f"quizzes/q.md:{H + 4}: 选择题至少要有两个选项"),
    ("## 多选 {#m}\n\n问？\n\n- [ ] 甲\n- [ ] 乙\n", HEAD, f"quizzes/q.md:{H + 4}: 多选题至少要有一个正确选项"),
    ("## 多选 {#m}\n\n问？\n\n- [50%] 甲\n- [x] 乙\n", HEAD, f"quizzes/q.md:{H + 4}: 多选题的得分比例只在带 partial 时有效"),
    ("## 单选 {#s}\n\n问？\n\n- [-50%] 甲\n- [x] 乙\n", HEAD, f"quizzes/q.md:{H + 4}: 负的得分比例只用于带 partial 的多选题"),
    ("## 单选 {#s}\n\n问？\n\n- [33.3%] 甲\n- [x] 乙\n", HEAD, f"quizzes/q.md:{H + 4}: 得分比例必须是 -100% 到 100% 之间的整数"),
    ("## 单选 {#s}\n\n问？\n\n- [x]\n- [ ] 乙\n", HEAD, f"quizzes/q.md:{H + 4}: 选项（或答案）的内容是空的"),
    ("## 判断 {#j}\n\n对吗？\n\n答案：也许\n", HEAD, f"quizzes/q.md:{H + 4}: 判断题的答案只能是 正确 或 错误"),
    ("## 判断 {#j}\n\n对吗？\n\n- [x] 正确\n- [x] 错误\n", HEAD, f"quizzes/q.md:{H + 4}: 判断题写 答案：正确"),
    ("## 判断 {#j}\n\n对吗？\n\n- [x] 是\n- [ ] 否\n", HEAD, f"quizzes/q.md:{H + 4}: 判断题写 答案：正确"),
    ("## 填空 {#f}\n\n____。\n\n- [ ] 甲\n", HEAD, f"quizzes/q.md:{H + 4}: 填空题只列可以接受的答案"),
    ("## 填空 {#f}\n\n____。\n\n答案：甲 | \n", HEAD, f"quizzes/q.md:{H + 4}: 选项（或答案）的内容是空的"),
    ("## 单选 {#s}\n\n问？\n\n答案：甲\n", HEAD, f"quizzes/q.md:{H + 4}: 答案： 只用于判断题和填空题"),
    ("## 心得 {#e}\n\n谈谈。\n\n- [x] 甲\n", HEAD, f"quizzes/q.md:{H + 4}: 心得题没有选项或答案"),
    ("## 填空 {#f}\n\n____。\n\n- [x] 甲\n\n答案：乙\n", HEAD, f"quizzes/q.md:{H + 6}: 答案： 和选项列表只能写一种"),
    ("## 单选 {#s}\n\n- [ ] 甲\n- [x] 乙\n", HEAD, f"quizzes/q.md:{H}: 题目没有题干"),
    ("## 单选 {#s}\n\n问？\n\n- [ ] 甲\n- [x] 乙\n\n多出来的话\n", HEAD, f"quizzes/q.md:{H + 7}: 这一行不属于任何选项"),
    ("## 判断 {#j}\n\n对吗？\n\n答案：对\n多出来的话\n", HEAD, f"quizzes/q.md:{H + 5}: 答案： 之后只能写 解析："),
    ("## 单选 {#s}\n\n# 大标题\n\n问？\n\n- [ ] 甲\n- [x] 乙\n", HEAD, f"quizzes/q.md:{H + 2}: 题目里的标题请从 ### 开始"),
    (SINGLE + "\n" + SINGLE, HEAD, f"quizzes/q.md:{H + 7}: 题目标识 s 重复（第 {H} 行已经用过）"),
    ("## 单选 {#s color=red}\n\n问？\n\n- [ ] 甲\n- [x] 乙\n", HEAD, f"quizzes/q.md:{H}: 未知的属性 color"),
    ("## 单选 {#s points=0}\n\n问？\n\n- [ ] 甲\n- [x] 乙\n", HEAD, f"quizzes/q.md:{H}: points 必须是大于 0 的数"),
    ("## 单选 {#s points=1.005}\n\n问？\n\n- [ ] 甲\n- [x] 乙\n", HEAD, f"quizzes/q.md:{H}: points 必须是大于 0 的数"),
    ("## 单选 {#s partial}\n\n问？\n\n- [ ] 甲\n- [x] 乙\n", HEAD, f"quizzes/q.md:{H}: partial 只用于多选题"),
    ("## 单选 {#s min_chars=5}\n\n问？\n\n- [ ] 甲\n- [x] 乙\n", HEAD, f"quizzes/q.md:{H}: min_chars 只用于心得题"),
    ("## 心得 {#e min_chars=many}\n\n谈谈。\n", HEAD, f"quizzes/q.md:{H}: min_chars 必须是 0 到"),
    ("## 单选 {#s #t}\n\n问？\n\n- [ ] 甲\n- [x] 乙\n", HEAD, f"quizzes/q.md:{H}: 属性 key 写了两次"),
    ("## 单选 {#坏/键}\n\n问？\n\n- [ ] 甲\n- [x] 乙\n", HEAD, f"quizzes/q.md:{H}: 题目标识 #坏/键 无效"),
    ("## 单选 {#s}\n\n问？\n\n```\n- [x] 甲\n", HEAD, f"quizzes/q.md:{H + 4}: 代码块没有结束"),
    ("## 单选 {#s}\n\n问？\n\n- [ ] 甲\n- [x] 乙\n\n解析：<script>alert(1)</script>看这里\n", HEAD,
     f"quizzes/q.md:{H + 7}: "),
    (SINGLE, "---\ntitle: \"a\\x07b\"\n---\n", "quizzes/q.md:2: 含有不允许的控制字符（U+0007）"),
    ("## 单选 {#s}\n\n问\x01？\n\n- [ ] 甲\n- [x] 乙\n", HEAD, f"quizzes/q.md:{H + 2}: 含有不允许的控制字符（U+0001）"),
    (SINGLE, "title: t\n", "quizzes/q.md:1: 文件必须以 --- 开头的 YAML 头信息开始"),
])
def test_each_problem_is_reported_at_its_line(body, head, expected):
    found = problems(body, head)
    assert any(p.startswith(expected) for p in found), found


def test_every_problem_is_reported_not_just_the_first():
    found = problems("## 单选 {#s}\n\n问？\n\n- [x] 甲\n- [x] 乙\n\n## 问答\n\n问？\n",
                     "---\ntitle: t\nmode: exam\n---\n")
    assert len(found) == 3, found


def test_a_quiz_with_problems_gives_no_specs():
    result = parse("## 单选 {#s}\n\n问？\n\n- [x] 甲\n- [x] 乙\n\n" + SINGLE.replace("#s", "#t"))
    assert result.problems and result.specs == []


def test_markdown_over_the_size_limit_is_a_problem(app, monkeypatch):
    monkeypatch.setitem(app.config, "MARKDOWN_MAX_CHARS", 50)
    found = problems("## 单选 {#s}\n\n" + "长" * 60 + "\n\n- [ ] 甲\n- [x] 乙\n")
    assert any(p.startswith(f"quizzes/q.md:{H + 2}: 内容有 60 个字符，超过上限 50") for p in found), found


def test_the_slug_is_the_file_stem_and_must_be_a_slug(tmp_path):
    bad = tmp_path / "Party Quiz.md"
    bad.write_text(HEAD + SINGLE, encoding="utf-8")
    result = parse_quiz_file(bad)
    assert result.slug == "Party Quiz"
    assert any("不能用作测验标识" in p.message for p in result.problems)


def test_a_file_that_is_not_utf8_is_one_problem(tmp_path):
    path = tmp_path / "q.md"
    path.write_bytes((HEAD + SINGLE).encode("gbk"))
    assert [p.message for p in parse_quiz_file(path).problems] == ["文件不是 UTF-8 编码。"]


def test_crlf_line_endings_and_a_byte_order_mark_read_the_same(tmp_path):
    path = tmp_path / "q.md"
    path.write_bytes(("\ufeff" + HEAD + SINGLE).replace("\n", "\r\n").encode("utf-8"))
    result = parse_quiz_file(path)
    assert result.problems == [] and result.specs == only(SINGLE).specs


def test_a_question_has_at_most_max_choices_options():
    """One limit for every format (GIFT and Aiken too), within the bits item analysis
    counts options with."""
    from learnhub.quizzes.attempts.answers import MASK_BITS
    from learnhub.quizzes.questions.spec import MAX_CHOICES
    assert MAX_CHOICES <= MASK_BITS

    def body(count: int) -> str:
        return "## 单选 {#s}\n\n问？\n\n- [x] 选项0\n" + "".join(
            f"- [ ] 选项{i}\n" for i in range(1, count))

    assert len(only(body(MAX_CHOICES)).specs[0].choices) == MAX_CHOICES
    assert problems(body(MAX_CHOICES + 1)) == [
        f"quizzes/q.md:{H + 4 + MAX_CHOICES}: 选项太多（最多 {MAX_CHOICES} 个）。"]
