"""The working draft: saving keeps the published version intact, errors keep the input."""

from types import SimpleNamespace

from sqlalchemy import select

from learnhub.courses.editor.services import working_content
from learnhub.courses.models import Course, CourseStatus, Lesson
from learnhub.courses.publishing.services import course_by_slug, draft_of, sync
from learnhub.extensions import db
from tests.courses.builders import PNG
from tests.courses.editor_support import (
    drafts_of,
    file_course,
    make_org,
    page_token,
    version_count,
)
from tests.html import find


def details(unit, **overrides):
    data = {"title": "党章学习（修订）", "summary": "学习党章。", "category": "党章党规",
            "tags": "党章、党员权利", "credit_hours": "2", "owner_unit": unit.code,
            "audience_political_status": ["中共党员"], "audience_cadre_level": "",
            "audience_units": "", "intro_markdown": "新的介绍。\r\n第二行。", "token": ""}
    data.update(overrides)
    return data


def test_saving_details_makes_a_draft_and_leaves_the_published_version_alone(client, login_as,
                                                                             post, org, course):
    login_as(org.trainer)
    response = post(f"/manage/courses/{course.slug}/edit", details(org.branch))
    assert response.status_code == 302
    draft = draft_of(course)
    assert draft is not None and draft.title == "党章学习（修订）"
    assert draft.intro_markdown == "新的介绍。\n第二行。"  # browsers' CRLF stored as LF
    assert course.current_version.title == "党章学习" and version_count(course) == 1
    assert client.get(f"/courses/{course.slug}").get_data(as_text=True).count("党章学习（修订）") == 0


def test_every_save_replaces_the_one_draft(client, login_as, post, org, course):
    login_as(org.trainer)
    post(f"/manage/courses/{course.slug}/edit", details(org.branch, title="第一次"))
    post(f"/manage/courses/{course.slug}/edit", details(org.branch, title="第二次"))
    post(f"/manage/courses/{course.slug}/lessons/rights/edit",
         {"title": "权利", "minutes": "9", "markdown": "正文", "video": "", "token": ""})
    drafts = drafts_of(course)
    assert len(drafts) == 1 and drafts[0].title == "第二次"
    assert [lesson.title for lesson in working_content(course).lessons] == ["导言", "权利"]


def test_invalid_details_are_shown_again_with_what_was_typed(client, login_as, post, org, course):
    login_as(org.trainer)
    response = post(f"/manage/courses/{course.slug}/edit", details(
        org.branch, title="我刚输入的标题", credit_hours="两小时", intro_markdown="我写的介绍<b>"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "学时必须是 0 到 9999.99 之间的数字" in page
    assert find(page, "input", name="title", value="我刚输入的标题")
    assert find(page, "input", name="credit_hours", value="两小时")
    assert "我写的介绍&lt;b&gt;" in page
    assert drafts_of(course) == []


def test_unknown_unit_in_audience_is_reported_under_its_field(client, login_as, post, org, course):
    login_as(org.trainer)
    response = post(f"/manage/courses/{course.slug}/edit",
                    details(org.branch, audience_units="NO-SUCH-UNIT"))
    assert response.status_code == 422
    assert "未知的组织编码 NO-SUCH-UNIT" in response.get_data(as_text=True)


def test_owner_unit_outside_the_trainers_subtree_is_refused(client, login_as, post, org, course):
    login_as(org.trainer)
    response = post(f"/manage/courses/{course.slug}/edit",
                    details(org.branch, owner_unit=org.other_branch.code))
    assert response.status_code == 422
    assert "你没有组织" in response.get_data(as_text=True)
    assert drafts_of(course) == []


def test_a_form_left_open_does_not_overwrite_a_newer_save(client, login_as, post, org, course):
    login_as(org.trainer)
    url = f"/manage/courses/{course.slug}/lessons/rights/edit"
    stale = page_token(client.get(url).get_data(as_text=True))
    post(url, {"title": "另一个窗口保存的", "minutes": "1", "markdown": "甲", "video": "",
               "token": stale})
    response = post(url, {"title": "旧窗口的输入", "minutes": "1", "markdown": "乙", "video": "",
                          "token": stale})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "已被修改" in page
    assert find(page, "input", name="title", value="旧窗口的输入")
    assert working_content(course).lessons[1].title == "另一个窗口保存的"


def test_lesson_errors_keep_the_markdown_typed(client, login_as, post, org, course):
    login_as(org.trainer)
    response = post(f"/manage/courses/{course.slug}/lessons/rights/edit",
                    {"title": "", "minutes": "0", "markdown": "## 我写了很久的正文",
                     "video": "", "token": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "请输入课节标题" in page and "请输入 1 到 1440 之间的整数" in page
    assert "## 我写了很久的正文" in page


def test_add_reorder_and_remove_lessons(client, login_as, post, org, course):
    login_as(org.trainer)
    response = post(f"/manage/courses/{course.slug}/lessons",
                    {"title": "党的纪律", "minutes": "8", "key": "discipline"})
    assert response.headers["Location"].endswith("/lessons/discipline/edit")
    post(f"/manage/courses/{course.slug}/lessons/discipline/move", {"direction": "up"})
    assert [lesson.key for lesson in working_content(course).lessons] == [
        "01-intro", "discipline", "rights"]
    page = client.get(f"/manage/courses/{course.slug}/lessons/01-intro/remove")
    assert "确认删除" in page.get_data(as_text=True)
    post(f"/manage/courses/{course.slug}/lessons/01-intro/remove")
    lessons = working_content(course).lessons
    assert [(lesson.key, lesson.file_name) for lesson in lessons] == [
        ("discipline", "discipline.md"), ("rights", "02-rights.md")]


def test_new_lesson_with_a_taken_key_is_refused(client, login_as, post, org, course):
    login_as(org.trainer)
    response = post(f"/manage/courses/{course.slug}/lessons",
                    {"title": "重复", "minutes": "8", "key": "rights"})
    assert response.status_code == 422
    assert "课节标识 rights 已被使用" in response.get_data(as_text=True)


def test_published_lesson_key_is_shown_read_only(client, login_as, post, org, course):
    login_as(org.trainer)
    page = client.get(f"/manage/courses/{course.slug}/lessons/rights/edit").get_data(
        as_text=True)
    assert find(page, name="key") is None and "已发布，不能修改" in page
    post(f"/manage/courses/{course.slug}/lessons/rights/edit",
         {"title": "权利", "minutes": "1", "markdown": "x", "key": "renamed", "video": "",
          "token": ""})
    assert [lesson.key for lesson in working_content(course).lessons] == ["01-intro", "rights"]


def test_unpublished_lesson_key_can_still_change(client, login_as, post, org, course):
    login_as(org.trainer)
    post(f"/manage/courses/{course.slug}/lessons", {"title": "新课", "minutes": "5"})
    key = working_content(course).lessons[-1].key
    assert key == "lesson-3"
    post(f"/manage/courses/{course.slug}/lessons/{key}/edit",
         {"title": "新课", "minutes": "5", "markdown": "x", "key": "new-one", "video": "",
          "token": ""})
    last = working_content(course).lessons[-1]
    assert (last.key, last.file_name) == ("new-one", "new-one.md")


def test_new_course_starts_as_a_draft_owned_by_the_trainers_unit(client, login_as, post):
    org = make_org()
    login_as(org.trainer)
    response = post("/manage/courses/new", {"slug": "integrity", "title": "廉洁从业",
                                            "owner_unit": org.branch.code})
    assert response.headers["Location"].endswith("/manage/courses/integrity/edit")
    course = course_by_slug("integrity")
    assert course.status == CourseStatus.DRAFT and course.current_version_id is None
    assert course.owner_unit_id == org.branch.id and course.created_by_id == org.trainer.id
    assert draft_of(course).title == "廉洁从业"


def test_new_course_with_a_taken_slug_keeps_the_input(client, login_as, post, tmp_path):
    org = make_org()
    file_course(tmp_path, org.branch)
    login_as(org.trainer)
    response = post("/manage/courses/new", {"slug": "party-rules", "title": "我的标题",
                                            "owner_unit": org.branch.code})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "已被使用" in page
    assert find(page, "input", name="title", value="我的标题")
    assert db.session.scalar(select(Course.id).where(Course.slug == "party-rules")) is not None


def test_uploaded_image_is_stored_in_the_draft_with_its_link_snippet(client, login_as, post,
                                                                     tmp_path):
    from io import BytesIO

    org = make_org()
    course = file_course(tmp_path, org.branch)
    login_as(org.trainer)
    response = post(f"/manage/courses/{course.slug}/files",
                    {"file": (BytesIO(PNG), "会场 照片.png")},
                    content_type="multipart/form-data")
    assert response.status_code == 302
    assets = working_content(course).assets
    assert "images/会场-照片.png" in assets and assets["images/会场-照片.png"].size == len(PNG)
    page = client.get(f"/manage/courses/{course.slug}/files").get_data(as_text=True)
    assert "![说明](images/会场-照片.png)" in page


def test_upload_of_a_disallowed_type_is_refused(client, login_as, post, tmp_path):
    from io import BytesIO

    org = make_org()
    course = file_course(tmp_path, org.branch)
    login_as(org.trainer)
    response = post(f"/manage/courses/{course.slug}/files",
                    {"file": (BytesIO(b"<script>"), "x.html")}, content_type="multipart/form-data")
    assert response.status_code == 422 and "不支持的文件类型" in response.get_data(as_text=True)
    assert drafts_of(course) == []


def test_course_from_files_says_what_wins(client, login_as, org, course):
    login_as(org.trainer)
    page = client.get(f"/manage/courses/{course.slug}/edit").get_data(as_text=True)
    assert "此课程来自 courses/party-rules/ 文件；网页修改发布后，文件再次变化时同步会发布文件版本" in page


def test_draft_lessons_are_not_visible_as_published_lessons(client, login_as, post, org, course):
    login_as(org.trainer)
    post(f"/manage/courses/{course.slug}/lessons", {"title": "草稿课节", "minutes": "5",
                                                   "key": "secret"})
    draft = draft_of(course)
    keys = set(db.session.scalars(select(Lesson.key).where(
        Lesson.version_id == course.current_version_id)))
    assert "secret" not in keys and draft is not None


def test_a_text_lesson_saves_when_the_form_has_no_video_field(client, login_as, post, org, course):
    login_as(org.trainer)
    page = client.get(f"/manage/courses/{course.slug}/lessons/rights/edit").get_data(
        as_text=True)
    assert find(page, name="video") is None  # the course has no videos to choose from
    response = post(f"/manage/courses/{course.slug}/lessons/rights/edit",
                    {"title": "权利", "minutes": "1", "markdown": "## 八项权利\n\n新", "token": ""})
    assert response.status_code == 302


def test_saving_a_lesson_deleted_in_another_window_keeps_the_text(client, login_as, post, org,
                                                                  course):
    login_as(org.trainer)
    post(f"/manage/courses/{course.slug}/lessons/rights/remove")
    response = post(f"/manage/courses/{course.slug}/lessons/rights/edit",
                    {"title": "权利", "minutes": "1", "markdown": "写了一半的正文", "token": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "已在别处被删除" in page and "写了一半的正文" in page


def test_a_draft_older_than_a_new_file_version_is_flagged(client, login_as, post, tmp_path, org,
                                                          course):
    login_as(org.trainer)
    post(f"/manage/courses/{course.slug}/lessons", {"title": "草稿课节", "minutes": "5"})
    rights = tmp_path / "src" / "party-rules" / "02-rights.md"
    rights.write_text(rights.read_text(encoding="utf-8") + "\n文件里的新内容\n", encoding="utf-8")
    sync(tmp_path / "src")
    db.session.flush()
    page = client.get(f"/manage/courses/{course.slug}/edit").get_data(as_text=True)
    assert "草稿创建之后，课程又发布了第 2 版" in page


def test_two_first_saves_at_once_share_one_draft(racing_app, tmp_path):
    """A double-click: both requests saw no draft; the second insert meets the unique index
    and the second save goes into the draft the first one made."""
    from learnhub.courses.models import CourseVersion
    from learnhub.org.models import Role
    from tests.conftest import csrf_token
    from tests.factories import make_member, make_unit
    from tests.racing import held_before_insert, logged_in, race

    with racing_app.app_context():
        branch = make_unit(make_unit())
        trainer = make_member(branch, roles=(Role.TRAINER,))
        course = file_course(tmp_path, branch, slug="double-click")
        login, slug, owner = trainer.get_id(), course.slug, branch.code
        db.session.commit()
    clients = [logged_in(racing_app, login) for _ in range(2)]
    forms = [{**details(SimpleNamespace(code=owner), title=title), "csrf_token": csrf_token(client)}
             for client, title in zip(clients, ("第一次点击", "第二次点击"), strict=True)]

    def save(n: int) -> int:
        return clients[n].post(f"/manage/courses/{slug}/edit", data=forms[n]).status_code

    with held_before_insert(CourseVersion):
        assert race(lambda: save(0), lambda: save(1)) == [302, 302]
    with racing_app.app_context():
        [draft] = drafts_of(course_by_slug(slug))
        assert draft.title in ("第一次点击", "第二次点击")
        assert db.session.scalars(select(Lesson.key).where(Lesson.version_id == draft.id)
                                  .order_by(Lesson.position)).all() == ["01-intro", "rights"]
