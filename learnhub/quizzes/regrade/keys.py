"""A corrected answer key: what the regrade form says, read and checked, and the question
spec it makes. Pure functions: the preview and the apply both grade with
`corrected_spec`, so what the preview shows is what the apply writes.

A key is the answer only: which choices are right (单选, 判断, 多选 with all-or-nothing
or partial credit), the accepted answers (填空, with an optional `± tolerance` for numbers)
and the points. The prompt, the choices' texts and the explanation stay as they are:
changing them is an edit (the editor's job), not a regrade.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from learnhub.quizzes.models import spec_data
from learnhub.quizzes.questions.spec import Choice, QuestionSpec, QuestionType
from learnhub.quizzes.regrade.failures import InvalidKey

CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE)
REGRADABLE = (*CHOICE_TYPES, QuestionType.FILL)
MAX_ANSWERS = 50
MAX_POINTS = Decimal(1000)
# `3.14 ± 0.01` (or `+-`): a number with a tolerance, as in the quiz file format.
TOLERANCE = re.compile(r"^(?P<value>.+?)\s*(?:±|\+-|\+/-)\s*(?P<tolerance>[^±]+)$")


@dataclass(frozen=True)
class Accepted:
    text: str
    tolerance: Decimal | None = None

    def line(self) -> str:
        return self.text if self.tolerance is None else f"{self.text} ± {self.tolerance}"


@dataclass(frozen=True)
class CorrectedKey:
    """For choice types `correct` holds indexes into the choices (original order); for 填空
    `accepted` the answers. `partial` is 多选's partial credit."""

    points: Decimal
    correct: tuple[int, ...] = ()
    partial: bool = False
    accepted: tuple[Accepted, ...] = ()

    def to_json(self) -> str:
        """The key as the apply form carries it (the preview's hash covers it)."""
        return json.dumps({"points": str(self.points), "correct": list(self.correct),
                           "partial": self.partial,
                           "accepted": [[a.text, None if a.tolerance is None else str(a.tolerance)]
                                        for a in self.accepted]}, ensure_ascii=False)


def key_of(spec: QuestionSpec) -> CorrectedKey:
    """The key a spec holds now, in the form's terms (the form starts from it)."""
    if spec.type == QuestionType.FILL:
        return CorrectedKey(points=spec.points, accepted=tuple(
            Accepted(c.text, c.tolerance) for c in spec.choices if c.percent > 0))
    return CorrectedKey(points=spec.points, partial=spec.partial_credit,
                        correct=tuple(i for i, c in enumerate(spec.choices) if c.percent > 0))


def parse_points(text: str) -> Decimal:
    try:
        points = Decimal((text or "").strip()).quantize(Decimal("0.01"))
    except InvalidOperation as error:
        raise InvalidKey("分值须为大于 0 的数。", fields={"points": "invalid"}) from error
    if not points.is_finite() or not Decimal(0) < points <= MAX_POINTS:
        raise InvalidKey("分值须为大于 0 的数。", fields={"points": "invalid"})
    return points


def parse_accepted(text: str) -> tuple[Accepted, ...]:
    """One accepted answer a line; `数值 ± 容差` makes a numeric one. Blank lines and
    repeats are dropped."""
    found: list[Accepted] = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        match = TOLERANCE.match(line)
        answer = Accepted(line)
        if match:
            try:
                value = Decimal(match["value"].strip())
                tolerance = Decimal(match["tolerance"].strip())
            except InvalidOperation as error:
                raise InvalidKey("“%(line)s”：容差写法为“数值 ± 容差”，两边都须是数。",
                                 fields={"answers": "tolerance"}, line=line) from error
            if not (value.is_finite() and tolerance.is_finite()) or tolerance < 0:
                raise InvalidKey("“%(line)s”：容差写法为“数值 ± 容差”，两边都须是数。",
                                 fields={"answers": "tolerance"}, line=line)
            answer = Accepted(match["value"].strip(), tolerance)
        if answer not in found:
            found.append(answer)
    if not found:
        raise InvalidKey("请至少填写一个可接受的答案。", fields={"answers": "required"})
    if len(found) > MAX_ANSWERS:
        raise InvalidKey("可接受的答案最多 %(n)s 个。", fields={"answers": "too_many"},
                         n=MAX_ANSWERS)
    return tuple(found)


def read_key(spec: QuestionSpec, *, points: str, correct: list[int] | None = None,
             partial: bool = False, answers: str = "") -> CorrectedKey:
    """The form's values as a key for `spec`'s type, or InvalidKey naming the field."""
    value = parse_points(points)
    if spec.type == QuestionType.FILL:
        return CorrectedKey(points=value, accepted=parse_accepted(answers))
    chosen = tuple(sorted({i for i in correct or () if 0 <= i < len(spec.choices)}))
    if spec.type == QuestionType.MULTIPLE:
        if not chosen:
            raise InvalidKey("请至少选择一个正确选项。", fields={"correct": "required"})
        return CorrectedKey(points=value, correct=chosen, partial=partial)
    if len(chosen) != 1:
        raise InvalidKey("请选择一个正确选项。", fields={"correct": "required"})
    return CorrectedKey(points=value, correct=chosen)


def key_from_json(spec: QuestionSpec, text: str) -> CorrectedKey:
    """The apply form's hidden key, checked as the preview form was."""
    try:
        data = json.loads(text or "")
        return read_key(spec, points=str(data["points"]),
                        correct=[int(i) for i in data.get("correct") or []],
                        partial=bool(data.get("partial")),
                        answers="\n".join(answer if tol is None else f"{answer} ± {tol}"
                                          for answer, tol in data.get("accepted") or []))
    except (ValueError, TypeError, KeyError) as error:
        raise InvalidKey() from error


def corrected_spec(spec: QuestionSpec, key: CorrectedKey) -> QuestionSpec:
    """`spec` with the corrected key. Choice texts and feedback stay; weights from an
    import (GIFT's `%50%`) give way to the plain rule: a right choice earns its share."""
    if spec.type == QuestionType.FILL:
        feedback = {c.text: c.feedback for c in spec.choices}
        choices = tuple(Choice(a.text, correct=True, feedback=feedback.get(a.text, ""),
                               tolerance=a.tolerance) for a in key.accepted)
        return replace(spec, choices=choices, points=key.points)
    choices = tuple(replace(c, correct=i in key.correct, weight=None)
                    for i, c in enumerate(spec.choices))
    return replace(spec, choices=choices, points=key.points,
                   partial_credit=key.partial and spec.type == QuestionType.MULTIPLE)


def key_summary(spec: QuestionSpec) -> dict:
    """What the audit entry keeps of a key: the data a version stores, and its points."""
    return {"points": str(spec.points), **spec_data(spec)}
