"""What a page sends as an answer (shown positions, or text) → the response stored (indexes
into the version's original choices, see questions.types). Pages never see the original
order, so a position says nothing about which option is correct."""

from __future__ import annotations

from collections.abc import Sequence

from learnhub.quizzes.attempts.failures import BadAnswer
from learnhub.quizzes.questions.spec import QuestionSpec, QuestionType
from learnhub.quizzes.questions.types import InvalidResponse, Response, clean_response

MAX_TEXT = 20_000  # characters of a 填空 or 心得 answer
MASK_BITS = 63  # options 0..62 fit a signed 64-bit column (spec.MAX_CHOICES: 50 at most)


def _original(choice_order: Sequence[int], shown: object) -> int:
    if isinstance(shown, bool) or not isinstance(shown, int | str):
        raise BadAnswer()
    try:
        position = int(shown)
    except ValueError as error:
        raise BadAnswer() from error
    if not 0 <= position < len(choice_order):
        raise BadAnswer()
    return choice_order[position]


def stored_response(spec: QuestionSpec, choice_order: Sequence[int], raw: object) -> Response:
    """The response to store for `raw` (a shown position, a list of them, or text);
    BadAnswer when it can't belong to the question."""
    try:
        if spec.type in (QuestionType.FILL, QuestionType.ESSAY):
            if isinstance(raw, list):
                raw = raw[0] if len(raw) == 1 else None
            if isinstance(raw, str) and len(raw) > MAX_TEXT:
                raise BadAnswer()
            return clean_response(spec, raw)
        if raw is None or raw == "" or raw == []:
            return None
        if spec.type == QuestionType.MULTIPLE:
            values = raw if isinstance(raw, list) else [raw]
            return clean_response(spec, [_original(choice_order, v) for v in values])
        if isinstance(raw, list):
            if len(raw) != 1:
                raise BadAnswer()
            raw = raw[0]
        return clean_response(spec, _original(choice_order, raw))
    except InvalidResponse as error:
        raise BadAnswer() from error


def shown_positions(choice_order: Sequence[int], response: Response) -> set[int]:
    """The shown positions a stored response chose (to fill a reloaded page)."""
    if isinstance(response, bool) or response is None or isinstance(response, str):
        return set()
    chosen = set(response) if isinstance(response, list) else {response}
    return {position for position, index in enumerate(choice_order) if index in chosen}


def chosen_mask(response: object) -> int | None:
    """What `quiz_attempt_item.chosen` holds for a stored response: bit i set when original
    choice i was chosen (an index, or a list of them: 0 for an empty list); None for text,
    no answer or anything else. Every write of `response` writes this with it, so item
    analysis counts options with integer arithmetic instead of expanding JSON.
    Indexes outside 0..MASK_BITS-1 set no bit."""
    if isinstance(response, bool):
        return None
    if isinstance(response, int):
        return 1 << response if 0 <= response < MASK_BITS else 0
    if isinstance(response, list):
        mask = 0
        for index in response:
            if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < MASK_BITS:
                mask |= 1 << index
        return mask
    return None
