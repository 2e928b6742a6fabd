"""A question as a learner sees it: the plain object `templates/quizzes/macros/question.html`
renders, built from a question version, the order its options were shown in, the answer
given, and what review reveals. The editor's preview builds one with no answer and
nothing revealed.

While nothing is revealed the view holds no trace of the key: options carry only their
shown position and text, and no feedback, explanation or score is filled in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from learnhub.quizzes.attempts.answers import shown_positions
from learnhub.quizzes.attempts.review import NOTHING, VisibleParts
from learnhub.quizzes.models import QuestionVersion
from learnhub.quizzes.questions.spec import QuestionSpec, QuestionType
from learnhub.quizzes.questions.types import TYPES, Response, chosen_feedback


@dataclass(frozen=True)
class OptionView:
    position: int  # the shown position: the value the form sends
    text: str
    chosen: bool = False
    correct: bool | None = None  # None: not revealed


@dataclass(frozen=True)
class QuestionView:
    number: int  # 1, 2, 3 ... as shown; the form field is `q<number>`
    type: str  # a QuestionType value
    type_label: str  # msgid
    prompt_html: str  # sanitised at save time
    points: Decimal
    options: tuple[OptionView, ...] = ()
    text: str = ""  # the typed answer (填空, 心得)
    min_chars: int = 0
    editable: bool = True  # inputs enabled (the attempt page)
    # Filled only as review allows:
    score: Decimal | None = None
    score_shown: bool = False
    awaiting_mark: bool = False
    accepted: tuple[str, ...] = ()  # 填空's accepted answers
    feedback: tuple[str, ...] = ()  # written for what was chosen
    explanation_html: str = ""
    mark_comment: str = ""

    @property
    def field(self) -> str:
        return f"q{self.number}"

    @property
    def multiple(self) -> bool:
        return self.type == QuestionType.MULTIPLE

    @property
    def has_options(self) -> bool:
        return TYPES[QuestionType(self.type)].has_choices

    @property
    def answered(self) -> bool:
        return bool(self.text.strip()) or any(option.chosen for option in self.options)


def key_spec(spec: QuestionSpec, key: QuestionVersion | None) -> QuestionSpec:
    """The spec whose key graded an item: `key`'s (the version a regrade graded it with,
    `AttemptItem.graded_with_version_id`) or, without one, the item's own `spec`. A key
    whose choices do not line up with those shown (regrade refuses that) is not used."""
    if key is None:
        return spec
    graded = key.spec()
    if TYPES[spec.type].has_choices and len(graded.choices) != len(spec.choices):
        return spec
    return graded


def question_view(version: QuestionVersion, *, number: int, choice_order: Sequence[int] = (),
                  response: Response = None, parts: VisibleParts = NOTHING,
                  editable: bool = True, score: Decimal | None = None,
                  mark_comment: str = "", key: QuestionVersion | None = None) -> QuestionView:
    """The view of one question. `choice_order` maps shown positions to the version's
    choices (identity when empty); `parts` says what review reveals (nothing by default).
    `key` is the version whose key graded the item when a regrade re-scored it
    (`AttemptItem.graded_with_version_id`): the right choices, accepted answers, feedback
    and explanation come from it, so they agree with the score; the prompt and choice
    texts stay those shown (a regrade keeps them, so indexes line up)."""
    spec = version.spec()
    graded = key_spec(spec, key)
    explanation_html = key.explanation_html if key is not None else version.explanation_html
    kind = QuestionType(version.type)
    has_choices = TYPES[kind].has_choices
    order = list(choice_order) or list(range(len(spec.choices)))
    show_answer = parts.responses or editable  # the learner's own answer, on their page
    chosen = shown_positions(order, response) if show_answer and has_choices else set()
    options = tuple(
        OptionView(position=position, text=spec.choices[index].text,
                   chosen=position in chosen,
                   correct=graded.choices[index].percent > 0 if parts.correct else None)
        for position, index in enumerate(order)) if has_choices else ()
    text = response if isinstance(response, str) and show_answer else ""
    return QuestionView(
        number=number, type=kind.value, type_label=TYPES[kind].label,
        prompt_html=version.prompt_html, points=version.points, options=options, text=text,
        min_chars=spec.min_chars, editable=editable,
        score=score if parts.score else None, score_shown=parts.score,
        awaiting_mark=not editable and kind == QuestionType.ESSAY and score is None
        and bool(text),
        accepted=tuple(c.text for c in graded.choices) if parts.correct and kind ==
        QuestionType.FILL else (),
        feedback=tuple(chosen_feedback(graded, response)) if parts.responses else (),
        explanation_html=explanation_html if parts.explanations else "",
        mark_comment=mark_comment if parts.responses else "")
