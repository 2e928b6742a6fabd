"""Rendered pages read as HTML: elements found by tag and attributes, whatever the order of
the attributes or the spacing of the markup, with their text and attributes. Built on the
standard library's html.parser: entities come back decoded, valueless attributes
(`controls`) as "".

    link = one(page, "a", rel="next")          # exactly one, or the assertion says why
    assert link["href"] == "/courses/x/lessons/2" and link.text == "下一课"
    find_all(page, "td", class_="num")          # class_: the element has these classes
    find(page, "input", name="token")           # the first, or None
    one(page, "p", data_testid="total")         # data_testid: the data-testid attribute

A keyword names an attribute (a trailing `_` dropped, other `_` read as `-`) and gives a
string (equal), True (present), False (absent) or a compiled pattern (searched). `text=`
matches the element's text (whitespace runs collapsed to one space, ends stripped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})
# Elements whose end tag HTML lets a page leave out: a new one closes the one still open.
CLOSED_BY_A_SIBLING = frozenset({"li", "p", "option", "tr", "td", "th", "dt", "dd"})
Wanted = str | bool | re.Pattern[str]


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    def __getitem__(self, name: str) -> str:
        return self.attrs[name]

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def text(self) -> str:
        return " ".join("".join(self._texts()).split())

    def _texts(self):
        for child in self.children:
            if isinstance(child, str):
                yield child
            else:
                yield from child._texts()

    def elements(self):
        """Every element below this one, in document order."""
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.elements()

    def find_all(self, tag: str | None = None, **wanted: Wanted) -> list[Element]:
        return [element for element in self.elements() if element.matches(tag, wanted)]

    def find(self, tag: str | None = None, **wanted: Wanted) -> Element | None:
        return next(iter(self.find_all(tag, **wanted)), None)

    def one(self, tag: str | None = None, **wanted: Wanted) -> Element:
        found = self.find_all(tag, **wanted)
        assert len(found) == 1, (f"{len(found)} elements <{tag or '*'}> with {wanted}, "
                                 f"expected one: {[str(element) for element in found[:5]]}")
        return found[0]

    def matches(self, tag: str | None, wanted: dict[str, Wanted]) -> bool:
        if tag is not None and self.tag != tag:
            return False
        for key, expected in wanted.items():
            if key == "text":
                if not _agrees(self.text, expected):
                    return False
                continue
            name = key.rstrip("_").replace("_", "-")
            value = self.attrs.get(name)
            if expected is False:
                if value is not None:
                    return False
            elif value is None:
                return False
            elif name == "class" and isinstance(expected, str):
                if not set(expected.split()) <= self.classes:
                    return False
            elif not _agrees(value, expected):
                return False
        return True

    def __str__(self) -> str:
        attrs = "".join(f' {name}="{value}"' for name, value in self.attrs.items())
        return f"<{self.tag}{attrs}>{self.text[:60]}"


def _agrees(value: str, expected: Wanted) -> bool:
    if expected is True:
        return True
    if isinstance(expected, re.Pattern):
        return expected.search(value) is not None
    return value == expected


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.open: list[Element] = [self.root]

    def handle_starttag(self, tag, attrs) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        if tag in CLOSED_BY_A_SIBLING and self.open[-1].tag == tag:
            self.open.pop()
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs) -> None:
        self.open[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:  # closes what was left open inside it
                del self.open[depth:]
                return

    def handle_data(self, data) -> None:
        self.open[-1].children.append(data)


def parse(page: str) -> Element:
    """The page as a tree under a `#document` element."""
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    return builder.root


def _document(page: str | Element) -> Element:
    return page if isinstance(page, Element) else parse(page)


def find_all(page: str | Element, tag: str | None = None, **wanted: Wanted) -> list[Element]:
    return _document(page).find_all(tag, **wanted)


def find(page: str | Element, tag: str | None = None, **wanted: Wanted) -> Element | None:
    return _document(page).find(tag, **wanted)


def one(page: str | Element, tag: str | None = None, **wanted: Wanted) -> Element:
    return _document(page).one(tag, **wanted)
