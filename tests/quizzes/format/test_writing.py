"""Writing specs in the quiz format: whatever the writer writes reads back as the same
specs (property tests over generated specs, seeded, no hypothesis)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from learnhub.quizzes.format.parsing import parse_quiz
from learnhub.quizzes.format.settings import Draw, QuizSettings
from learnhub.quizzes.format.writing import write_quiz
from learnhub.quizzes.questions.spec import Choice, QuestionSpec, QuestionType, true_false
from tests.quizzes.builders import essay, fill, judge, multiple, single

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Text that looks like the format's syntax, or like Markdown around it.
TRICKY_LINES = [
    "## 单选 不是题目", "# 大标题", "- [x] 不是选项", "- [ ] 也不是", "- [50%] 更不是",
    "答案：不是答案", "解析：不是解析", "\\## 作者写的反斜杠", "\\- [x] 反斜杠选项", "\\\\答案：两个",
    "普通的一行，含 {#key} 和 category=x", "  反馈：缩进的反馈字样", "| 表 | 格 |", "> 引用",
    "1. 有序列表", "- 普通列表", "**加粗** 和 `代码`", "含有 ± 的 1 ± 2", "全角：冒号",
    "```\n## 代码里的标题\n- [x] 代码里的选项\n```", "~~~python\nprint('解析：')\n~~~",
    "### 小标题", "链接 [文字](https://example.org)", "中文。English. 123", "$100%",
]
WORDS = ["党章", "党员", "义务", "权利", "先锋", "模范", "支部", "Party", "rule", "三会一课"]


def text(rng: random.Random, lines: int = 3, tricky: bool = True) -> str:
    parts = []
    for _ in range(rng.randint(1, lines)):
        if tricky and rng.random() < 0.4:
            parts.append(rng.choice(TRICKY_LINES))
        else:
            parts.append("".join(rng.choice(WORDS) for _ in range(rng.randint(1, 5))) + "。")
        if rng.random() < 0.3:
            parts.append("")  # a paragraph break
    return "\n".join(parts).strip("\n") or "题干。"


def line(rng: random.Random) -> str:
    value = text(rng, 1).split("\n")[0].strip()
    return value if value and not value.startswith("```") and not value.startswith("~~~") else "选项"


def choice_text(rng: random.Random, used: set[str]) -> str:
    value = line(rng) + str(len(used))
    if rng.random() < 0.15:
        value += "\n" + line(rng)  # a choice of two lines
    used.add(value)
    return value


def feedback(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return ""
    return line(rng) + ("\n反馈：第二行" if rng.random() < 0.2 else "")


def spec(rng: random.Random, key: str) -> QuestionSpec:
    kind = rng.choice(list(QuestionType))
    common = {
        "key": key, "prompt": text(rng), "title": rng.choice(["", "小题目", "题 {带括号}", "a \"引号\""]),
        "category": rng.choice(["", "党员权利", "党员 义务", 'x"y', "a\\b", "{c}"]),
        "points": rng.choice([Decimal(1), Decimal(2), Decimal("0.5"), Decimal("12.25")]),
        "explanation": rng.choice(["", text(rng), "《党章》第三条。", "- 列表开头的解析\n- 第二项"]),
    }
    used: set[str] = set()
    if kind == QuestionType.SINGLE:
        right = rng.randrange(3)
        choices = tuple(Choice(choice_text(rng, used), correct=i == right,
                               weight=(rng.choice([None, 0, 30]) if i != right else
                                       rng.choice([None, 100])),
                               feedback=feedback(rng)) for i in range(3))
        choices = tuple(replace(c, correct=c.percent > 0) if c.weight is not None else c
                        for c in choices)
        return QuestionSpec(type=kind, choices=choices, **common)
    if kind == QuestionType.MULTIPLE:
        partial = rng.random() < 0.5
        choices = []
        for i in range(rng.randint(2, 5)):
            weight = rng.choice([None, 50, -25, 0]) if partial else None
            correct = weight > 0 if weight is not None else (i == 0 or rng.random() < 0.5)
            choices.append(Choice(choice_text(rng, used), correct=correct, weight=weight,
                                  feedback=feedback(rng)))
        if not any(c.percent > 0 for c in choices):
            choices[0] = Choice(choices[0].text, correct=True)
        return QuestionSpec(type=kind, choices=tuple(choices), partial_credit=partial, **common)
    if kind == QuestionType.TRUE_FALSE:
        return true_false(answer=rng.random() < 0.5, true_feedback=feedback(rng),
                          false_feedback=feedback(rng), **common)
    if kind == QuestionType.FILL:
        choices = []
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.3:
                choices.append(Choice(rng.choice(["3.14", "-2", "100"]), correct=True,
                                      tolerance=rng.choice([Decimal("0.01"), Decimal(1)])))
            else:
                weight = rng.choice([None, None, 50])
                choices.append(Choice(rng.choice(["共产主义", "a | b", "甲｜乙", "CPC"]) + str(
                    len(choices)), correct=True, weight=weight, feedback=feedback(rng)))
        return QuestionSpec(type=kind, choices=tuple(choices), **common)
    return QuestionSpec(type=kind, min_chars=rng.choice([0, 50, 200]), **common)


def without_lines(specs):
    return [replace(s, line=0) for s in specs]


def read_back(written: str):
    result = parse_quiz(written, path="x.md", slug="x", zone=SHANGHAI)
    assert result.problems == [], (written, result.problems)
    return result


@pytest.mark.parametrize("seed", range(60))
def test_generated_specs_survive_write_then_read(seed):
    rng = random.Random(seed)
    specs = [spec(rng, f"k{seed}-{i}") for i in range(rng.randint(1, 6))]
    written = write_quiz(specs, title="题库", zone=SHANGHAI)
    assert without_lines(read_back(written).specs) == specs, written


def test_every_builder_spec_survives_write_then_read():
    specs = [single("s1"), multiple("m1", partial_credit=True), judge("j1", False),
             fill("f1", "共产主义", "共产主义社会"), essay("e1", min_chars=100)]
    assert without_lines(read_back(write_quiz(specs, zone=SHANGHAI)).specs) == specs


def test_settings_and_description_survive_write_then_read():
    settings = QuizSettings(
        title="竞赛: 党章", course="party-rules", required=False, mode="contest",
        pass_percent=75, time_limit=30, attempts=2, cooldown=5, grading="average",
        opens=datetime(2026, 12, 1, 1, 0, tzinfo=UTC), closes=datetime(2026, 12, 1, 3, 30, 15,
                                                                         tzinfo=UTC),
        shuffle_questions=True, shuffle_choices=False, credit_hours=Decimal("1.25"),
        review={"score": "immediately", "responses": "after_close", "correct": "never",
                "explanations": "after_close"},
        draw=[Draw("党员权利", 1), Draw("义务", 3, bank="other-bank")], show_names=True,
        owner_unit="GB01")
    specs = [single("s1", category="党员权利")]
    description = "## 看起来像题目\n\n说明。"
    result = read_back(write_quiz(specs, settings, description, zone=SHANGHAI))
    assert result.description == description
    for name in ("title", "course", "required", "mode", "pass_percent", "time_limit", "attempts",
                 "cooldown", "grading", "opens", "closes", "shuffle_questions",
                 "shuffle_choices", "credit_hours", "review", "show_names", "owner_unit"):
        assert getattr(result.settings, name) == getattr(settings, name), name
    assert [(d.bank, d.category, d.count) for d in result.settings.draw] == [
        ("", "党员权利", 1), ("other-bank", "义务", 3)]


def test_fixed_questions_of_other_banks_survive_write_then_read():
    settings = QuizSettings(title="t", questions=["s1", "other-bank/k9"])
    result = parse_quiz(write_quiz([single("s1")], settings, zone=SHANGHAI), path="x.md",
                        slug="x", zone=SHANGHAI)
    assert result.settings.questions == ["s1", "other-bank/k9"]


def test_the_writer_uses_the_short_forms_where_it_can():
    written = write_quiz([judge("j1", True), fill("f1", "甲", "乙")], zone=SHANGHAI)
    assert "## 判断 {#j1}\n\n判断 j1。\n\n答案：正确\n" in written
    assert "答案：甲 | 乙" in written
