"""Markdown to safe HTML: Python-Markdown renders, then nh3 keeps only an allow-list.

Everything authors write (files, the web editor, previews) goes through `render`, so
the sanitiser is the one place that decides what HTML a page can contain. Rendering
also reports what the sanitiser had to remove, so `content check` can tell authors.

Rendering takes time linear in the text: a text longer than `MARKDOWN_MAX_CHARS`, nested
deeper than `MARKDOWN_MAX_DEPTH` or with too many abbreviations is refused
(`MarkdownRefused`) before the sanitiser, whose cost grows with the nesting, sees it.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import markdown
import nh3
from flask import current_app, has_app_context
from flask_babel import gettext
from pymdownx.slugs import slugify

from learnhub.core.errors import ValidationFailed
from learnhub.core.markdown.extensions import converter

LinkRewriter = Callable[[str], str | None]
"""Given a relative URL from the content (never a bare `#fragment`), return the URL to
use, or None to drop the attribute. Must not raise."""

EXTENSIONS = ["tables", "footnotes", "toc", "admonition", "pymdownx.highlight",
              "pymdownx.superfences", "def_list", "abbr"]
EXTENSION_CONFIGS = {
    "toc": {"slugify": slugify(case="lower"), "marker": "[TOC]", "toc_depth": "2-4"},
    "tables": {"use_align_attribute": True},
    "footnotes": {"BACKLINK_TITLE": "返回第 {} 处引用"},
    "pymdownx.highlight": {"use_pygments": False},
}

ADMONITION_TYPES = frozenset({"tip", "quote", "warning", "example", "note"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
ALLOWED_TAGS = frozenset(HEADINGS | {
    "p", "br", "hr", "div", "span", "blockquote", "pre", "code", "kbd", "samp", "var",
    "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "abbr", "cite", "q", "dfn", "time",
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
    "a", "img", "video", "source", "figure", "figcaption",
})
# Removed together with everything inside them.
DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "template", "iframe", "noscript", "textarea", "title", "xmp",
    "noembed", "noframes", "object", "embed", "svg", "math", "select", "button", "form",
})
ATTRIBUTES = {
    **{tag: {"id"} for tag in HEADINGS},
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "title", "width", "height"},
    "video": {"controls", "src"},
    "source": {"src", "type"},
    "abbr": {"title"},
    "div": {"class"},
    "p": {"class"},
    "pre": {"class"},
    "code": {"class"},
    "sup": {"id"},
    "li": {"id"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
ALIGNED = {"left", "center", "right"}
TAG_ATTRIBUTE_VALUES = {"td": {"align": ALIGNED}, "th": {"align": ALIGNED}}
CLASSES = {
    "div": frozenset({"admonition", "toc", "footnote", *ADMONITION_TYPES}),
    "p": frozenset({"admonition-title"}),
    "a": frozenset({"footnote-ref", "footnote-backref"}),
    "pre": frozenset({"highlight"}),
}
LANGUAGE_CLASS = re.compile(r"^language-[A-Za-z0-9_+#.-]{1,30}$")
NUMBER = re.compile(r"^\d{1,5}$")
# Page elements that scripts look up use ids starting with this; content may not.
RESERVED_ID_PREFIX = "lh-"

DEFAULT_MAX_CHARS = 100_000
DEFAULT_MAX_DEPTH = 50
# The abbreviations form one regular expression tried at every position of the text.
MAX_ABBREVIATIONS = 200
ABBREVIATION = re.compile(r"^[*]\[[^\\\n]*?\][ ]?:", re.MULTILINE)
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                       "meta", "param", "source", "track", "wbr"})
# End tags HTML lets authors leave out, so `<p>a<p>b` or `<li>a<li>b` are siblings, not
# nested: a start tag → (the open elements it closes, the elements that stop the search).
_SCOPE = frozenset({"table", "td", "th", "caption", "button"})
_CLOSES_P = ("address", "article", "aside", "blockquote", "details", "div", "dl",
             "fieldset", "figcaption", "figure", "footer", "header", "main", "nav", "ol",
             "p", "pre", "section", "table", "ul", "li", "dd", "dt", *HEADINGS)
IMPLIED_ENDS: dict[str, list[tuple[frozenset[str], frozenset[str]]]] = {
    tag: [(frozenset({"p"}), _SCOPE)] for tag in _CLOSES_P}
IMPLIED_ENDS["li"].append((frozenset({"li"}), _SCOPE | {"ul", "ol"}))
for _tag in ("dt", "dd"):
    IMPLIED_ENDS[_tag].append((frozenset({"dt", "dd"}), _SCOPE | {"dl"}))
IMPLIED_ENDS["tr"] = [(frozenset({"tr", "td", "th"}), frozenset({"table", "tbody", "thead",
                                                                  "tfoot"}))]
for _tag in ("td", "th"):
    IMPLIED_ENDS[_tag] = [(frozenset({"td", "th"}), frozenset({"tr", "table"}))]
for _tag in ("thead", "tbody", "tfoot"):
    IMPLIED_ENDS[_tag] = [(frozenset({"thead", "tbody", "tfoot", "tr", "td", "th"}),
                           frozenset({"table"}))]
IMPLIED_ENDS["option"] = [(frozenset({"option"}), frozenset({"select"}))]


@dataclass(frozen=True)
class MarkdownLimits:
    """What one Markdown text (a lesson, a course introduction) may hold."""

    max_chars: int = DEFAULT_MAX_CHARS
    max_depth: int = DEFAULT_MAX_DEPTH

    @classmethod
    def configured(cls) -> MarkdownLimits:
        """From the app's settings (LEARNHUB_MARKDOWN_MAX_CHARS, _MAX_DEPTH)."""
        if not has_app_context():
            return cls()
        config = current_app.config
        return cls(max_chars=int(config.get("MARKDOWN_MAX_CHARS", DEFAULT_MAX_CHARS)),
                   max_depth=int(config.get("MARKDOWN_MAX_DEPTH", DEFAULT_MAX_DEPTH)))


class MarkdownRefused(ValidationFailed):
    """The text is too long or too deeply nested to render; nothing was rendered.

    `offset` (a character of the text) or `needle` (text to look for) tells a file's
    reader which line to name; `source_file` is set by whoever knows the file."""

    code = "markdown_refused"
    message = "Markdown 内容无法显示。"

    def __init__(self, message: str, *, offset: int | None = None, needle: str = "",
                 **params: Any) -> None:
        super().__init__(message, **params)
        self.offset = offset
        self.needle = needle
        self.source_file: str | None = None


@dataclass(frozen=True)
class TocEntry:
    level: int
    id: str
    name: str
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class RenderIssue:
    """Something the sanitiser removed; `needle` helps find the line in the source."""

    message: str
    needle: str


@dataclass(frozen=True)
class RenderResult:
    html: str
    toc_html: str
    toc: tuple[TocEntry, ...]
    plain_text: str
    ids: frozenset[str] = frozenset()
    issues: tuple[RenderIssue, ...] = field(default=())


def render(markdown_text: str, *, link_rewriter: LinkRewriter | None = None,
           limits: MarkdownLimits | None = None) -> RenderResult:
    """Render author Markdown to sanitised HTML, a table of contents and searchable text.

    Raises `MarkdownRefused` for text over the limits (by default the app's settings)."""
    limits = limits or MarkdownLimits.configured()
    check_size(markdown_text, limits)
    md = _converter()
    try:
        raw_html = md.convert(markdown_text)
    except RecursionError:
        raise MarkdownRefused("Markdown 嵌套太深（例如一长串 *、_ 或 >），无法显示。请减少嵌套。") from None
    issues = _Inspector.issues_in(raw_html, max_depth=limits.max_depth)
    toc_tokens = getattr(md, "toc_tokens", [])
    # One pass: nh3 rewrites links only in what it keeps, so links inside removed
    # elements are never looked at.
    body = sanitise(raw_html, link_rewriter=link_rewriter)
    toc = tuple(_toc_entry(token) for token in toc_tokens)
    toc_html = sanitise(getattr(md, "toc", "")) if toc else ""
    return RenderResult(html=body, toc_html=toc_html, toc=toc, plain_text=plain_text(body),
                        ids=frozenset(re.findall(r'\sid="([^"]+)"', body)),
                        issues=tuple(issues))


def check_size(markdown_text: str, limits: MarkdownLimits | None = None) -> None:
    """The checks that need no rendering: length and the number of abbreviations."""
    limits = limits or MarkdownLimits.configured()
    if len(markdown_text) > limits.max_chars:
        raise MarkdownRefused(
            "内容有 %(count)s 个字符，超过上限 %(max)s 个字符。请删减，或拆分成几个课节。",
            offset=limits.max_chars, count=len(markdown_text), max=limits.max_chars)
    for number, found in enumerate(ABBREVIATION.finditer(markdown_text), start=1):
        if number > MAX_ABBREVIATIONS:
            raise MarkdownRefused("缩写定义太多（最多 %(max)s 个）。", offset=found.start(),
                                  max=MAX_ABBREVIATIONS)


def _converter() -> markdown.Markdown:
    return converter(EXTENSIONS, EXTENSION_CONFIGS)


def sanitise(html: str, *, link_rewriter: LinkRewriter | None = None) -> str:
    """The allow-list: no scripts, styles, frames, forms, event handlers or foreign URLs."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        tag_attribute_values={tag: {k: set(v) for k, v in values.items()}
                              for tag, values in TAG_ATTRIBUTE_VALUES.items()},
        set_tag_attribute_values={"video": {"controls": "controls"}},
        url_schemes=set(URL_SCHEMES),
        url_relative=_relative_url_handler(link_rewriter),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


TOC_BLOCK = re.compile(r'<div class="toc">.*?</div>', re.DOTALL)


def plain_text(html: str) -> str:
    """Text without markup (and without the table of contents), whitespace collapsed:
    what search matches against."""
    text = html_lib.unescape(nh3.clean(TOC_BLOCK.sub(" ", html), tags=set()))
    return " ".join(text.replace("\u21a9", " ").split())


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        return _filter_classes(tag, value)
    if attribute == "id":
        return None if value.lower().startswith(RESERVED_ID_PREFIX) else value
    if attribute in {"width", "height", "colspan", "rowspan", "start"}:
        return value if NUMBER.match(value.strip()) else None
    return value


def _filter_classes(tag: str, value: str) -> str | None:
    allowed = CLASSES.get(tag, frozenset())
    kept = [name for name in value.split()
            if name in allowed or (tag == "code" and LANGUAGE_CLASS.match(name))]
    return " ".join(kept) or None


def _relative_url_handler(link_rewriter: LinkRewriter | None) -> Callable[[str], str | None]:
    def handle(url: str) -> str | None:
        # nh3 reports any exception through sys.unraisablehook; never raise here.
        try:
            url = url.strip()
            if not _url_is_allowed(url) or ":" in re.split(r"[/?#]", url, maxsplit=1)[0]:
                return None  # scheme-relative, or a scheme hidden behind whitespace
            if url.startswith("#") or link_rewriter is None:
                return url
            rewritten = link_rewriter(url)
            return rewritten if rewritten is not None and _url_is_allowed(rewritten) else None
        except Exception:  # noqa: BLE001 - a bad URL is dropped, not a crash
            return None

    return handle


def _toc_entry(token: dict) -> TocEntry:
    return TocEntry(level=int(token["level"]), id=str(token["id"]),
                    name=html_lib.unescape(str(token["name"])),
                    children=tuple(_toc_entry(child) for child in token.get("children", [])))


class _Inspector(HTMLParser):
    """Find what the sanitiser will remove, so authors hear about it (content check), and
    refuse HTML nested deeper than the limit before the sanitiser sees it."""

    def __init__(self, max_depth: int) -> None:
        super().__init__(convert_charrefs=True)
        self.issues: list[RenderIssue] = []
        self.max_depth = max_depth
        self.open: list[str] = []

    @classmethod
    def issues_in(cls, html: str, max_depth: int = DEFAULT_MAX_DEPTH) -> list[RenderIssue]:
        inspector = cls(max_depth)
        inspector.feed(html)
        inspector.close()
        return inspector.issues

    def _add(self, message: str, needle: str) -> None:
        self.issues.append(RenderIssue(message, needle))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID_TAGS:
            for closes, stops in IMPLIED_ENDS.get(tag, ()):
                self._close_implied(closes, stops)
            self.open.append(tag)
            if len(self.open) > self.max_depth:
                raise MarkdownRefused(
                    "HTML 标签或 Markdown 结构（列表、引用）嵌套超过 %(max)s 层（在 <%(tag)s> 处）。请减少嵌套。",
                    needle=f"<{tag}", max=self.max_depth, tag=tag)
        self._check(tag, attrs)

    def _close_implied(self, closes: frozenset[str], stops: frozenset[str]) -> None:
        for position in range(len(self.open) - 1, -1, -1):  # at most max_depth steps
            if self.open[position] in closes:
                del self.open[position:]
                return
            if self.open[position] in stops:
                return

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:  # at most max_depth long
            while self.open.pop() != tag:
                pass

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self._add(gettext("不允许使用 HTML 标签 <%(tag)s>，发布时会被删除。", tag=tag),
                      f"<{tag}")
            return
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or name == "style":
                self._add(gettext("不允许使用 HTML 属性 %(name)s，发布时会被删除。", name=name),
                          name)
            elif name in {"href", "src"} and not _url_is_allowed(value):
                self._add(gettext("不允许的链接地址 %(url)s（只能用 http、https、mailto 或相对路径）。",
                                  url=value[:80]), value[:20] or name)
            elif name == "src" and urlsplit(value.strip()).scheme:
                # The pages' Content-Security-Policy loads images and video from this site only.
                self._add(gettext("外部图片或视频 %(url)s 在页面上无法显示：请把文件放进课程文件夹，用相对路径引用。",
                                  url=value[:80]), value[:20])
            elif tag == "div" and name == "class" and "admonition" in value.split():
                kinds = [k for k in value.split() if k != "admonition"]
                if kinds and kinds[0] not in ADMONITION_TYPES:
                    self._add(gettext("未知的提示框类型 %(kind)s（可用：%(kinds)s）。", kind=kinds[0],
                                      kinds="、".join(sorted(ADMONITION_TYPES))),
                              f"!!! {kinds[0]}")


def _url_is_allowed(url: str) -> bool:
    cleaned = "".join(ch for ch in url if ch > " ").strip()
    if cleaned.startswith("//") or cleaned.startswith("\\"):
        return False
    scheme = urlsplit(cleaned).scheme.lower()
    return scheme == "" or scheme in URL_SCHEMES
