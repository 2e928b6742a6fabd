"""Python-Markdown as LearnHub configures it, with the parts that took more than linear
time on hostile input replaced (bench/markdown_render.py measures every case):

- links: the closing `]` of each `[` was found by scanning the whole paragraph again
  after every link replaced, so a paragraph of links cost links × length;
- footnotes: each reference listed every footnote to find its number, and the order of
  first references was a list searched for every reference;
- abbreviations: every tail looked its own position up in its parent's children;
- the table of contents: every `[TOC]` paragraph received a copy of the whole table
  (markers × headings), and finding them joined the text below every element;
- a body with an h1 was converted twice to move its headings down a level.

What stays superlinear in the library (deep nesting) is bounded by the limits that
`learnhub.core.markdown.render` checks.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from functools import partial
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor
from markdown.extensions.footnotes import FootnoteExtension, FootnoteInlineProcessor
from markdown.extensions.toc import TocExtension, TocTreeprocessor
from markdown.inlinepatterns import LinkInlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

HEADING_TAG = re.compile(r"^h[1-6]$")
RAW_H1 = re.compile(r"<h1[\s>]", re.IGNORECASE)


def converter(extensions: list[str], configs: dict[str, dict[str, Any]]) -> markdown.Markdown:
    """A fresh converter: the named extensions, with footnotes, abbr and toc replaced by
    the linear versions below, a body's `#` headings moved down a level, and links."""
    replaced = {"footnotes": _Footnotes, "abbr": _Abbreviations, "toc": _Toc}
    chosen: list[str | Extension] = [
        replaced[name](**configs.get(name, {})) if name in replaced else name
        for name in extensions]
    return markdown.Markdown(
        extensions=[*chosen, _LinearLinks(), _TitleIsTheOnlyH1()],
        extension_configs={name: config for name, config in configs.items()
                           if name not in replaced},
        output_format="html")


# -- links --------------------------------------------------------------------------------

def bracket_ends_from_end(text: str) -> list[int | None]:
    """For each distance d from the end of `text`, how far from the end the `]` closing a
    `[` just before position len(text) - d lies (None: it never closes).

    Where a bracket closes depends only on the text after it, so these answers stay
    right for the unchanged tail of a paragraph after a link before it is replaced."""
    length = len(text)
    result: list[int | None] = [None] * (length + 1)
    depth = 0
    waiting: list[tuple[int, int]] = []  # (position, depth there); depths increase upwards
    for position in range(length + 1):
        while waiting and depth < waiting[-1][1]:
            result[length - waiting.pop()[0]] = length - position
        waiting.append((position, depth))
        if position < length:
            if text[position] == "[":
                depth += 1
            elif text[position] == "]":
                depth -= 1
    return result


class _BracketEnds:
    """`getText` for the link processors, over a few recently seen texts (a link's own
    text is processed in between the steps through its paragraph)."""

    KEEP = 4

    def __init__(self) -> None:
        self.known: list[tuple[str, list[int | None]]] = []
        self.current: str | None = None
        self.valid_from = 0
        self.ends: list[int | None] = []

    def get_text(self, data: str, index: int) -> tuple[str, int, bool]:
        if data is not self.current or index < self.valid_from:
            self._select(data, index)
        distance = self.ends[len(data) - index]
        if distance is None:
            return data[index:], len(data), False
        end = len(data) - distance
        return data[index:end - 1], end, True

    def _select(self, data: str, index: int) -> None:
        tail = data[index:]
        for position, (text, ends) in enumerate(self.known):
            if len(tail) <= len(text) and text.endswith(tail):
                self.known.insert(0, self.known.pop(position))
                self.current, self.valid_from, self.ends = data, index, ends
                return
        ends = bracket_ends_from_end(data)
        self.known = [(data, ends), *self.known[:self.KEEP - 1]]
        self.current, self.valid_from, self.ends = data, 0, ends


class _LinearLinks(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        ends = _BracketEnds()
        for processor in md.inlinePatterns:
            if isinstance(processor, LinkInlineProcessor):
                setattr(processor, "getText", ends.get_text)  # noqa: B010 - replace a method


# -- footnotes ----------------------------------------------------------------------------

class _IndexedList(list):
    """The footnote ids in order of first reference, with `in` and `index` by dictionary."""

    def __init__(self) -> None:
        super().__init__()
        self.positions: dict[str, int] = {}

    def append(self, item: str) -> None:
        self.positions.setdefault(item, len(self))
        super().append(item)

    def __contains__(self, item: object) -> bool:
        return item in self.positions

    def index(self, item: str, *_bounds: Any) -> int:  # type: ignore[override]
        try:
            return self.positions[item]
        except KeyError:
            raise ValueError(item) from None


class _Footnotes(FootnoteExtension):
    def reset(self) -> None:
        super().reset()
        self.footnote_order = _IndexedList()
        self.defined = _IndexedList()

    def setFootnote(self, id: str, text: str) -> None:  # noqa: A002, N802 - the library's names
        if id not in self.defined:
            self.defined.append(id)
        super().setFootnote(id, text)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        super().extendMarkdown(md)
        pattern = md.inlinePatterns["footnote"].pattern
        md.inlinePatterns.register(_FootnoteReference(pattern, self), "footnote", 175)


class _FootnoteReference(FootnoteInlineProcessor):
    """The library's reference, numbered without listing every footnote for each one."""

    footnotes: _Footnotes

    def handleMatch(  # type: ignore[override]  # the stubs describe the old Pattern API
            self, m: re.Match[str], data: str) -> tuple[etree.Element | None, int | None,
                                                        int | None]:
        id = m.group(1)  # noqa: A001 - as in the library
        if id not in self.footnotes.footnotes:
            return None, None, None
        self.footnotes.addFootnoteRef(id)
        order = (self.footnotes.defined if self.footnotes.getConfig("USE_DEFINITION_ORDER")
                 else self.footnotes.footnote_order)
        sup = etree.Element("sup")
        a = etree.SubElement(sup, "a")
        sup.set("id", self.footnotes.makeFootnoteRefId(id, found=True))
        a.set("href", "#" + self.footnotes.makeFootnoteId(id))
        a.set("class", "footnote-ref")
        a.text = self.footnotes.getConfig("SUPERSCRIPT_TEXT").format(order.index(id) + 1)
        return sup, m.start(0), m.end(0)


# -- abbreviations ------------------------------------------------------------------------

class _AbbreviationTreeprocessor(AbbrTreeprocessor):
    def iter_element(self, el: etree.Element, parent: etree.Element | None = None) -> None:
        """As the library does it, but each child's tail is wrapped knowing its position."""
        for position in range(len(el) - 1, -1, -1):
            child = el[position]
            self.iter_element(child)
            child.tail = self._wrap(child.tail, partial(el.insert, position + 1))
        el.text = self._wrap(el.text, partial(el.insert, 0))

    def _wrap(self, text: str | None, insert: Callable[[etree.Element], None]) -> str | None:
        if not text or isinstance(text, AtomicString) or self.RE is None:
            return text
        for found in reversed(list(self.RE.finditer(text))):
            if self.abbrs[found.group(0)]:
                insert(self.create_element(self.abbrs[found.group(0)], found.group(0),
                                           text[found.end():]))
                text = text[:found.start()]
        return text


class _Abbreviations(AbbrExtension):
    abbrs: dict[str, str]

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        super().extendMarkdown(md)
        md.treeprocessors.register(_AbbreviationTreeprocessor(md, self.abbrs), "abbr", 7)


# -- table of contents and headings -------------------------------------------------------

class _TocTreeprocessor(TocTreeprocessor):
    def replace_marker(self, root: etree.Element, elem: etree.Element) -> None:
        """The first `[TOC]` paragraph becomes the table; later ones stay as written.
        Like the library, never inside headings, `pre` or `code`."""
        waiting = [(root, position) for position in reversed(range(len(root)))]
        while waiting:  # document order, without recursion
            parent, position = waiting.pop()
            child = parent[position]
            if self.header_rgx.match(child.tag) or child.tag in ("pre", "code"):
                continue
            if child.text and child.text.strip() == self.marker and len(child) == 0:
                parent[position] = elem
                return
            waiting.extend((child, inner) for inner in reversed(range(len(child))))


class _Toc(TocExtension):
    TreeProcessorClass = _TocTreeprocessor


class _DemoteHeadings(Treeprocessor):
    """The page's title is its only h1: a body that uses `#` moves down a level (before
    the table of contents is built, so ids and levels agree)."""

    def run(self, root: etree.Element) -> None:
        raw = self.md.htmlStash.rawHtmlBlocks
        if not any(element.tag == "h1" for element in root.iter()) and not any(
                isinstance(block, str) and RAW_H1.search(block) for block in raw):
            return
        for element in root.iter():
            if isinstance(element.tag, str) and HEADING_TAG.match(element.tag):
                element.tag = f"h{min(int(element.tag[1]) + 1, 6)}"


class _TitleIsTheOnlyH1(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_DemoteHeadings(md), "demote_headings", 6)
