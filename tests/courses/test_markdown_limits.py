"""Markdown that would stall a worker is refused, on every surface, and rendering work grows
linearly with the text (counted, not timed; timings are in bench/markdown_render.py)."""

import io
import sys
from collections.abc import Callable
from types import SimpleNamespace

import pytest

from learnhub.core import markdown
from learnhub.core.markdown import MarkdownLimits, MarkdownRefused, render
from learnhub.courses.editor.services import working_content
from learnhub.courses.format.parsing import parse_path
from tests.courses.builders import RIGHTS_MD, course_files, write_course
from tests.courses.editor_support import file_course, make_org, make_zip
from tests.html import one

NESTED = "<div><span>"  # each repetition opens two elements


@pytest.fixture
def small_limits(app, monkeypatch):
    monkeypatch.setitem(app.config, "MARKDOWN_MAX_CHARS", 2000)
    monkeypatch.setitem(app.config, "MARKDOWN_MAX_DEPTH", 20)


def refusal(text: str, **limits) -> str:
    with pytest.raises(MarkdownRefused) as caught:
        render(text, limits=MarkdownLimits(**limits))
    return caught.value.translated()


# -- the renderer ------------------------------------------------------------------------

def test_text_over_the_character_limit_is_refused():
    assert refusal("字" * 1001, max_chars=1000) == \
        "内容有 1001 个字符，超过上限 1000 个字符。请删减，或拆分成几个课节。"
    assert render("字" * 1000, limits=MarkdownLimits(max_chars=1000)).plain_text == "字" * 1000


def test_the_limits_are_settings(small_limits):
    assert MarkdownLimits.configured() == MarkdownLimits(max_chars=2000, max_depth=20)
    with pytest.raises(MarkdownRefused):
        render("x" * 2001)


def test_a_300000_character_lesson_of_nested_tags_is_refused_before_rendering(monkeypatch):
    def no_rendering():
        raise AssertionError("rendered")

    monkeypatch.setattr(markdown, "_converter", no_rendering)
    assert "超过上限 100000 个字符" in refusal(NESTED * 27_273)


def test_html_nested_deeper_than_the_limit_is_refused_before_the_sanitiser(monkeypatch):
    def no_sanitiser(*args, **kwargs):
        raise AssertionError("sanitised")

    assert render(NESTED * 25 + "x", limits=MarkdownLimits(max_depth=50)).plain_text == "x"
    monkeypatch.setattr(markdown, "sanitise", no_sanitiser)
    assert refusal(NESTED * 26 + "x", max_depth=50) == \
        "HTML 标签或 Markdown 结构（列表、引用）嵌套超过 50 层（在 <div> 处）。请减少嵌套。"


def test_closed_and_void_elements_do_not_count_as_nesting():
    text = "<div><span>a</span></div><br><img src='a.png'><p>a<p>b<li>c<li>d\n\n" * 200
    assert render(text, limits=MarkdownLimits(max_depth=5)).html


@pytest.mark.parametrize("text", ["> " * 60 + "x", "- " * 60 + "x", "*" * 200 + "x" + "*" * 200])
def test_markdown_nested_deeper_than_the_limit_is_refused(text):
    assert "嵌套" in refusal(text, max_depth=50)


def test_too_many_abbreviations_are_refused():
    glossary = "".join(f"*[A{n}]: 缩写 {n}\n" for n in range(markdown.MAX_ABBREVIATIONS + 1))
    assert refusal(glossary) == f"缩写定义太多（最多 {markdown.MAX_ABBREVIATIONS} 个）。"


def test_the_body_is_sanitised_once(monkeypatch):
    calls = []
    original = markdown.sanitise

    def counting(html, **kwargs):
        calls.append(kwargs.get("link_rewriter"))
        return original(html, **kwargs)

    monkeypatch.setattr(markdown, "sanitise", counting)
    result = render("[课](02-rights.md) <script>x</script>", link_rewriter=lambda url: "/l")
    assert len(calls) == 1 and calls[0] is not None
    assert result.html == '<p><a href="/l" rel="noopener noreferrer">课</a> </p>'


def test_only_the_first_toc_marker_gets_the_table():
    html = render("[TOC]\n\n## 一\n\n[TOC]\n\n## 二\n").html
    assert html.count('<div class="toc">') == 1 and "<p>[TOC]</p>" in html


def test_a_body_with_an_h1_moves_its_headings_down_one_level():
    result = render("# 一\n\n## 二\n\n###### 六")
    assert result.html == '<h2 id="一">一</h2>\n<h3 id="二">二</h3>\n<h6 id="六">六</h6>'
    assert [(entry.level, entry.name) for entry in result.toc] == [(2, "一")]
    assert [(e.level, e.name) for e in result.toc[0].children] == [(3, "二")]


def test_footnotes_are_numbered_in_definition_order_with_a_backlink_per_reference():
    text = "".join(f"甲[^{n}] " for n in "cacb") + "\n\n" + "".join(
        f"[^{n}]: 注{n}\n" for n in "abc")
    html = render(text).html
    assert [html.index(f'href="#fn:{n}" rel="noopener noreferrer">{number}</a>')
            for n, number in (("c", 3), ("a", 1), ("b", 2))]
    assert html.index("注a") < html.index("注b") < html.index("注c")
    assert html.count('class="footnote-backref"') == 4


# -- linear work -------------------------------------------------------------------------

def calls_to_render(text: str) -> int:
    """Python and builtin function calls made while rendering: deterministic work."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        render(text, link_rewriter=lambda url: url)
    finally:
        sys.setprofile(None)
    return count


FAMILIES: dict[str, Callable[[int], str]] = {
    "links in one paragraph": lambda n: "[链接](a.md) " * n,
    "links and open brackets": lambda n: "[a](b.md) [" * n,
    "toc markers": lambda n: "## 标题\n\n[TOC]\n\n" * n,
    "footnotes": lambda n: "".join(f"注[^{i}] " for i in range(n)) + "\n\n" + "".join(
        f"[^{i}]: 第 {i} 条\n" for i in range(n)),
    "the same footnote": lambda n: "注[^1] " * n + "\n\n[^1]: 脚注\n",
    "abbreviations among tags": lambda n: "*[SOE]: 国有企业\n\n" + "SOE <b>b</b> " * n,
    "same headings": lambda n: "## 同名\n\n" * n,
    "table rows": lambda n: "|a|b|\n|-|-|\n" + "|x|[y](a.md)|\n" * n,
    "nested brackets": lambda n: "[" * n + "a" + "]" * n + "(x.md)",
}


@pytest.mark.parametrize("family", FAMILIES)
def test_rendering_work_grows_linearly(family):
    make = FAMILIES[family]
    small, large = calls_to_render(make(150)), calls_to_render(make(600))
    assert large < 4 * 1.3 * small, (small, large)


def test_a_large_adversarial_lesson_under_the_limits_renders():
    parts = ["[链接](a.md) " * 1500, "注[^1] " * 1000 + "\n\n[^1]: 注\n\n",
             NESTED * 20 + "深\n\n" + "</span></div>" * 20, "## 同名\n\n[TOC]\n\n" * 500,
             "|a|b|\n|-|-|\n" + "|x|y|\n" * 2000, "*[SOE]: 国有企业\n\n" + "SOE *强调* " * 1000]
    text = "\n\n".join(parts)
    assert 50_000 < len(text) < markdown.DEFAULT_MAX_CHARS
    result = render(text, link_rewriter=lambda url: "/l")
    assert result.html.count('<div class="toc">') == 1 and "深" in result.plain_text


# -- files: content check, sync, zip import -------------------------------------------------

def test_content_check_names_the_line_where_a_lesson_passes_the_limit(small_limits, tmp_path):
    body = "第一行\n" + "很长的正文。\n" * 400
    folder = write_course(tmp_path, files={"02-rights.md": RIGHTS_MD.split("## ")[0] + body})
    problems = [str(p) for p in parse_path(folder).all_problems]
    # The body starts on line 6; its 2001st character follows 1 + (2000 - 4) // 7 newlines.
    assert problems == [f"{folder / '02-rights.md'}:292: 内容有 {len(body)} 个字符，"
                        "超过上限 2000 个字符。请删减，或拆分成几个课节。"]


def test_content_check_names_the_line_of_too_deep_nesting(small_limits, tmp_path):
    intro = course_files()["course.md"] + "\n简介。\n\n" + NESTED * 11 + "\n"
    folder = write_course(tmp_path, files={"course.md": intro})
    problems = [str(p) for p in parse_path(folder).all_problems]
    assert problems == [f"{folder / 'course.md'}:18: HTML 标签或 Markdown 结构（列表、引用）"
                        "嵌套超过 20 层（在 <div> 处）。请减少嵌套。"]


def test_a_markdown_file_far_over_the_limit_is_refused_unread(small_limits, tmp_path,
                                                               monkeypatch):
    folder = write_course(tmp_path, files={"02-rights.md": RIGHTS_MD + "x" * 80_000})
    problems = [str(p) for p in parse_path(folder).all_problems]
    assert problems == [f"{folder / '02-rights.md'}:1: 文件太大（78 KB，最多 71 KB）："
                        "正文最多 2000 个字符。"]


def test_content_check_command_reports_the_refusal(small_limits, app, tmp_path):
    folder = write_course(tmp_path, files={"01-intro.md": "---\ntitle: 导言\nminutes: 5\n---\n"
                                           + "> " * 30 + "引用\n"})
    result = app.test_cli_runner().invoke(args=["content", "check", str(folder)])
    assert result.exit_code == 1
    assert f"{folder / '01-intro.md'}:5: HTML 标签或 Markdown 结构" in result.stderr


def test_zip_import_reports_the_refusal_and_imports_nothing(small_limits, client, login_as,
                                                           post):
    org = make_org()
    login_as(org.trainer)
    files = {f"party-rules/{name}": data for name, data in course_files().items()}
    files["party-rules/course.md"] = str(files["party-rules/course.md"]).replace(
        "lessons:\n", f"owner_unit: {org.branch.code}\nlessons:\n")
    files["party-rules/02-rights.md"] = RIGHTS_MD + "长" * 2000
    response = post("/manage/courses/import",
                    {"file": (io.BytesIO(make_zip(files)), "c.zip")},
                    content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "party-rules/02-rights.md:11: 内容有 2045 个字符" in page and "没有导入任何内容" in page


# -- the web editor ----------------------------------------------------------------------

@pytest.fixture
def course(small_limits, login_as, tmp_path):
    """The sample course, published from files, and its trainer logged in."""
    org = make_org()
    published = file_course(tmp_path, org.branch)
    login_as(org.trainer)
    return published


def test_saving_a_lesson_over_the_limit_shows_why_under_the_field(course, post):
    response = post(f"/manage/courses/{course.slug}/lessons/rights/edit",
                    {"title": "党员的权利", "minutes": "1", "markdown": "长" * 2001,
                     "video": "", "token": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert one(page, "p", class_="error", id="markdown-error").text.startswith(
        "内容有 2001 个字符，超过上限 2000 个字符。")
    assert working_content(course).lessons[1].markdown.startswith("## 八项权利")


def test_saving_an_intro_nested_too_deep_shows_why_under_the_field(course, post):
    from tests.courses.test_editor_drafts import details

    owner = SimpleNamespace(code=working_content(course).owner_unit)
    response = post(f"/manage/courses/{course.slug}/edit",
                    details(owner, intro_markdown=NESTED * 11))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert one(page, "p", class_="error", id="intro_markdown-error").text.startswith(
        "HTML 标签或 Markdown 结构")
    assert working_content(course).intro_markdown.startswith("本课程共两节")


def test_previews_say_why_markdown_is_refused(course, post):
    answer = post(f"/manage/courses/{course.slug}/preview", {"markdown": NESTED * 11},
                  headers={"Accept": "application/json"}).get_json()
    assert answer["html"] == "" and "嵌套超过 20 层" in answer["issues"][0]
    response = post(f"/manage/courses/{course.slug}/lessons/rights/edit",
                    {"title": "党员的权利", "minutes": "1", "markdown": "长" * 2001,
                     "video": "", "token": "", "action": "preview"})
    assert response.status_code == 422
    assert "超过上限 2000 个字符" in response.get_data(as_text=True)
