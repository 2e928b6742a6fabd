"""The examples in docs/quiz-imports.md import cleanly (the docs stay true)."""

import re
from pathlib import Path

from learnhub.quizzes.format.aiken import parse_aiken
from learnhub.quizzes.format.gift import parse_gift
from learnhub.quizzes.questions.spec import QuestionType

DOC = (Path(__file__).parents[3] / "docs" / "quiz-imports.md").read_text(encoding="utf-8")


def _block(after: str) -> str:
    return re.search(re.escape(after) + r".*?```\n(.*?)```", DOC, re.DOTALL).group(1)


def test_gift_example_parses_into_every_type():
    specs, problems = parse_gift(_block("### Example"), "example.gift")
    assert problems == []
    assert [s.type for s in specs] == [
        QuestionType.SINGLE, QuestionType.TRUE_FALSE, QuestionType.FILL,
        QuestionType.MULTIPLE, QuestionType.FILL, QuestionType.ESSAY]


def test_aiken_example_parses():
    specs, problems = parse_aiken(_block("## Aiken"), "example.txt")
    assert problems == []
    assert [s.type for s in specs] == [QuestionType.SINGLE, QuestionType.MULTIPLE]
