"""The 2026 contest takes every question from the course quizzes' banks, so its file has
no questions of its own; a quiz that fixes only its own keys still needs questions."""

from __future__ import annotations

from pathlib import Path

from learnhub.quizzes.format.parsing import parse_quiz, parse_quiz_file

ROOT = Path(__file__).resolve().parents[3]

HEAD = "---\ntitle: 竞赛\nmode: contest\nopens: 2026-12-01 00:00\ncloses: 2026-12-02 00:00\n"


def test_the_sample_contest_parses_without_questions_of_its_own(app):
    parsed = parse_quiz_file(ROOT / "quizzes" / "knowledge-contest-2026.md")
    assert parsed.problems == [] and parsed.specs == []
    assert parsed.settings.questions and len(parsed.settings.questions) == 20


def test_borrowed_questions_or_draws_need_no_questions_of_their_own(app):
    borrowed = parse_quiz(HEAD + "questions:\n  - other-bank/q1\n---\n\n说明。\n")
    drawn = parse_quiz(HEAD + "draw:\n  - bank: other-bank\n    category: 甲\n    count: 2\n"
                       "---\n\n说明。\n")
    assert borrowed.problems == [] and drawn.problems == []


def test_a_quiz_without_questions_of_any_bank_is_still_a_problem(app):
    empty = parse_quiz("---\ntitle: 空\n---\n\n说明。\n")
    assert any("没有题目" in problem.message for problem in empty.problems)
