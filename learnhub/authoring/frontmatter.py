"""YAML front matter between `---` lines, read so every problem knows its line number."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from flask_babel import gettext


@dataclass
class FrontMatter:
    """The parsed mapping, the Markdown body, and where things are in the file (1-based)."""

    data: dict[str, Any]
    body: str
    body_line: int  # file line of the body's first line
    node: yaml.Node | None = None
    errors: list[tuple[int, str]] = field(default_factory=list)

    def line_of(self, *path: str | int) -> int:
        """The line of a key (or list item) in the front matter; the opening line if unknown."""
        node = self.node
        line = 1
        for step in path:
            if isinstance(node, yaml.MappingNode) and isinstance(step, str):
                for key_node, value_node in node.value:
                    if key_node.value == step:
                        line = key_node.start_mark.line + 2
                        node = value_node
                        break
                else:
                    return line
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if step >= len(node.value):
                    return line
                node = node.value[step]
                line = node.start_mark.line + 2
            else:
                return line
        return line


def split(text: str) -> FrontMatter:
    """Split `---` front matter from the body and load it as YAML (safe loader)."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return FrontMatter({}, text, 1, errors=[(1, gettext("文件必须以 --- 开头的 YAML 头信息开始。"))])
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        return FrontMatter({}, "", len(lines),
                           errors=[(1, gettext("YAML 头信息没有以 --- 行结束。"))])
    matter = FrontMatter({}, "".join(lines[index + 1:]), index + 2)
    _load(matter, "".join(lines[1:index]))
    return matter


# Front matter is a few lines; these bounds keep PyYAML (pure Python, recursive when it
# composes nested values) and the field readers safe from hostile files.
MAX_CHARS = 64 * 1024
MAX_DEPTH = 20
MAX_INT_DIGITS = 100  # Python refuses to print an int of more than 4,300 digits


class _Loader(yaml.SafeLoader):
    """The safe loader; a value it cannot construct is a marked error (so it has a line),
    and nesting deeper than MAX_DEPTH is refused before PyYAML's recursion runs out."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, gettext("嵌套超过 %(max)s 层。", max=MAX_DEPTH),
                    self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError, TypeError):
            if node.tag == "tag:yaml.org,2002:timestamp":
                message = gettext("%(value)s 不是有效的日期。如果它是文字，请加引号。", value=node.value)
            else:
                message = gettext("无法读取值 %(value)s。如果它是文字，请加引号。",
                                  value=str(node.value)[:40])
            raise yaml.constructor.ConstructorError(None, None, message,
                                                    node.start_mark) from None

    def construct_bounded_int(self, node: yaml.ScalarNode) -> int:
        digits = sum(character.isdigit() for character in str(node.value))
        value = self.construct_yaml_int(node) if digits <= MAX_INT_DIGITS else None
        if value is None or abs(value).bit_length() > MAX_INT_DIGITS * 10 // 3:
            raise yaml.constructor.ConstructorError(None, None, gettext(
                "数字太大（最多 %(max)s 位）。如果它是文字，请加引号。", max=MAX_INT_DIGITS),
                node.start_mark)
        return value


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_bounded_int)

# `minutes：15` typed with a Chinese input method: the colon is full-width.
FULL_WIDTH_COLON_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*：")
NEEDS_QUOTES = ("mapping values are not allowed here", "expected <block end>, but found")


def _load(matter: FrontMatter, source: str) -> None:
    if len(source) > MAX_CHARS:
        matter.errors.append((source.count("\n", 0, MAX_CHARS) + 2, gettext(
            "YAML 头信息太长（%(count)s 个字符，最多 %(max)s 个）。", count=len(source),
            max=MAX_CHARS)))
        return
    loader = _Loader(source)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark is not None else 1
        matter.errors.append(_full_width_colon(source) or (
            line, _explain(error.problem or str(error))))
        return
    except yaml.YAMLError as error:
        matter.errors.append((1, gettext("YAML 格式错误：%(problem)s", problem=str(error))))
        return
    except (RecursionError, ValueError, TypeError, OverflowError):  # whatever the loader missed
        matter.errors.append((loader.get_mark().line + 2, gettext("YAML 头信息无法读取。")))
        return
    finally:
        loader.dispose()
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        matter.errors.append(_full_width_colon(source) or (
            2, gettext("YAML 头信息必须是“键: 值”的映射。")))
        return
    matter.node = node
    matter.data = data
    seen: set[str] = set()
    for key_node, _value in node.value:
        key = str(key_node.value)
        if key in seen:
            matter.errors.append((key_node.start_mark.line + 2,
                                  gettext("重复的键 %(key)s。", key=key)))
        seen.add(key)


def _explain(problem: str) -> str:
    """PyYAML's problem in words an author can act on (the usual mistakes), else as is."""
    if "'\\t'" in problem:
        return gettext("YAML 格式错误：用了制表符（Tab）。YAML 只能用空格缩进和分隔，请把 Tab 改成空格。")
    if problem.startswith(NEEDS_QUOTES):
        return gettext("YAML 格式错误：这一行的值需要加引号。值中含有“: ”或以 [、{、引号开头时，"
                       "请把整个值放在引号里，例如 title: '专题讲座: [草稿] 党章'。")
    return gettext("YAML 格式错误：%(problem)s", problem=problem)


def _full_width_colon(source: str) -> tuple[int, str] | None:
    for index, text in enumerate(source.splitlines()):
        found = FULL_WIDTH_COLON_KEY.match(text)
        if found:
            return index + 2, gettext("键 %(key)s 后面是全角冒号“：”，请改成半角冒号加空格“: ”。",
                                      key=found.group(1))
    return None


def check_keys(matter: FrontMatter, allowed: tuple[str, ...],
               required: tuple[str, ...]) -> list[tuple[int, str]]:
    """Unknown keys and missing required keys, with their lines."""
    problems = []
    for key in matter.data:
        if key not in allowed:
            problems.append((matter.line_of(str(key)), gettext(
                "未知的键 %(key)s（允许的键：%(allowed)s）。", key=key, allowed=", ".join(allowed))))
    for key in required:
        value = matter.data.get(key)
        if value is None or value == "" or value == []:
            problems.append((matter.line_of(key) if key in matter.data else 1,
                             gettext("缺少必填的键 %(key)s。", key=key)))
    return problems
