"""Honest reading times: what a lesson's `minutes` should be, roughly, from its text.

Study reading runs at about 300 Han characters a minute (docs/authoring.md); a table takes
about a minute more to read, and so does each exercise (a heading with 思考, 练习, 讨论,
自测 or 测试, such as “思考题” or “讨论与练习”). A video's length is unknown from the
files, so lessons with a video are not estimated. `content check` and `content sync` warn
(they do not refuse) when a lesson's minutes are more than twice, or less than half, the
estimate; an estimate below one minute counts as one.
"""

from __future__ import annotations

import re

HAN_PER_MINUTE = 300
TABLE_MINUTES = 1
EXERCISE_MINUTES = 1
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")  # |---|:--:|
EXERCISE_HEADING = re.compile(r"^\s{0,3}#{1,6}\s.*(思考|练习|讨论|自测|测试)")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def estimate(markdown: str) -> float:
    """Estimated minutes of careful study for a lesson's Markdown (without video)."""
    han = tables = exercises = 0
    fenced = False
    for line in markdown.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        han += len(HAN.findall(line))
        if fenced:
            continue
        if "-" in line and "|" in line and TABLE_RULE.match(line):
            tables += 1
        elif EXERCISE_HEADING.match(line):
            exercises += 1
    return max(1.0, han / HAN_PER_MINUTE + tables * TABLE_MINUTES
               + exercises * EXERCISE_MINUTES)


def honest(minutes: int, estimated: float) -> bool:
    """False when `minutes` is more than twice or less than half the estimate."""
    return estimated / 2 <= minutes <= estimated * 2


def rounded(estimated: float) -> int:
    return max(1, round(estimated))
