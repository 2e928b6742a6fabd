"""GIFT's answer section `{…}` → a question type and its choices, by Moodle's own rules
(in its order): empty → essay; `#…` → numeric; any `~` → multiple choice; `=` with
`->` → matching (refused); T/F/TRUE/FALSE → true/false; else short answer.

What does not map to our types raises `Refused` with the line of the construct.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from flask_babel import gettext

from learnhub.quizzes.format.gift_text import Block, as_text, split_format
from learnhub.quizzes.questions.spec import (
    FALSE_TEXT,
    MAX_CHOICES,
    TRUE_TEXT,
    Choice,
    QuestionType,
)

_WEIGHT = re.compile(r"\s*%(-?\d+(?:\.\d+)?)%")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
# Moodle's embedded answers (Cloze): {1:MC:~a~=b}, {:SHORTANSWER:=x}.
CLOZE = re.compile(r"^\s*\d*\s*:\s*[A-Za-z_]+\s*:")


class Refused(Exception):
    """The answer section cannot become one of our questions."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Answers:
    type: QuestionType
    choices: tuple[Choice, ...] = ()
    partial_credit: bool = False


@dataclass(frozen=True)
class _Part:
    marker: str  # "=", "~" or "" (text before the first marker)
    text: str
    weight: Decimal | None
    offset: int  # in the block


def parse_answers(block: Block, start: int, end: int, text_format: str) -> Answers:
    """The answer section block.text[start:end] (without `{`, `}` and `####…`)."""
    body = block.text[start:end]
    stripped = body.strip()
    line_of: Callable[[int], int] = block.line_at
    if not stripped:
        return Answers(QuestionType.ESSAY)
    if CLOZE.match(body):
        raise Refused(line_of(start), gettext(
            "嵌入式答案（Cloze，如 {1:MC:…}）不是 GIFT 的写法，无法导入；请改成一道单独的选择题或填空题。"))
    if stripped.startswith("#"):
        first = start + body.index("#") + 1
        return _numeric(block, first, end, text_format)
    if "~" in body:
        return _choices(block, start, end, text_format)
    if "=" in body and "->" in body:
        raise Refused(line_of(start + body.index("->")), gettext(
            "配对题（=甲 -> 乙）无法导入：没有对应的题型。请改成几道单选题。"))
    verdict = stripped.split("#", 1)[0].strip()
    if verdict in _TRUE_FALSE:
        return _true_false(stripped, _TRUE_FALSE[verdict], text_format)
    return _short_answer(block, start, end, text_format)


def _parts(block: Block, start: int, end: int, markers: str) -> list[_Part]:
    parts: list[_Part] = []
    marker, part_start = "", start
    for index in range(start, end + 1):
        if index == end or block.text[index] in markers:
            text = block.text[part_start:index]
            found = _WEIGHT.match(text)
            weight = None
            if found is not None:
                weight = Decimal(found.group(1))
                text = text[found.end():]
                if not -100 <= weight <= 100:
                    raise Refused(block.line_at(part_start), gettext(
                        "比例 %%%(weight)s%% 超出范围：应在 -100 到 100 之间。", weight=weight))
            parts.append(_Part(marker, text, weight, part_start))
            if index < end:
                marker, part_start = block.text[index], index + 1
    return parts


def _not_too_many(block: Block, parts: list[_Part]) -> None:
    """At most MAX_CHOICES options or answers, as in every format (the line of the first
    one over)."""
    if len(parts) > MAX_CHOICES:
        raise Refused(block.line_at(parts[MAX_CHOICES].offset), gettext(
            "选项太多（最多 %(max)s 个）。", max=MAX_CHOICES))


def _text(raw: str, default_format: str, *, one_line: bool = False) -> str:
    """An option or feedback: its own `[format]` marker, else the question's format."""
    text_format, text = split_format(raw.strip(), default_format)
    return as_text(text, text_format, one_line=one_line)


def _text_and_feedback(part: _Part, text_format: str) -> tuple[str, str]:
    text, _, feedback = part.text.partition("#")
    return _text(text, text_format, one_line=True), _text(feedback, text_format)


def _percent(weight: Decimal) -> int:
    return int(weight.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _choices(block: Block, start: int, end: int, text_format: str) -> Answers:
    parts = _parts(block, start, end, "~=")
    lead = parts.pop(0)
    if lead.text.strip():
        raise Refused(block.line_at(lead.offset), gettext(
            "选项前面缺少 =（正确）或 ~（错误）：“%(text)s”。", text=lead.text.strip()[:40]))
    if len(parts) < 2:
        raise Refused(block.line_at(start), gettext("选择题至少要有两个选项。"))
    _not_too_many(block, parts)
    single = any(part.marker == "=" for part in parts)
    choices: list[Choice] = []
    for part in parts:
        text, feedback = _text_and_feedback(part, text_format)
        if not text:
            raise Refused(block.line_at(part.offset), gettext("选项没有文字。"))
        weight = part.weight if part.weight is not None else (
            Decimal(100) if part.marker == "=" else Decimal(0))
        percent = _percent(weight)
        if single:
            choices.append(Choice(text, correct=percent == 100,
                                  weight=percent if 0 < percent < 100 else None,
                                  feedback=feedback))
        else:
            choices.append(Choice(text, correct=percent > 0, weight=percent, feedback=feedback))
    if single:
        return _single(block, start, choices)
    return _multiple(block, start, choices)


def _single(block: Block, start: int, choices: list[Choice]) -> Answers:
    right = sum(1 for choice in choices if choice.correct)
    if right > 1:
        raise Refused(block.line_at(start), gettext(
            "单选题有 %(count)s 个满分答案（=）：只能有一个。若要求全部选中，请把它们写成 "
            "~%%50%%甲 ~%%50%%乙（多选，按比例计分）。", count=right))
    if right == 0:
        raise Refused(block.line_at(start), gettext("单选题没有满分答案：请用 = 标出正确选项。"))
    return Answers(QuestionType.SINGLE, tuple(choices))


def _multiple(block: Block, start: int, choices: list[Choice]) -> Answers:
    positive = [choice.percent for choice in choices if choice.percent > 0]
    if not positive:
        raise Refused(block.line_at(start), gettext(
            "选择题没有正确答案：单选用 = 标出正确选项，多选用 ~%%50%% 这样的比例标出。"))
    total = sum(positive)
    # Each weight was rounded to a whole percent (33.333 → 33): allow that much.
    if abs(total - 100) * 2 > len(positive):
        raise Refused(block.line_at(start), gettext(
            "多选题得分选项的比例合计 %(total)s%%，应为 100%%。", total=total))
    return Answers(QuestionType.MULTIPLE, tuple(choices), partial_credit=True)


def _true_false(stripped: str, answer: bool, text_format: str) -> Answers:
    pieces = stripped.split("#", 2)
    wrong = _text(pieces[1], text_format) if len(pieces) > 1 else ""
    right = _text(pieces[2], text_format) if len(pieces) > 2 else ""
    # Moodle's `{T#wrong#right}`: "wrong" is shown to whoever answers wrongly.
    true_feedback, false_feedback = (right, wrong) if answer else (wrong, right)
    return Answers(QuestionType.TRUE_FALSE, (
        Choice(TRUE_TEXT, correct=answer, feedback=true_feedback),
        Choice(FALSE_TEXT, correct=not answer, feedback=false_feedback)))


def _fill_choice(text: str, weight: Decimal | None, feedback: str,
                 tolerance: Decimal | None = None) -> Choice:
    percent = 100 if weight is None else max(0, _percent(weight))
    return Choice(text, correct=percent > 0, weight=None if percent == 100 else percent,
                  feedback=feedback, tolerance=tolerance)


def _short_answer(block: Block, start: int, end: int, text_format: str) -> Answers:
    parts = _parts(block, start, end, "=")
    if not parts[0].text.strip():
        parts.pop(0)  # `{=a =b}`; `{a}` is an answer too, as in Moodle
    _not_too_many(block, parts)
    choices = []
    for part in parts:
        text, feedback = _text_and_feedback(part, text_format)
        if not text:
            raise Refused(block.line_at(part.offset), gettext("填空题的答案没有文字。"))
        choices.append(_fill_choice(text, part.weight, feedback))
    return _fill(block, start, choices)


def _fill(block: Block, start: int, choices: list[Choice]) -> Answers:
    if not any(choice.percent > 0 for choice in choices):
        raise Refused(block.line_at(start), gettext("没有得分的答案：至少一个答案的比例要大于 0。"))
    return Answers(QuestionType.FILL, tuple(choices))


def _number(text: str, line: int) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise Refused(line, gettext("“%(text)s”不是数字。", text=text.strip()[:40]))
    return value


def plain_number(value: Decimal) -> str:
    """3.140 → 3.14, 1E+1 → 10: how a number answer is shown."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _numeric(block: Block, start: int, end: int, text_format: str) -> Answers:
    """`{#3.14:0.01}`, `{#1..5}`, `{#=%100%3.14:0.005 =%50%3.1:0.05}` → fill with tolerance."""
    other = block.text.find("~", start, end)
    if other >= 0:
        raise Refused(block.line_at(other), gettext(
            "数值题中“其他答案”的反馈（~#…）无法导入：请删除，或写进 #### 总体反馈。"))
    parts = _parts(block, start, end, "=")
    if not parts[0].text.strip():
        parts.pop(0)
    if not parts:
        raise Refused(block.line_at(start), gettext("数值题没有答案。"))
    _not_too_many(block, parts)
    choices = []
    for part in parts:
        line = block.line_at(part.offset)
        value_text, _, feedback = part.text.partition("#")
        value_text = value_text.strip()
        if ".." in value_text[1:]:
            low_text, high_text = value_text.split("..", 1)
            low, high = _number(low_text, line), _number(high_text, line)
            if low > high:
                raise Refused(line, gettext("数值范围 %(range)s 的下限大于上限。", range=value_text))
            value, tolerance = (low + high) / 2, (high - low) / 2
        elif ":" in value_text[1:]:
            number_text, tolerance_text = value_text.split(":", 1)
            value, tolerance = _number(number_text, line), _number(tolerance_text, line)
            if tolerance < 0:
                raise Refused(line, gettext("误差范围不能是负数。"))
        else:
            value, tolerance = _number(value_text, line), Decimal(0)
        choices.append(_fill_choice(plain_number(value), part.weight,
                                    _text(feedback, text_format),
                                    tolerance=Decimal(plain_number(tolerance))))
    return _fill(block, start, choices)
