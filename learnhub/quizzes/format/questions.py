"""The body of a quiz file: the description, then one `## 类型` section per question.

`read_body` cuts the body into sections (fences respected) and reads each into a
`QuestionSpec`; every problem is a (line, message) and reading goes on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from flask_babel import gettext

from learnhub.quizzes.format import syntax
from learnhub.quizzes.format.settings import KEY, MAX_LENGTHS
from learnhub.quizzes.questions.spec import MAX_CHOICES, Choice, QuestionSpec, QuestionType

Problems = list[tuple[int, str]]
MAX_POINTS = Decimal("9999.99")
MAX_MIN_CHARS = 100_000
TRUE_WORDS = ("正确", "对", "true", "t", "√", "✓")
FALSE_WORDS = ("错误", "错", "false", "f", "×", "✗")


@dataclass
class Body:
    description: str
    description_line: int
    specs: list[QuestionSpec]
    keyless: list[QuestionSpec] = field(default_factory=list)  # named q1, q2… by position
    problems: Problems = field(default_factory=list)
    # (line where a Markdown text starts, the text): for size and rendering checks
    texts: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class _ChoiceDraft:
    line: int
    marker: str
    text: list[str]
    feedback: list[str] | None = None


def read_body(body: str, first_line: int) -> Body:
    lines = body.split("\n")
    fences = syntax.Fences()
    starts: list[int] = []
    for index, line in enumerate(lines):
        if not fences.step(line, first_line + index) and syntax.QUESTION_HEADING.match(line):
            starts.append(index)
    result = Body("", first_line, [])
    if fences.open is not None:
        result.problems.append((fences.opened_at, gettext(
            "代码块没有结束：从这一行的 %(fence)s 开始，到文件末尾都没有对应的结束行。",
            fence=fences.open)))
    head = lines[:starts[0]] if starts else lines
    result.description, offset = _trimmed(head)
    result.description_line = first_line + offset
    if result.description:
        result.texts.append((result.description_line, result.description))
    for number, start in enumerate(starts, start=1):
        end = starts[number] if number < len(starts) else len(lines)
        reader = _QuestionReader(lines[start:end], first_line + start, number)
        spec = reader.read()
        result.problems += reader.problems
        result.texts += reader.texts
        if spec is not None:
            result.specs.append(spec)
            if not reader.had_key:
                result.keyless.append(spec)
    return result


def _trimmed(lines: list[str]) -> tuple[str, int]:
    """The lines without blank lines around them, unescaped outside fences, and the
    offset of the first one kept."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    end = len(lines)
    while end > start and not lines[end - 1].strip():
        end -= 1
    fences = syntax.Fences()
    kept = [line if fences.step(line) else syntax.unescape(line) for line in lines[start:end]]
    return "\n".join(kept), start


class _QuestionReader:
    def __init__(self, lines: list[str], line: int, number: int) -> None:
        self.lines = lines
        self.line = line
        self.number = number
        self.problems: Problems = []
        self.texts: list[tuple[int, str]] = []
        self.had_key = False

    def problem(self, offset: int, message: str) -> None:
        self.problems.append((self.line + offset, message))

    def read(self) -> QuestionSpec | None:
        found = syntax.QUESTION_HEADING.match(self.lines[0])
        heading = (found.group(1) or "") if found else ""
        named = re.match(r"([^\s{]*)(.*)", heading)
        type_name, rest = (named.group(1), named.group(2)) if named else ("", "")
        kind = syntax.TYPE_NAMES.get(type_name.strip().lower()) or syntax.TYPE_NAMES.get(
            type_name.strip())
        if kind is None:
            self.problem(0, gettext(
                "未知的题型 %(name)s：## 后面写 单选、多选、判断、填空 或 心得（single, multiple, "
                "true_false, fill, essay）。题目里的小标题请从 ### 开始。", name=type_name.strip()))
            return None
        qtype = QuestionType(kind)
        title, attributes = self.heading_parts(rest.strip())
        values = self.attributes(attributes, qtype)
        prompt, choices, answer, explanation = self.sections()
        spec = QuestionSpec(
            type=qtype, prompt=prompt, key=values.get("key") or f"q{self.number}",
            title=title, category=values.get("category", ""),
            points=values.get("points", Decimal(1)), partial_credit=values.get("partial", False),
            explanation=explanation, min_chars=values.get("min_chars", 0), line=self.line)
        checked = self.choices(spec, choices, answer)
        if checked is None:
            return None
        return replace(spec, choices=checked)

    # -- heading -----------------------------------------------------------------------

    def heading_parts(self, rest: str) -> tuple[str, str | None]:
        found = syntax.ATTRIBUTES.search(rest)
        title = rest[:found.start()].strip() if found else rest
        if len(title) > MAX_LENGTHS["title"]:
            self.problem(0, gettext("题目标题太长（最多 %(max)s 个字符）。", max=MAX_LENGTHS["title"]))
        return title, found.group(1) if found else None

    def attributes(self, text: str | None, qtype: QuestionType) -> dict:
        values: dict = {}
        if text is None:
            return values
        for name, value in _tokens(text):
            problem = _attribute_problem(name, value, qtype, values)
            if problem:
                self.problem(0, problem)
                continue
            if name == "key":
                values["key"] = value
                self.had_key = True
            elif name == "category":
                values["category"] = value
            elif name == "points":
                values["points"] = Decimal(value or "").quantize(Decimal("0.01"))
            elif name == "partial":
                values["partial"] = True
            elif name == "min_chars":
                values["min_chars"] = int(value or "")
        return values

    # -- sections ------------------------------------------------------------------------

    def sections(self) -> tuple[str, list[_ChoiceDraft], tuple[int, str] | None, str]:
        """Prompt, choices, the `答案：` line (offset, text) and the explanation."""
        fences = syntax.Fences()
        prompt_end = len(self.lines)
        for offset in range(1, len(self.lines)):
            line = self.lines[offset]
            if fences.step(line):
                continue
            if syntax.CHOICE.match(line) or syntax.ANSWER.match(line) or syntax.EXPLANATION.match(
                    line):
                prompt_end = offset
                break
            if syntax.TOP_HEADING.match(line):
                self.problem(offset, gettext("题目里的标题请从 ### 开始（## 开始下一道题）。"))
        prompt, start = _trimmed(self.lines[1:prompt_end])
        if prompt:
            self.texts.append((self.line + 1 + start, prompt))
        choices: list[_ChoiceDraft] = []
        answer: tuple[int, str] | None = None
        explanation = ""
        offset = prompt_end
        while offset < len(self.lines):
            line = self.lines[offset]
            indent, rest = syntax.split_indent(line)
            if not line.strip():
                pass
            elif (found := syntax.EXPLANATION.match(line)) is not None:
                text, start = _trimmed([found.group(1), *self.lines[offset + 1:]])
                explanation = text
                if text:
                    self.texts.append((self.line + offset + start, text))
                break
            elif answer is not None:
                self.problem(offset, gettext("答案： 之后只能写 解析：。"))
            elif (found := syntax.ANSWER.match(line)) is not None:
                answer = (offset, found.group(1))
            elif (found := syntax.CHOICE.match(line)) is not None:
                choices.append(_ChoiceDraft(offset, found.group(1), [found.group(2) or ""]))
            elif indent and choices:
                self.continuation(choices[-1], rest)
            else:
                self.problem(offset, gettext(
                    "这一行不属于任何选项：选项之后只能写缩进的 反馈：、答案： 或 解析：。"))
            offset += 1
        return prompt, choices, answer, explanation

    def continuation(self, draft: _ChoiceDraft, rest: str) -> None:
        found = syntax.FEEDBACK.match(rest)
        if found is not None and draft.feedback is None:
            draft.feedback = [found.group(1)]
            return
        text = syntax.unescape("  " + rest).lstrip()
        (draft.feedback if draft.feedback is not None else draft.text).append(text)

    # -- choices per type ------------------------------------------------------------------

    def choices(self, spec: QuestionSpec, drafts: list[_ChoiceDraft],
                answer: tuple[int, str] | None) -> tuple[Choice, ...] | None:
        if not spec.prompt:
            self.problem(0, gettext("题目没有题干：标题之后写题目的文字。"))
        if answer is not None and drafts:
            self.problem(answer[0], gettext("答案： 和选项列表只能写一种。"))
            return None
        if len(drafts) > MAX_CHOICES:
            self.problem(drafts[MAX_CHOICES].line, gettext("选项太多（最多 %(max)s 个）。",
                                                          max=MAX_CHOICES))
            return None
        if spec.type == QuestionType.ESSAY:
            if drafts or answer is not None:
                where = answer[0] if answer is not None else drafts[0].line
                self.problem(where, gettext("心得题没有选项或答案；要说明好的回答应包括什么，写在 解析： 里。"))
                return None
            return ()
        if spec.type == QuestionType.TRUE_FALSE:
            return self.true_false(spec, drafts, answer)
        if answer is not None:
            if spec.type != QuestionType.FILL:
                self.problem(answer[0], gettext("答案： 只用于判断题和填空题；选择题请用 - [x] 选项列表。"))
                return None
            drafts = [_ChoiceDraft(answer[0], "x", [part]) for part in
                      answer[1].replace("｜", "|").split("|")]
        made = [choice for draft in drafts if (choice := self.choice(spec, draft)) is not None]
        if len(made) < len(drafts):
            return None
        where = answer[0] if answer else (drafts[0].line if drafts else 0)
        return self.check_choices(spec, tuple(made), where)

    def choice(self, spec: QuestionSpec, draft: _ChoiceDraft) -> Choice | None:
        text = "\n".join(draft.text).strip()
        feedback = "\n".join(draft.feedback or []).strip()
        if not text:
            self.problem(draft.line, gettext("选项（或答案）的内容是空的。"))
            return None
        weight: int | None = None
        correct = draft.marker in ("x", "X")
        if draft.marker.endswith("%"):
            try:
                share = Decimal(draft.marker[:-1])
            except InvalidOperation:
                share = Decimal("0.5")
            if share != share.to_integral_value() or not -100 <= share <= 100:
                self.problem(draft.line, gettext("得分比例必须是 -100% 到 100% 之间的整数，例如 [50%]。"))
                return None
            weight = int(share)
            correct = weight > 0
            if weight < 0 and not (spec.type == QuestionType.MULTIPLE and spec.partial_credit):
                self.problem(draft.line, gettext("负的得分比例只用于带 partial 的多选题。"))
                return None
            if spec.type == QuestionType.MULTIPLE and not spec.partial_credit:
                self.problem(draft.line, gettext(
                    "多选题的得分比例只在带 partial 时有效：请在标题的属性里加 partial，或改用 [x] 和 [ ]。"))
                return None
        tolerance: Decimal | None = None
        numeric = syntax.TOLERANCE.match(text) if spec.type == QuestionType.FILL else None
        if numeric is not None:
            text, tolerance = numeric.group(1), Decimal(numeric.group(2))
        elif spec.type == QuestionType.FILL and not correct and weight is None:
            self.problem(draft.line, gettext("填空题只列可以接受的答案：用 [x] 或 [50%]，不用 [ ]。"))
            return None
        return Choice(text=text, correct=correct, weight=weight, feedback=feedback,
                      tolerance=tolerance)

    def check_choices(self, spec: QuestionSpec, choices: tuple[Choice, ...],
                      where: int) -> tuple[Choice, ...] | None:
        right = [c for c in choices if c.percent > 0]
        if spec.type == QuestionType.FILL:
            if not right:
                self.problem(where, gettext("填空题至少要有一个可以接受的答案（答案：甲 | 乙 或 - [x] 甲）。"))
                return None
            return choices
        if len(choices) < 2:
            self.problem(where, gettext("选择题至少要有两个选项（- [x] 对的，- [ ] 错的）。"))
            return None
        if spec.type == QuestionType.SINGLE and sum(c.percent == 100 for c in choices) != 1:
            self.problem(where, gettext(
                "单选题必须恰好有一个正确选项 [x]（或一个 [100%%]），这里有 %(count)s 个。",
                count=sum(c.percent == 100 for c in choices)))
            return None
        if spec.type == QuestionType.MULTIPLE and not right:
            self.problem(where, gettext("多选题至少要有一个正确选项 [x]。"))
            return None
        return choices

    def true_false(self, spec: QuestionSpec, drafts: list[_ChoiceDraft],
                   answer: tuple[int, str] | None) -> tuple[Choice, ...] | None:
        answers = {word: True for word in TRUE_WORDS} | {word: False for word in FALSE_WORDS}
        if answer is not None:
            value = answers.get(answer[1].strip().lower())
            if value is None:
                self.problem(answer[0], gettext("判断题的答案只能是 正确 或 错误（对/错、true/false、T/F）。"))
                return None
            return (Choice("正确", correct=value), Choice("错误", correct=not value))
        by_value: dict[bool, Choice] = {}
        for draft in drafts:
            text = "\n".join(draft.text).strip()
            value = answers.get(text.lower())
            if value is None or value in by_value or draft.marker not in ("x", "X", " "):
                self.problem(draft.line, gettext(
                    "判断题写 答案：正确 或 答案：错误，或者两个选项 - [x] 正确 和 - [ ] 错误。"))
                return None
            by_value[value] = Choice("正确" if value else "错误", correct=draft.marker != " ",
                                     feedback="\n".join(draft.feedback or []).strip())
        if len(by_value) != 2 or by_value[True].correct == by_value[False].correct:
            self.problem(drafts[0].line if drafts else 0, gettext(
                "判断题写 答案：正确 或 答案：错误，或者两个选项 - [x] 正确 和 - [ ] 错误（只有一个 [x]）。"))
            return None
        return (by_value[True], by_value[False])


TOKEN = re.compile(r'#(?P<key>[^\s"]*)'
                   r'|(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:=(?P<value>"(?:[^"\\]|\\.)*"|[^\s"]*))?'
                   r'(?=\s|$)|(?P<other>\S+)')


def _tokens(text: str) -> list[tuple[str, str | None]]:
    """`#key category="党员 权利" points=2 partial` → [(name, value or None)]."""
    tokens: list[tuple[str, str | None]] = []
    for found in TOKEN.finditer(text):
        if found.group("key") is not None:
            tokens.append(("key", found.group("key")))
        elif found.group("name") is not None:
            value = found.group("value")
            if value is not None and value.startswith('"'):
                value = re.sub(r"\\(.)", r"\1", value[1:-1])
            tokens.append((found.group("name"), value))
        else:
            tokens.append((found.group("other"), None))
    return tokens


def _attribute_problem(name: str, value: str | None, qtype: QuestionType,
                       seen: dict) -> str | None:
    if name in seen or (name == "partial" and "partial" in seen):
        return gettext("属性 %(name)s 写了两次。", name=name)
    if name == "key":
        if not value or not KEY.match(value) or len(value) > MAX_LENGTHS["key"]:
            return gettext("题目标识 #%(key)s 无效：只能用字母、数字、- 和 _，最多 100 个字符。",
                           key=value or "")
        return None
    if name == "category":
        if not value or len(value) > MAX_LENGTHS["category"]:
            return gettext("category 必须是 1 到 %(max)s 个字符。", max=MAX_LENGTHS["category"])
        return None
    if name == "points":
        try:
            points = Decimal(value or "")
        except InvalidOperation:
            points = Decimal(-1)
        if not (points.is_finite() and 0 < points <= MAX_POINTS
                and points == points.quantize(Decimal("0.01"))):
            return gettext("points 必须是大于 0 的数，最多两位小数，例如 points=2。")
        return None
    if name == "partial":
        if value is not None:
            return gettext("partial 不带值：直接写 partial。")
        if qtype != QuestionType.MULTIPLE:
            return gettext("partial 只用于多选题。")
        return None
    if name == "min_chars":
        if qtype != QuestionType.ESSAY:
            return gettext("min_chars 只用于心得题。")
        if not value or not value.isdigit() or int(value) > MAX_MIN_CHARS:
            return gettext("min_chars 必须是 0 到 %(max)s 之间的整数。", max=MAX_MIN_CHARS)
        return None
    return gettext("未知的属性 %(name)s（可用：#key、category=…、points=…、partial、min_chars=…）。",
                   name=name)
