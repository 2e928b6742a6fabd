"""Question specs (and optionally quiz settings and a description) as a quiz file in the
Markdown format, so that reading the file back gives the same specs: bank export, and
GIFT or Aiken files turned into our format."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from learnhub.core.timeutil import site_zone
from learnhub.quizzes.format import syntax
from learnhub.quizzes.format.settings import REVIEW_PARTS, QuizSettings
from learnhub.quizzes.questions.spec import Choice, QuestionSpec, QuestionType

# A category is written in quotes when it holds anything an unquoted value can't.
PLAIN_VALUE = re.compile(r'^[^\s"\\{}#]+$')
# An explanation stays on the `解析：` line only when its first line starts a paragraph.
PLAIN_START = re.compile(r"^[^\s\\`~#>*+\-|=<!\[\d]")


def write_quiz(specs: Sequence[QuestionSpec], settings: QuizSettings | None = None,
               description: str = "", *, title: str = "", zone: ZoneInfo | None = None) -> str:
    """The whole file: front matter (the settings, or just `title`), the description,
    then every question."""
    settings = settings or QuizSettings(title=title or "题库")
    parts = ["---\n" + front_matter(settings, zone or site_zone()) + "---\n"]
    if description.strip():
        parts.append("\n".join(syntax.escape_block(description.strip("\n"))) + "\n")
    parts += [write_question(spec) for spec in specs]
    return "\n".join(parts)


def front_matter(settings: QuizSettings, zone: ZoneInfo) -> str:
    """The settings that differ from the defaults, as YAML (title always)."""
    default = QuizSettings()
    data: dict[str, Any] = {"title": settings.title}
    for name in ("course", "required", "mode", "pass_percent", "time_limit", "attempts",
                 "cooldown", "grading", "shuffle_questions", "shuffle_choices", "show_names",
                 "owner_unit"):
        value = getattr(settings, name)
        if value != getattr(default, name):
            data[name] = value
    for name in ("opens", "closes"):
        value = getattr(settings, name)
        if value is not None:
            local = value.astimezone(zone)
            data[name] = local.strftime("%Y-%m-%d %H:%M" + (":%S" if local.second else ""))
    if settings.credit_hours != default.credit_hours:
        data["credit_hours"] = float(settings.credit_hours) if settings.credit_hours != int(
            settings.credit_hours) else int(settings.credit_hours)
    review = {part: settings.review[part] for part in REVIEW_PARTS
              if settings.review.get(part, "immediately") != "immediately"}
    if review:
        data["review"] = review
    if settings.questions is not None:
        data["questions"] = list(settings.questions)
    if settings.draw is not None:
        data["draw"] = [{**({"bank": d.bank} if d.bank else {}), "category": d.category,
                         "count": d.count} for d in settings.draw]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)


def write_question(spec: QuestionSpec) -> str:
    lines = [_heading(spec), ""]
    lines += syntax.escape_block(spec.prompt.strip("\n"))
    lines.append("")
    lines += _choices(spec)
    if spec.explanation.strip():
        explanation = spec.explanation.strip("\n")
        first, _, rest = explanation.partition("\n")
        if PLAIN_START.match(first) and not syntax.syntax_like(first):
            lines.append("解析：" + first)
            if rest:
                lines += syntax.escape_block(rest)
        else:
            lines.append("解析：")
            lines += syntax.escape_block(explanation)
        lines.append("")
    return "\n".join(lines)


def _heading(spec: QuestionSpec) -> str:
    attributes = [f"#{spec.key}"] if spec.key else []
    if spec.category:
        attributes.append(f"category={_value(spec.category)}")
    if spec.points != 1:
        attributes.append(f"points={_number(spec.points)}")
    if spec.partial_credit:
        attributes.append("partial")
    if spec.min_chars:
        attributes.append(f"min_chars={spec.min_chars}")
    title = f" {spec.title}" if spec.title else ""
    block = " {" + " ".join(attributes) + "}" if attributes or title.rstrip().endswith("}") else ""
    return f"## {syntax.CHINESE_NAMES[spec.type.value]}{title}{block}"


def _value(text: str) -> str:
    if PLAIN_VALUE.match(text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _choices(spec: QuestionSpec) -> list[str]:
    if spec.type == QuestionType.ESSAY or not spec.choices:
        return []
    if spec.type == QuestionType.TRUE_FALSE and not any(c.feedback for c in spec.choices):
        right = next((c for c in spec.choices if c.correct), spec.choices[0])
        return [f"答案：{right.text}", ""]
    if spec.type == QuestionType.FILL and all(_plain_answer(c) for c in spec.choices):
        return ["答案：" + " | ".join(c.text for c in spec.choices), ""]
    lines = []
    for choice in spec.choices:
        lines += _choice(choice)
    return [*lines, ""]


def _plain_answer(choice: Choice) -> bool:
    return (choice.correct and choice.weight is None and not choice.feedback
            and choice.tolerance is None and "\n" not in choice.text
            and not re.search(r"[|｜]", choice.text) and choice.text == choice.text.strip()
            and not syntax.TOLERANCE.match(choice.text))


def _choice(choice: Choice) -> list[str]:
    by_correct = "x" if choice.correct else " "
    marker = f"{choice.weight}%" if choice.weight is not None else by_correct
    text = choice.text.strip()
    if choice.tolerance is not None:
        text = f"{text} ± {_number(choice.tolerance)}"
    first, *rest = [line for line in text.split("\n") if line.strip()] or [""]
    lines = [f"- [{marker}] {first}"]
    lines += [syntax.escape("  " + line.strip()) for line in rest]
    feedback = [line for line in choice.feedback.strip().split("\n") if line.strip()]
    if feedback:
        lines.append("  反馈：" + feedback[0].strip())
        lines += [syntax.escape("  " + line.strip()) for line in feedback[1:]]
    return lines
