"""learnhub.core.markdown.render: every construct of the course format."""

import pytest

from learnhub.core.markdown import render
from tests.html import one


def test_table_renders_with_alignment_but_no_style_attribute():
    result = render("| 项目 | 频次 |\n|:--|--:|\n| 党小组会 | 每月 |\n")
    assert "<table>" in result.html
    assert '<th align="left">项目</th>' in result.html
    assert '<td align="right">每月</td>' in result.html
    assert "style=" not in result.html


def test_footnote_links_to_its_note_and_back():
    result = render("党员享有八项权利。[^1]\n\n[^1]: 见《中国共产党章程》第四条。\n")
    assert one(result.html, "sup", id="fnref:1").one("a", class_="footnote-ref", href="#fn:1")
    assert one(result.html, "li", id="fn:1")
    assert one(result.html, "a", class_="footnote-backref", href="#fnref:1")
    assert {"fn:1", "fnref:1"} <= result.ids


def test_headings_get_chinese_anchors_and_a_table_of_contents():
    result = render("## 党建 工作\n\n### 三会一课\n\n正文\n")
    assert '<h2 id="党建-工作">党建 工作</h2>' in result.html
    assert '<h3 id="三会一课">' in result.html
    assert 'href="#党建-工作"' in result.toc_html
    assert [entry.name for entry in result.toc] == ["党建 工作"]
    assert result.toc[0].children[0].id == "三会一课"


def test_toc_marker_puts_the_table_of_contents_in_the_text():
    result = render("[TOC]\n\n## 第一部分\n\n## 第二部分\n")
    assert result.html.startswith('<div class="toc">')
    assert 'href="#第二部分"' in result.html


def test_a_level_one_heading_moves_down_because_the_page_title_is_the_h1():
    result = render("# 概述\n\n## 细节\n")
    assert "<h1" not in result.html
    assert '<h2 id="概述">' in result.html and '<h3 id="细节">' in result.html


@pytest.mark.parametrize("kind,title", [
    ("tip", "要点"), ("quote", "原文"), ("warning", "注意"), ("example", "案例"), ("note", "说明"),
])
def test_admonitions_keep_their_kind_and_title(kind, title):
    result = render(f'!!! {kind} "{title}"\n    内容**加粗**。\n')
    assert f'<div class="admonition {kind}">' in result.html
    assert f'<p class="admonition-title">{title}</p>' in result.html
    assert "<strong>加粗</strong>" in result.html
    assert not result.issues


def test_unknown_admonition_kind_is_reported_and_loses_its_class():
    result = render('!!! danger "危险"\n    内容\n')
    assert '<div class="admonition">' in result.html
    assert any("danger" in issue.message for issue in result.issues)


def test_fenced_code_keeps_its_language_and_escapes_markup():
    result = render("```python\nprint('<b>')\n```\n")
    assert '<code class="language-python">' in result.html
    assert "&lt;b&gt;" in result.html


def test_fenced_code_inside_an_admonition():
    result = render('!!! example "案例"\n    ```\n    第一步\n    ```\n')
    assert '<div class="admonition example">' in result.html
    assert "<pre" in result.html and "第一步" in result.html


def test_definition_list():
    result = render("一岗双责\n:   既抓业务工作，又抓党建工作。\n")
    assert "<dl>" in result.html and "<dt>一岗双责</dt>" in result.html
    assert "<dd>既抓业务工作，又抓党建工作。</dd>" in result.html


def test_abbreviation_gets_its_title():
    result = render("SOE 的党建工作。\n\n*[SOE]: 国有企业\n")
    assert '<abbr title="国有企业">SOE</abbr>' in result.html


def test_attribute_lists_are_not_enabled():
    result = render("## 标题 {: onclick=\"alert(1)\" .evil }\n")
    assert "onclick=" not in result.html.replace("{: onclick=", "")
    assert 'class="evil"' not in result.html


def test_plain_text_is_the_words_without_markup_or_toc():
    result = render("[TOC]\n\n## 党建\n\n加强**基层党建**工作&amp;考核。\n")
    assert result.plain_text == "党建 加强基层党建工作&考核。"


def test_link_rewriter_sees_relative_urls_but_not_fragments_or_absolute_ones():
    seen = []

    def rewriter(url):
        seen.append(url)
        return "/x/" + url

    result = render("[a](images/a.png) [b](#top) [c](https://example.com/) ![d](b.png)",
                    link_rewriter=rewriter)
    assert seen == ["images/a.png", "b.png"]
    assert 'href="/x/images/a.png"' in result.html and 'src="/x/b.png"' in result.html
    assert 'href="#top"' in result.html and 'href="https://example.com/"' in result.html


def test_links_get_rel_noopener_noreferrer():
    result = render("[外链](https://example.com/)")
    assert 'rel="noopener noreferrer"' in result.html


def test_images_keep_alt_title_and_numeric_size_only():
    result = render('<img src="a.png" alt="图" title="t" width="300" height="x" class="c">')
    assert one(result.html, "img").attrs == {"src": "a.png", "alt": "图", "title": "t",
                                             "width": "300"}


def test_video_keeps_controls_and_sources_only():
    result = render('<video src="v.mp4" autoplay loop poster="p.png"><source src="v.webm" '
                    'type="video/webm"></video>')
    assert one(result.html, "video").attrs == {"src": "v.mp4", "controls": "controls"}
    assert one(result.html, "source").attrs == {"src": "v.webm", "type": "video/webm"}
    assert "autoplay" not in result.html and "poster" not in result.html


def test_ids_reserved_for_page_scripts_are_removed():
    result = render('<h2 id="lh-progress">x</h2>')
    assert "lh-progress" not in result.html
