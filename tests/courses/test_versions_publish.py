"""Publishing the draft as version N+1, history, diffs, restore, archive."""

from sqlalchemy import select

from learnhub.courses.editor.services import working_content
from learnhub.courses.models import ContentSource, CourseStatus, CourseVersion
from learnhub.courses.publishing.services import course_by_slug, draft_of, version_lessons
from learnhub.extensions import db
from learnhub.org.models import AuditEvent
from tests.courses.editor_support import (
    drafts_of,
    make_org,
    page_token,
    version_count,
)
from tests.html import find_all

LESSON = {"title": "党员的权利", "minutes": "1", "video": "", "token": ""}


def edit_rights(post, slug, markdown):
    """Lesson 1 links to the heading 八项权利 of this lesson, so keep it."""
    if "## 八项权利" not in markdown:
        markdown = f"## 八项权利\n\n{markdown}"
    return post(f"/manage/courses/{slug}/lessons/rights/edit", {**LESSON, "markdown": markdown})


def confirm_publish(client, post, slug):
    page = client.get(f"/manage/courses/{slug}/publish").get_data(as_text=True)
    return post(f"/manage/courses/{slug}/publish", {"token": page_token(page)})


def test_publish_page_says_what_will_happen(client, login_as, post, org, course):
    login_as(org.trainer)
    edit_rights(post, course.slug, "## 八项权利\n\n党员享有八项权利。[^1]\n\n[^1]: 见党章。\n\n新增一行。")
    post(f"/manage/courses/{course.slug}/lessons", {"title": "党的纪律", "minutes": "5",
                                                   "key": "discipline"})
    page = client.get(f"/manage/courses/{course.slug}/publish").get_data(as_text=True)
    assert "将发布为第 2 版" in page and "确认发布第 2 版" in page
    assert "新增课节 1 个" in page and "修改课节 1 个" in page
    assert "新增一行。" in page
    assert version_count(course) == 1  # looking is not publishing


def test_publish_creates_version_n_plus_one_keeping_lesson_keys(
        client, login_as, post, org, course):
    login_as(org.trainer)
    edit_rights(post, course.slug, "## 八项权利\n\n改写后的正文。")
    response = confirm_publish(client, post, course.slug)
    assert response.status_code == 302
    version = course.current_version
    assert version.number == 2 and version.source == ContentSource.WEB
    assert version.created_by_id == org.trainer.id
    lessons = version_lessons(version)
    assert [lesson.key for lesson in lessons] == ["01-intro", "rights"]
    assert "改写后的正文。" in lessons[1].html
    assert drafts_of(course) == [] and course.status == CourseStatus.PUBLISHED
    # the untouched lesson is the same lesson (same content hash) in both versions
    first = version_lessons(db.session.scalar(select(CourseVersion).where(
        CourseVersion.course_id == course.id, CourseVersion.number == 1)))
    assert first[0].content_hash == lessons[0].content_hash
    assert first[1].content_hash != lessons[1].content_hash
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "course.publish", AuditEvent.actor_id == org.trainer.id))


def test_new_web_course_is_published_as_version_one(client, login_as, post):
    org = make_org()
    login_as(org.trainer)
    post("/manage/courses/new", {"slug": "web-course", "title": "网页课程",
                                 "owner_unit": org.branch.code})
    post("/manage/courses/web-course/edit", {
        "title": "网页课程", "summary": "在网页上写的课程。", "category": "党建实务",
        "tags": "网页", "credit_hours": "0.5", "owner_unit": org.branch.code,
        "intro_markdown": "先读[第一课](lesson-1.md)。", "token": ""})
    post("/manage/courses/web-course/lessons", {"title": "第一课", "minutes": "10"})
    post("/manage/courses/web-course/lessons/lesson-1/edit",
         {"title": "第一课", "minutes": "10", "markdown": "## 开始\n\n正文。", "video": "",
          "token": ""})
    assert confirm_publish(client, post, "web-course").status_code == 302
    course = course_by_slug("web-course")
    assert course.status == CourseStatus.PUBLISHED and course.current_version.number == 1
    assert str(course.current_version.credit_hours) == "0.50"
    assert 'href="/courses/web-course/lessons/lesson-1"' in course.current_version.intro_html


def test_publish_is_blocked_by_problems_reported_as_path_and_line(client, login_as, post, org,
                                                                  course):
    login_as(org.trainer)
    edit_rights(post, course.slug, "## 八项权利\n\n见[缺失的课](99-missing.md)和![图](images/none.png)。")
    page = client.get(f"/manage/courses/{course.slug}/publish").get_data(as_text=True)
    assert "02-rights.md:8: " in page and "99-missing.md" in page and "images/none.png" in page
    assert "确认发布" not in page
    assert "/manage/courses/party-rules/lessons/rights/edit" in page
    response = post(f"/manage/courses/{course.slug}/publish",
                    {"token": draft_of(course).content_hash})
    assert response.status_code == 302 and version_count(course) == 1


def test_publish_refuses_a_draft_changed_after_the_confirmation_page(client, login_as, post, org,
                                                                     course):
    login_as(org.trainer)
    edit_rights(post, course.slug, "第一稿")
    token = page_token(client.get(f"/manage/courses/{course.slug}/publish").get_data(
        as_text=True))
    edit_rights(post, course.slug, "第二稿")
    response = post(f"/manage/courses/{course.slug}/publish", {"token": token},
                    follow_redirects=True)
    assert "草稿在你确认之前已被修改" in response.get_data(as_text=True)
    assert version_count(course) == 1


def test_a_draft_equal_to_the_current_version_has_nothing_to_publish(client, login_as, post, org,
                                                                     course):
    login_as(org.trainer)
    rights = working_content(course).lessons[1]
    edit_rights(post, course.slug, rights.markdown)
    page = client.get(f"/manage/courses/{course.slug}/publish").get_data(as_text=True)
    assert "无需发布" in page and "确认发布" not in page


def test_publish_without_csrf_is_refused(client, login_as, post, org, course):
    login_as(org.trainer)
    edit_rights(post, course.slug, "改写")
    response = client.post(f"/manage/courses/{course.slug}/publish",
                           data={"token": draft_of(course).content_hash})
    assert response.status_code == 400 and version_count(course) == 1


def test_history_lists_every_version_with_source_author_and_hash(client, login_as, post, org,
                                                                 course):
    login_as(org.trainer)
    edit_rights(post, course.slug, "改写")
    confirm_publish(client, post, course.slug)
    page = client.get(f"/manage/courses/{course.slug}/versions").get_data(as_text=True)
    assert "第 2 版" in page and "第 1 版" in page
    assert "文件同步" in page and "网页" in page and "李培训" in page
    assert course.current_version.content_hash[:12] in page
    assert f"/courses/{course.slug}/learners" in page  # who completed which version


def test_diff_marks_added_and_removed_lines_with_words(client, login_as, post, org, course):
    login_as(org.trainer)
    edit_rights(post, course.slug, "## 八项权利\n\n党员享有八项民主权利。")
    post(f"/manage/courses/{course.slug}/edit", {
        "title": "党章学习", "summary": "新的简介。", "category": "党章党规", "tags": "党章",
        "credit_hours": "1.5", "owner_unit": org.branch.code,
        "audience_political_status": ["中共党员", "中共预备党员"],
        "intro_markdown": "本课程共两节，先读[导言](01-intro.md)。\n", "token": ""})
    confirm_publish(client, post, course.slug)
    page = client.get(f"/manage/courses/{course.slug}/diff?from=1&to=2").get_data(as_text=True)
    assert "比较 第 1 版 与 第 2 版" in page
    assert "简介" in page and "新的简介。" in page
    assert "标签" in page and "党章、党员权利" in page
    removed = [row.one("td", class_="diff__text").text
               for row in find_all(page, "tr", class_="diff__removed")]
    added = [row.one("td", class_="diff__text").text
             for row in find_all(page, "tr", class_="diff__added")]
    assert "党员享有八项权利。[^1]" in removed and "党员享有八项民主权利。" in added
    assert {cell.text for cell in find_all(page, "td", class_="diff__mark")} >= {"＋ 新增", "－ 删除"}
    assert "未改动课节 1 个" in page


def test_diff_of_unknown_version_is_404(client, login_as, org, course):
    login_as(org.trainer)
    assert client.get(f"/manage/courses/{course.slug}/diff?from=1&to=7").status_code == 404


def test_an_older_version_can_be_published_again(client, login_as, post, org, course):
    login_as(org.trainer)
    edit_rights(post, course.slug, "第二版正文")
    confirm_publish(client, post, course.slug)
    post(f"/manage/courses/{course.slug}/versions/1/restore")
    confirm_publish(client, post, course.slug)
    assert course.current_version.number == 3
    assert course.current_version.content_hash == db.session.scalar(
        select(CourseVersion.content_hash).where(CourseVersion.course_id == course.id,
                                                 CourseVersion.number == 1))


def test_discarding_the_draft_keeps_the_published_version(client, login_as, post, org, course):
    login_as(org.trainer)
    edit_rights(post, course.slug, "不要了")
    assert "确认放弃草稿" in client.get(f"/manage/courses/{course.slug}/draft/discard").get_data(
        as_text=True)
    post(f"/manage/courses/{course.slug}/draft/discard")
    assert drafts_of(course) == [] and course.current_version.number == 1


def test_archive_asks_first_then_hides_the_course_from_the_catalogue(client, login_as, post, org,
                                                                     course):
    login_as(org.trainer)
    page = client.get(f"/manage/courses/{course.slug}/archive").get_data(as_text=True)
    assert "不再出现在课程目录" in page and "都保留" in page
    assert course.status == CourseStatus.PUBLISHED
    login_as(org.learner)
    assert "党章学习" in client.get("/courses").get_data(as_text=True)
    login_as(org.trainer)
    post(f"/manage/courses/{course.slug}/archive", follow_redirects=True)
    assert course.status == CourseStatus.ARCHIVED and version_count(course) == 1
    login_as(org.learner)
    assert "党章学习" not in client.get("/courses").get_data(as_text=True)
    login_as(org.trainer)
    post(f"/manage/courses/{course.slug}/unarchive")
    assert course.status == CourseStatus.PUBLISHED
