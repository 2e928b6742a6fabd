"""The question types: for each, its label, how a submitted response is cleaned, and how
it is graded. Pure functions of a `QuestionSpec` and a response, so grading needs no
database and a regrade is the same call with a corrected spec.

Responses, as stored per attempt item (JSON):
  single, true_false: the index of the chosen choice in `spec.choices` (int)
  multiple: the sorted indexes chosen (list[int])
  fill, essay: the text typed (str)
A missing answer is None.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from learnhub.core.messages import N_
from learnhub.quizzes.questions.spec import Choice, QuestionSpec, QuestionType

Response = int | list[int] | str | None
HUNDRED = Decimal(100)


class InvalidResponse(ValueError):
    """A response that cannot belong to the question (an index it does not have)."""


@dataclass(frozen=True)
class TypeRules:
    type: QuestionType
    label: str  # msgid
    clean: Callable[[QuestionSpec, object], Response]
    # The share of the question's points earned, 0..1; None when a person must mark it.
    grade: Callable[[QuestionSpec, Response], Decimal | None]
    has_choices: bool


def normalise_text(text: str) -> str:
    """What a fill-in answer is compared as: full-width folded to half-width (NFKC),
    case folded, and spaces, punctuation and symbols dropped."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded
                   if not ch.isspace() and unicodedata.category(ch)[0] not in "PSZC")


def _number(text: str) -> Decimal | None:
    folded = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    try:
        value = Decimal(folded)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _clean_index(spec: QuestionSpec, raw: object) -> int | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise InvalidResponse(repr(raw))
    try:
        index = int(raw)
    except ValueError as error:
        raise InvalidResponse(raw) from error
    if not 0 <= index < len(spec.choices):
        raise InvalidResponse(str(raw))
    return index


def _clean_indexes(spec: QuestionSpec, raw: object) -> list[int] | None:
    if raw is None or raw == "" or raw == []:
        return None
    values = raw if isinstance(raw, list | tuple) else [raw]
    chosen = {index for value in values if (index := _clean_index(spec, value)) is not None}
    return sorted(chosen) or None


def _clean_text(spec: QuestionSpec, raw: object) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise InvalidResponse(repr(raw))
    return raw if raw.strip() else None


def _grade_single(spec: QuestionSpec, response: Response) -> Decimal:
    if not isinstance(response, int):
        return Decimal(0)
    return _share(spec.choices[response].percent)


def _share(percent: int | Decimal) -> Decimal:
    return min(max(Decimal(percent) / HUNDRED, Decimal(0)), Decimal(1))


def _grade_multiple(spec: QuestionSpec, response: Response) -> Decimal:
    if not isinstance(response, list) or not response:
        return Decimal(0)
    chosen = set(response)
    if not spec.partial_credit:
        right = {i for i, choice in enumerate(spec.choices) if choice.percent > 0}
        return Decimal(1) if chosen == right else Decimal(0)
    return _share(sum((_partial_percent(spec, i) for i in chosen), Decimal(0)))


def _partial_percent(spec: QuestionSpec, index: int) -> Decimal:
    """With partial credit, a choice's own weight, or by default an equal share of 100
    for each correct choice and the same share taken off for each wrong one."""
    choice = spec.choices[index]
    if choice.weight is not None:
        return Decimal(choice.weight)
    share = HUNDRED / max(1, sum(1 for c in spec.choices if c.correct))
    return share if choice.correct else -share


def fill_matches(choice: Choice, typed: str) -> bool:
    if choice.tolerance is not None:
        value, target = _number(typed), _number(choice.text)
        return value is not None and target is not None and abs(value - target) <= choice.tolerance
    return normalise_text(typed) == normalise_text(choice.text) != ""


def matching_fill_choice(spec: QuestionSpec, typed: str) -> int | None:
    """The index of the best accepted answer the typed text matches, if any."""
    best: int | None = None
    for index, choice in enumerate(spec.choices):
        if fill_matches(choice, typed) and (
                best is None or choice.percent > spec.choices[best].percent):
            best = index
    return best


def _grade_fill(spec: QuestionSpec, response: Response) -> Decimal:
    if not isinstance(response, str):
        return Decimal(0)
    index = matching_fill_choice(spec, response)
    return Decimal(0) if index is None else _share(spec.choices[index].percent)


def _grade_essay(spec: QuestionSpec, response: Response) -> Decimal | None:
    if not isinstance(response, str) or not response.strip():
        return Decimal(0)  # nothing written: nothing to mark
    return None


TYPES: dict[QuestionType, TypeRules] = {
    rules.type: rules for rules in (
        TypeRules(QuestionType.SINGLE, N_("单选"), _clean_index, _grade_single, True),
        TypeRules(QuestionType.MULTIPLE, N_("多选"), _clean_indexes, _grade_multiple, True),
        TypeRules(QuestionType.TRUE_FALSE, N_("判断"), _clean_index, _grade_single, True),
        TypeRules(QuestionType.FILL, N_("填空"), _clean_text, _grade_fill, False),
        TypeRules(QuestionType.ESSAY, N_("心得"), _clean_text, _grade_essay, False),
    )
}


def clean_response(spec: QuestionSpec, raw: object) -> Response:
    """The response as stored, or InvalidResponse when it can't belong to the question."""
    return TYPES[spec.type].clean(spec, raw)


def grade(spec: QuestionSpec, response: Response) -> Decimal | None:
    """Points earned (spec.points × share), or None while a trainer must mark it."""
    share = TYPES[spec.type].grade(spec, response)
    if share is None:
        return None
    return (spec.points * share).quantize(Decimal("0.01"))


def chosen_feedback(spec: QuestionSpec, response: Response) -> list[str]:
    """The feedback written for what the learner chose or typed (GIFT's `#`)."""
    if isinstance(response, int) and spec.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        indexes = [response]
    elif isinstance(response, list):
        indexes = response
    elif isinstance(response, str) and spec.type == QuestionType.FILL:
        found = matching_fill_choice(spec, response)
        indexes = [] if found is None else [found]
    else:
        indexes = []
    return [spec.choices[i].feedback for i in indexes if spec.choices[i].feedback]
