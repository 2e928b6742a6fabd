"""Live preview: the server renders with the publishing code path and sanitiser."""

import re
from io import BytesIO

import pytest
from sqlalchemy import select

from learnhub.courses.models import Lesson
from learnhub.courses.publishing.services import draft_of
from learnhub.courses.study.asset_serving import find_course_asset
from learnhub.extensions import db
from tests.conftest import csrf_token
from tests.courses.builders import PNG
from tests.courses.editor_support import drafts_of
from tests.courses.test_xss import CORPUS
from tests.courses.test_xss import assert_inert as corpus_assert_inert
from tests.html import one

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[点我](javascript:alert(1))",
    '<a href="jav&#x61;script:alert(1)">点我</a>',
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<p style="background:url(javascript:alert(1))">样式</p>',
    "![图](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
]


def preview(client, slug, markdown, file="course.md", headers=None):
    token = csrf_token(client)
    return client.post(f"/manage/courses/{slug}/preview",
                       data={"markdown": markdown, "file": file},
                       headers={"X-CSRFToken": token, "Accept": "application/json",
                                **(headers or {})})


def assert_inert(html: str) -> None:
    lowered = html.lower()
    assert "<script" not in lowered and "<iframe" not in lowered and "<svg" not in lowered
    assert "javascript:" not in lowered and "data:" not in lowered
    assert not re.search(r"\son[a-z]+\s*=", lowered)
    assert "style=" not in lowered


@pytest.mark.parametrize("sample", XSS)
def test_preview_output_is_sanitised(client, login_as, org, course, sample):
    login_as(org.trainer)
    response = preview(client, course.slug, f"## 标题\n\n{sample}\n\n正文。")
    assert response.status_code == 200
    html = response.get_json()["html"]
    assert one(html, "h2", id="标题").text == "标题" and "正文。" in html
    assert_inert(html)


def test_the_whole_xss_corpus_comes_out_of_the_preview_inert(client, login_as, org, course):
    login_as(org.trainer)
    for source in CORPUS:
        html = preview(client, course.slug, source, file="02-rights.md").get_json()["html"]
        corpus_assert_inert(html)


def test_xss_saved_in_a_lesson_is_stored_inert_and_blocks_publishing(client, login_as, post, org,
                                                                     course):
    login_as(org.trainer)
    post(f"/manage/courses/{course.slug}/lessons/rights/edit",
         {"title": "权利", "minutes": "1", "token": "",
          "markdown": "## 八项权利\n\n" + "\n\n".join(CORPUS)})
    stored = db.session.scalar(select(Lesson.html).where(
        Lesson.version_id == draft_of(course).id, Lesson.key == "rights"))
    corpus_assert_inert(stored)
    page = client.get(f"/manage/courses/{course.slug}/publish").get_data(as_text=True)
    assert "不允许使用 HTML 标签 &lt;script&gt;" in page and "确认发布" not in page


def test_preview_says_what_the_sanitiser_removed(client, login_as, org, course):
    login_as(org.trainer)
    issues = preview(client, course.slug, "<script>alert(1)</script>").get_json()["issues"]
    assert any("<script>" in issue for issue in issues)


def test_preview_resolves_course_images_and_lesson_links(client, login_as, org, course):
    login_as(org.trainer)
    html = preview(client, course.slug, "![图](images/chart.png) [下一课](02-rights.md)",
                   file="01-intro.md").get_json()["html"]
    assert re.search(r'src="/courses/party-rules/assets/[0-9a-f]{64}/chart.png"', html)
    assert 'href="/courses/party-rules/lessons/rights"' in html


def test_preview_without_csrf_token_is_refused(client, login_as, org, course):
    login_as(org.trainer)
    response = client.post(f"/manage/courses/{course.slug}/preview", data={"markdown": "x"},
                           headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"


def test_preview_button_works_without_javascript_and_keeps_the_input(client, login_as, post, org,
                                                                     course):
    login_as(org.trainer)
    response = post(f"/manage/courses/{course.slug}/lessons/rights/edit",
                    {"title": "权利", "minutes": "1", "video": "", "token": "",
                     "markdown": "## 预览标题\n\n<script>alert(1)</script>正文", "action": "preview"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert one(page, "h2", id="预览标题").text == "预览标题"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;正文" in page  # the textarea keeps it
    assert "<script>alert(1)" not in page
    assert "不允许使用 HTML 标签 &lt;script&gt;" in page


def test_preview_does_not_save(client, login_as, post, org, course):
    login_as(org.trainer)
    post(f"/manage/courses/{course.slug}/edit", {"title": "x", "action": "preview",
                                                 "intro_markdown": "预览"})
    assert drafts_of(course) == []


def test_uploaded_image_shows_in_the_preview(client, login_as, post, org, course):
    login_as(org.trainer)
    post(f"/manage/courses/{course.slug}/files", {"file": (BytesIO(PNG + b"new"), "new.png")},
         content_type="multipart/form-data")
    html = preview(client, course.slug, "![新图](images/new.png)").get_json()["html"]
    match = re.search(r'src="/courses/party-rules/assets/([0-9a-f]{64})/new.png"', html)
    assert match
    assert find_course_asset(course.id, match.group(1)).path == "images/new.png"


def test_preview_of_a_half_filled_form_shows_no_errors(client, login_as, post, org, course):
    login_as(org.trainer)
    response = post(f"/manage/courses/{course.slug}/edit",
                    {"title": "", "action": "preview", "intro_markdown": "## 介绍预览"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert one(page, "h2", id="介绍预览").text == "介绍预览" and "请修正以下问题" not in page
