"""An XSS corpus: whatever authors write, what render() stores is inert."""

import re
from html.parser import HTMLParser

import pytest

from learnhub.core.markdown import render

CORPUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<body onload="alert(1)">',
    '<div onmouseover="alert(1)">悬停</div>',
    '<a href="javascript:alert(1)">点我</a>',
    '<a href="JaVaScRiPt:alert(1)">点我</a>',
    '<a href=" javascript:alert(1)">点我</a>',
    '<a href="java\tscript:alert(1)">点我</a>',
    '<a href="jav&#x61;script:alert(1)">点我</a>',
    '<a href="javascript&#58;alert(1)">点我</a>',
    '<a href="javascript&colon;alert(1)">点我</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">点我</a>',
    '<a href="vbscript:msgbox(1)">点我</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">点我</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
    "[点我](javascript:alert(1))",
    "[点我](JAVASCRIPT:alert(1))",
    "[点我](javascript&#58;alert(1))",
    "[点我](data:text/html,<script>alert(1)</script>)",
    "![图](javascript:alert(1))",
    "[点我][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<math><mtext><script>alert(1)</script></mtext></math>',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="evil.swf"></object>',
    '<embed src="evil.swf">',
    '<form action="https://evil.example/"><input name="password"><button>提交</button></form>',
    '<p style="background:url(javascript:alert(1))">样式</p>',
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%">遮罩</div>',
    "<style>body{display:none}</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<video src="x.mp4" onplay="alert(1)" poster="javascript:alert(1)"></video>',
    '<a href="#" onclick="alert(1)">点我</a>',
    "<!--<script>alert(1)</script>-->",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<a href="https://ok.example/" target="_blank" formaction="javascript:alert(1)">x</a>',
    "```\n</code></pre><script>alert(1)</script>\n```",
    '!!! tip "<img src=x onerror=alert(1)>"\n    内容',
    "## 标题<script>alert(1)</script>",
    "*[HTML]: <img src=x onerror=alert(1)>\n\nHTML",
    "[^1]\n\n[^1]: <script>alert(1)</script>",
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    '<img src="x" srcset="javascript:alert(1) 1x">',
    '<a href="//evil.example/">点我</a>',
]

ALLOWED_TAGS = {"p", "a", "img", "video", "source", "div", "pre", "code", "h2", "h3", "abbr",
                "sup", "ol", "li", "hr", "table", "tbody", "tr", "td", "em", "strong", "ul"}
EVENT_OR_STYLE = re.compile(r"^(on.*|style|srcset|srcdoc|background|poster|formaction|target"
                            r"|xlink:href|action)$", re.I)
SAFE_URL = re.compile(r"^(https?:|mailto:|#|[^:]*$)", re.I)


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def parsed(html):
    collector = TagCollector()
    collector.feed(html)
    collector.close()
    return collector.tags


def assert_inert(html):
    """Only allowed tags, no handlers or styles, and only safe URLs (as a browser parses it)."""
    for tag, attrs in parsed(html):
        assert tag in ALLOWED_TAGS, html
        for name, value in attrs:
            assert not EVENT_OR_STYLE.match(name), html
            if name in {"href", "src"}:
                # Browsers drop tabs and newlines inside URLs; so do we, before checking.
                cleaned = re.sub(r"[\x00-\x20]", "", value or "")
                assert SAFE_URL.match(cleaned) and not cleaned.startswith("//"), html


@pytest.mark.parametrize("source", CORPUS)
def test_rendered_html_is_inert(source):
    result = render(source)
    assert_inert(result.html)
    assert_inert(result.toc_html)


@pytest.mark.parametrize("source", [
    '<a href="javascript:alert(1)">x</a>', '<img src=x onerror="alert(1)">',
    "<iframe src=x></iframe>", '<p style="color:red">x</p>', "[x](data:text/html,x)",
])
def test_removed_dangers_are_reported_for_authors(source):
    assert render(source).issues


def test_entities_stay_escaped_text():
    result = render("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert "<script" not in result.html
    assert "&lt;script&gt;" in result.html


def test_link_rewriter_cannot_be_tricked_into_a_script_url():
    result = render("[x](files/a.pdf)", link_rewriter=lambda url: "javascript:alert(1)")
    assert "javascript" not in result.html


def test_a_rewriter_that_raises_drops_the_link_instead_of_failing():
    def broken(url):
        raise RuntimeError("boom")

    result = render("[x](files/a.pdf)", link_rewriter=broken)
    assert "files/a.pdf" not in result.html
