"""A question as every format reads it and every page shows it: plain frozen data.

The Markdown quiz format, GIFT and Aiken all parse into `QuestionSpec`; the database
keeps a spec as a `QuestionVersion` (`data` holds `choices` and the type's options), and
grading, rendering and export work from the spec alone.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from decimal import Decimal

# The most options (or accepted answers) one question may have, in every format (Markdown,
# GIFT, Aiken): item analysis counts the options chosen as the bits of a 63-bit mask
# (`attempts.answers.MASK_BITS`), and a learner reads no longer list anyway.
MAX_CHOICES = 50


class QuestionType(enum.StrEnum):
    SINGLE = "single"  # 单选
    MULTIPLE = "multiple"  # 多选
    TRUE_FALSE = "true_false"  # 判断
    FILL = "fill"  # 填空
    ESSAY = "essay"  # 心得: read and marked by a trainer


@dataclass(frozen=True)
class Choice:
    """An option (single, multiple, true/false) or an accepted answer (fill).

    `weight` is the share of the question's points, in percent, that choosing (or
    typing) it earns: 100 for the right option of a single choice, GIFT's `%50%`, a
    negative share for a wrong option of a multiple choice with partial credit. None
    means "by `correct`": 100 when correct, 0 otherwise.
    `tolerance` makes a fill answer numeric: any number within value ± tolerance counts.
    """

    text: str
    correct: bool = False
    weight: int | None = None
    feedback: str = ""
    tolerance: Decimal | None = None

    @property
    def percent(self) -> int:
        if self.weight is not None:
            return self.weight
        return 100 if self.correct else 0


@dataclass(frozen=True)
class QuestionSpec:
    type: QuestionType
    prompt: str  # Markdown
    choices: tuple[Choice, ...] = ()
    key: str = ""  # stable within its bank ({#key} in Markdown, ::title:: in GIFT)
    title: str = ""
    category: str = ""
    points: Decimal = Decimal(1)
    partial_credit: bool = False  # multiple choice: weights add up instead of all-or-nothing
    explanation: str = ""  # 解析, Markdown, shown after submission as review allows
    min_chars: int = 0  # essay: the shortest reflection accepted
    line: int = 0  # where the question starts in its file, for messages
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def with_key(self, key: str) -> QuestionSpec:
        return replace(self, key=key)


TRUE_TEXT = "正确"
FALSE_TEXT = "错误"


def true_false(prompt: str, answer: bool, **fields) -> QuestionSpec:
    """A true/false question: two choices, 正确 then 错误, one of them correct.
    `true_feedback`/`false_feedback` are shown to whoever chose that choice."""
    true_feedback = fields.pop("true_feedback", "")
    false_feedback = fields.pop("false_feedback", "")
    return QuestionSpec(
        type=QuestionType.TRUE_FALSE, prompt=prompt,
        choices=(Choice(TRUE_TEXT, correct=answer, feedback=true_feedback),
                 Choice(FALSE_TEXT, correct=not answer, feedback=false_feedback)),
        **fields)
