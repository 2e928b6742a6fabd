"""Markdown to safe HTML: Python-Markdown renders, then nh3 keeps only an allow-list.

Everything authors write (files, the web editor, previews) goes through `render`, so
the sanitiser is the one place that decides what HTML a page can contain. Rendering
also reports what the sanitiser had to remove, so `content check` can tell authors.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import nh3
from flask_babel import gettext
from pymdownx.slugs import slugify

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


def render(markdown_text: str, *, link_rewriter: LinkRewriter | None = None) -> RenderResult:
    """Render author Markdown to sanitised HTML, a table of contents and searchable text."""
    md = _converter(baselevel=1)
    raw_html = md.convert(markdown_text)
    if re.search(r"<h1[\s>]", raw_html):
        # The page's title is its only h1: a body that uses `#` moves down a level.
        md = _converter(baselevel=2)
        raw_html = md.convert(markdown_text)
    toc_tokens = getattr(md, "toc_tokens", [])
    body = sanitise(raw_html)
    if link_rewriter is not None:
        # Rewrite on clean HTML, so links inside removed elements are never looked at.
        body = sanitise(body, link_rewriter=link_rewriter)
    toc = tuple(_toc_entry(token) for token in toc_tokens)
    toc_html = sanitise(getattr(md, "toc", "")) if toc else ""
    return RenderResult(html=body, toc_html=toc_html, toc=toc, plain_text=plain_text(body),
                        ids=frozenset(re.findall(r'\sid="([^"]+)"', body)),
                        issues=tuple(_Inspector.issues_in(raw_html)))


def _converter(baselevel: int) -> markdown.Markdown:
    configs = {**EXTENSION_CONFIGS, "toc": {**EXTENSION_CONFIGS["toc"], "baselevel": baselevel}}
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=configs,
                             output_format="html")


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
    """Find what the sanitiser will remove, so authors hear about it (content check)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.issues: list[RenderIssue] = []

    @classmethod
    def issues_in(cls, html: str) -> list[RenderIssue]:
        inspector = cls()
        inspector.feed(html)
        inspector.close()
        return inspector.issues

    def _add(self, message: str, needle: str) -> None:
        self.issues.append(RenderIssue(message, needle))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
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
