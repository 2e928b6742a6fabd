"""What the preview shows for parsed text: each question exactly as a learner sees it (a
`QuestionView` for `templates/quizzes/macros/question.html`, options in the written order,
nothing revealed), and beside it, for the trainer only, the key.

The learner's part is built like `attempts.question_view.question_view` with nothing
revealed; it is built from the spec here because the text is not saved yet."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from learnhub.core.markdown import render
from learnhub.quizzes.attempts.question_view import OptionView, QuestionView
from learnhub.quizzes.format.parsing import ParsedQuiz
from learnhub.quizzes.format.settings import QuizSettings
from learnhub.quizzes.format.writing import write_quiz
from learnhub.quizzes.questions.spec import Choice, QuestionSpec, QuestionType, true_false
from learnhub.quizzes.questions.types import TYPES

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class KeyLine:
    label: str  # "B. 八项", or an accepted answer
    share: int | None = None  # percent, when not simply right
    feedback: str = ""


@dataclass(frozen=True)
class AnswerKey:
    """The trainer-only box under a previewed question."""

    key: str
    points: Decimal
    category: str
    partial: bool
    correct: tuple[KeyLine, ...]  # right choices, or accepted answers (填空)
    other_feedback: tuple[KeyLine, ...]  # wrong choices that carry feedback
    explanation_html: str
    min_chars: int


@dataclass(frozen=True)
class PreviewItem:
    view: QuestionView
    key: AnswerKey


def preview_items(parsed: ParsedQuiz) -> list[PreviewItem]:
    return [PreviewItem(learner_view(spec, number), answer_key(spec))
            for number, spec in enumerate(parsed.specs, start=1)]


def learner_view(spec: QuestionSpec, number: int) -> QuestionView:
    """The question as an attempt would show it before submission, options unshuffled."""
    rules = TYPES[spec.type]
    options = tuple(OptionView(position=position, text=choice.text)
                    for position, choice in enumerate(spec.choices)) if rules.has_choices else ()
    return QuestionView(number=number, type=spec.type.value, type_label=rules.label,
                        prompt_html=render(spec.prompt).html, points=spec.points,
                        options=options, min_chars=spec.min_chars, editable=True)


def answer_key(spec: QuestionSpec) -> AnswerKey:
    has_choices = TYPES[spec.type].has_choices
    correct: list[KeyLine] = []
    other: list[KeyLine] = []
    for position, choice in enumerate(spec.choices):
        line = KeyLine(_label(choice, position, has_choices),
                       None if choice.weight in (None, 100) else choice.weight,
                       choice.feedback)
        (correct if choice.percent > 0 else other).append(line)
    return AnswerKey(
        key=spec.key, points=spec.points, category=spec.category,
        partial=spec.partial_credit, correct=tuple(correct),
        other_feedback=tuple(line for line in other if line.feedback or line.share),
        explanation_html=render(spec.explanation).html if spec.explanation else "",
        min_chars=spec.min_chars)


def _label(choice: Choice, position: int, has_choices: bool) -> str:
    if has_choices:
        letter = LETTERS[position] if position < len(LETTERS) else str(position + 1)
        return f"{letter}. {choice.text}"
    if choice.tolerance is not None:
        return f"{choice.text} ± {choice.tolerance}"
    return choice.text


# -- a new quiz's first text -----------------------------------------------------------

def starter_text(*, title: str, mode: str, course: str | None, owner_unit: str) -> str:
    """The writer's file for a new quiz: its settings and one example question per type,
    so the syntax of each is on the page to copy."""
    settings = QuizSettings(title=title, mode=mode, course=course, owner_unit=owner_unit)
    return write_quiz(EXAMPLES, settings, "说明文字（可选）：学员开始作答前看到的介绍。")


EXAMPLES = [
    QuestionSpec(
        type=QuestionType.SINGLE, key="example-single", category="示例", points=Decimal(2),
        prompt="党章规定，党员必须履行的义务共有几项？",
        choices=(Choice("六项"), Choice("八项", correct=True,
                                       feedback="党章第三条列举的是八项义务。"),
                 Choice("十项")),
        explanation="《中国共产党章程》第三条列举党员必须履行的八项义务。"),
    QuestionSpec(
        type=QuestionType.MULTIPLE, key="example-multiple", category="示例",
        partial_credit=True, prompt="下列哪些是党章规定的党员权利？",
        choices=(Choice("参加党的有关会议，阅读党的有关文件", correct=True),
                 Choice("在党的会议上参加关于党的政策问题的讨论", correct=True),
                 Choice("决定本支部的发展对象", weight=-50))),
    true_false("预备党员的预备期为一年。", True, key="example-true-false", category="示例",
               explanation="《中国共产党章程》第七条。"),
    QuestionSpec(
        type=QuestionType.FILL, key="example-fill", category="示例",
        prompt="党的最高理想和最终目标是实现____。",
        choices=(Choice("共产主义", correct=True), Choice("共产主义社会", correct=True))),
    QuestionSpec(
        type=QuestionType.ESSAY, key="example-essay", min_chars=200,
        prompt="结合本职工作，谈谈你如何在岗位上发挥党员先锋模范作用（不少于 200 字）。",
        explanation="好的回答联系具体岗位和事例。"),
]
