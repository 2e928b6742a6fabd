"""Aiken, the simplest multiple-choice text format, into QuestionSpecs: pure, no database.

    党的最高理想和最终目标是什么？
    A. 实现共产主义
    B. 全面建成小康社会
    ANSWER: A

A question may span lines; its options are lettered A, B, C… in order (`A.` `A)` and the
forms Chinese platforms write, `Ａ．` `A、` `A）`); the answer line is `ANSWER: X` or
`答案：X`. Several letters (`ANSWER: A,C`, `答案：AC`) make it a multiple choice that
needs every one of them. A question ends at its answer line; blank lines are optional.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from flask_babel import gettext

from learnhub.authoring.problems import Problem
from learnhub.quizzes.format.keys import hard_breaks, normalise_newlines, unique_keys
from learnhub.quizzes.questions.spec import MAX_CHOICES, Choice, QuestionSpec, QuestionType

# After NFKC (Ａ → A, ． → ., ） → )): a capital letter, then . ) or 、, then the text.
_OPTION = re.compile(r"\s*([A-Z])\s*[.)、]\s*(.*)")
_ANSWER = re.compile(r"\s*(?:ANSWER|答案|正确答案)\s*[:：]\s*(.*)", re.IGNORECASE)
_LETTERS = re.compile(r"[A-Z]")
_SEPARATORS = re.compile(r"[\s,，、;；/]+")


@dataclass
class _Question:
    line: int
    prompt: list[str] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)  # (letter, text)
    blank_after_options: bool = False
    too_many: bool = False  # more than MAX_CHOICES options: reported, not imported


@dataclass
class _Reading:
    path: str
    specs: list[QuestionSpec] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    current: _Question | None = None

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))


def parse_aiken(text: str, path: str) -> tuple[list[QuestionSpec], list[Problem]]:
    """Every question of an Aiken file, and every problem as `path:line: message`."""
    reading = _Reading(path)
    for number, raw in enumerate(normalise_newlines(text).split("\n"), start=1):
        _read_line(reading, number, raw)
    if reading.current is not None:
        reading.problem(reading.current.line, gettext(
            "题目缺少答案行（ANSWER: 字母 或 答案：字母）。"))
    keys = unique_keys([None] * len(reading.specs))
    return ([spec.with_key(key) for spec, key in zip(reading.specs, keys, strict=True)],
            reading.problems)


def _read_line(reading: _Reading, number: int, raw: str) -> None:
    line = raw.strip()
    folded = unicodedata.normalize("NFKC", line)
    question = reading.current
    answer = _ANSWER.fullmatch(folded)
    option = _OPTION.fullmatch(folded)
    if not line:
        if question is not None and question.options:
            question.blank_after_options = True
        elif question is not None:
            question.prompt.append("")
        return
    if answer is not None:
        if question is None:
            reading.problem(number, gettext("答案行前面没有题目。"))
        else:
            _finish(reading, question, answer.group(1), number)
        reading.current = None
        return
    if question is None:
        starts_with_option = option is not None and option.group(1) == "A"
        reading.current = _Question(line=number, prompt=[] if starts_with_option else [line])
        if not starts_with_option:
            return
        question = reading.current
    if question.options and question.blank_after_options and option is None:
        # A new question began: the one before it never got its answer line.
        reading.problem(question.line, gettext("题目缺少答案行（ANSWER: 字母 或 答案：字母）。"))
        reading.current = _Question(line=number, prompt=[line])
        return
    expected = chr(ord("A") + len(question.options))
    if option is not None and (question.options or option.group(1) == "A"):
        if option.group(1) != expected:
            reading.problem(number, gettext("这里应是选项 %(expected)s，而不是 %(letter)s。",
                                            expected=expected, letter=option.group(1)))
        elif not option.group(2).strip():
            reading.problem(number, gettext("选项 %(letter)s 没有文字。", letter=expected))
        if len(question.options) == MAX_CHOICES:
            # The shared limit of every format. Letters A–Z stop at 26 options today; this
            # keeps the limit should lettering ever go further (AA, AB…).
            reading.problem(number, gettext("选项太多（最多 %(max)s 个）。", max=MAX_CHOICES))
            question.too_many = True
        question.options.append((option.group(1), _option_text(line)))
        return
    if question.options:
        reading.problem(number, gettext(
            "选项之后应是下一个选项或答案行；选项只能写在一行里。"))
        return
    question.prompt.append(line)


def _option_text(line: str) -> str:
    """The option as written (full-width letters and all), without its letter and mark."""
    for index, char in enumerate(line):
        if unicodedata.normalize("NFKC", char) in ".)、":
            return line[index + 1:].strip()
    return line


def _finish(reading: _Reading, question: _Question, letters_text: str, line: int) -> None:
    if question.too_many:
        return
    prompt = "\n".join(question.prompt).strip()
    if not prompt:
        reading.problem(question.line, gettext("选项 A 前面没有题干。"))
        return
    if len(question.options) < 2:
        reading.problem(question.line, gettext(
            "题目至少要有两个选项（A. … B. …），每个选项一行。"))
        return
    given = [letter for letter in _SEPARATORS.split(letters_text.strip().upper()) if letter]
    letters = sorted({char for part in given for char in part})
    if not letters or any(not _LETTERS.fullmatch(letter) for letter in letters):
        reading.problem(line, gettext(
            "答案行应写选项字母，如 ANSWER: B 或 答案：A,C。"))
        return
    known = {letter for letter, _ in question.options}
    missing = [letter for letter in letters if letter not in known]
    if missing:
        reading.problem(line, gettext("答案 %(letters)s 不是这道题的选项。",
                                      letters="、".join(missing)))
        return
    choices = tuple(Choice(text, correct=letter in letters) for letter, text in question.options)
    kind = QuestionType.SINGLE if len(letters) == 1 else QuestionType.MULTIPLE
    reading.specs.append(QuestionSpec(type=kind, prompt=hard_breaks(prompt), choices=choices,
                                      line=question.line))
