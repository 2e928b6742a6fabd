"""Export as files in the authoring format, import them back: the same files, byte for byte."""

import io
import zipfile
from decimal import Decimal

from learnhub.authoring.asset_store import AssetSource
from learnhub.core.timeutil import now_utc
from learnhub.courses.editor.services import publish_draft, save_draft, working_content
from learnhub.courses.format.content import CourseContent, LessonContent
from learnhub.courses.format.parsing import parse_path
from learnhub.courses.publishing.services import course_by_slug, create_course, draft_of
from tests.courses.builders import PDF, PNG
from tests.courses.editor_support import make_org, version_count, zip_files


def export(client, slug, version=""):
    response = client.get(f"/manage/courses/{slug}/export.zip" +
                          (f"?version={version}" if version else ""))
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/zip"
    return response.get_data()


def upload(post, data: bytes, name="course.zip", **fields):
    return post("/manage/courses/import", {"file": (io.BytesIO(data), name), **fields},
                content_type="multipart/form-data")


def renamed(data: bytes, old: str, new: str) -> bytes:
    """The same zip with its course folder renamed (a copy of the course under a new slug)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename.replace(f"{old}/", f"{new}/", 1), source.read(info))
    return buffer.getvalue()


def without_folder(files: dict[str, bytes], slug: str) -> dict[str, bytes]:
    return {name.removeprefix(f"{slug}/"): data for name, data in files.items()}


def test_export_is_a_course_folder_in_the_authoring_format(client, login_as, tmp_path, org, course):
    login_as(org.trainer)
    files = zip_files(export(client, course.slug))
    assert sorted(files) == ["party-rules/01-intro.md", "party-rules/02-rights.md",
                             "party-rules/course.md", "party-rules/files/guide.pdf",
                             "party-rules/images/chart.png"]
    assert files["party-rules/images/chart.png"] == PNG
    assert files["party-rules/files/guide.pdf"] == PDF
    course_md = files["party-rules/course.md"].decode()
    assert course_md.startswith("---\ntitle: 党章学习\n")
    assert "credit_hours: 1.5\n" in course_md and "tags: [党章, 党员权利]\n" in course_md
    assert "lessons:\n  - 01-intro.md\n  - 02-rights.md\n---\n本课程共两节" in course_md
    assert "key: rights\n" in files["party-rules/02-rights.md"].decode()
    out = tmp_path / "out"
    for name, data in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    result = parse_path(out / "party-rules")
    assert result.all_problems == [] and result.courses[0].content is not None


def test_export_import_export_gives_identical_files(client, login_as, post, org, course):
    login_as(org.trainer)
    first = export(client, course.slug)
    response = upload(post, renamed(first, "party-rules", "party-rules-copy"))
    assert response.status_code == 302, response.get_data(as_text=True)
    copy = course_by_slug("party-rules-copy")
    assert draft_of(copy) is not None and version_count(copy) == 0
    publish_draft(copy, actor=org.trainer, expected_hash=None, now=now_utc())
    second = export(client, "party-rules-copy")
    assert without_folder(zip_files(second), "party-rules-copy") == without_folder(
        zip_files(first), "party-rules")


def test_round_trip_of_a_web_course_with_every_field(client, login_as, post, tmp_path):
    """YAML that needs quoting, audience, owner, a key unlike its file name, a video."""
    org = make_org()
    course = create_course("web-made", actor=org.trainer, owner_unit=org.branch)
    video = AssetSource.from_bytes("media/talk.webm", b"webm-bytes", "video/webm")
    image = AssetSource.from_bytes("images/图 1.png", PNG, "image/png")
    content = CourseContent(
        slug="web-made", title="2024", summary="要点: 学习 # 不是注释", category="yes",
        credit_hours=Decimal("0.25"), tags=["a, b", "1.0", "党章"],
        audience={"required": {"political_status": ["中共党员"], "cadre_level": ["中层正职"],
                               "roles": ["manager"], "units": [org.branch.code]}},
        owner_unit=org.branch.code, intro_markdown="---\n不是头信息\n\n![图](<images/图 1.png>)\n",
        lessons=[LessonContent("lessons/one.md", "001", "true", 5, "正文\n\n\n", None,
                               optional=True),
                 LessonContent("two.md", "two", "视频课", 30, "", "media/talk.webm",
                               audience={"required": {"cadre_level": ["中层正职"],
                                                      "units": [org.branch.code]}})],
        assets={video.path: video, image.path: image})
    save_draft(course, content, actor=org.trainer, now=now_utc())
    publish_draft(course, actor=org.trainer, expected_hash=None, now=now_utc())
    login_as(org.trainer)
    first = export(client, "web-made")
    assert b"key: '001'" in zip_files(first)["web-made/lessons/one.md"]
    assert b"\noptional: true\n" in zip_files(first)["web-made/lessons/one.md"]
    assert "audience:\n  cadre_level: [中层正职]\n".encode() in zip_files(first)["web-made/two.md"]
    assert upload(post, renamed(first, "web-made", "web-made-2")).status_code == 302
    publish_draft(course_by_slug("web-made-2"), actor=org.trainer, expected_hash=None,
                  now=now_utc())
    second = export(client, "web-made-2")
    assert without_folder(zip_files(second), "web-made-2") == without_folder(
        zip_files(first), "web-made")
    imported = working_content(course_by_slug("web-made-2")).lessons
    assert [(lesson.optional, lesson.audience) for lesson in imported] == [
        (True, {}), (False, content.lessons[1].audience)]


def test_importing_an_unchanged_export_into_the_same_course_has_nothing_to_publish(
        client, login_as, post, org, course):
    login_as(org.trainer)
    upload(post, export(client, course.slug))
    page = client.get(f"/manage/courses/{course.slug}/publish").get_data(as_text=True)
    assert "无需发布" in page
    assert zip_files(export(client, course.slug, "draft")) == zip_files(export(client, course.slug))


def test_import_of_a_changed_zip_shows_the_changes_before_publishing(client, login_as, post, org,
                                                                     course):
    login_as(org.trainer)
    files = zip_files(export(client, course.slug))
    files["party-rules/02-rights.md"] += "\n补充一段。\n".encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    response = upload(post, buffer.getvalue())
    assert response.headers["Location"].endswith("/manage/courses/party-rules/publish")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "将发布为第 2 版" in page and "补充一段。" in page
    assert version_count(course) == 1


def test_import_does_not_overwrite_a_draft_unless_asked(client, login_as, post, org, course):
    login_as(org.trainer)
    data = export(client, course.slug)
    post(f"/manage/courses/{course.slug}/lessons", {"title": "草稿里的课", "minutes": "3"})
    response = upload(post, data)
    assert response.status_code == 422 and "替换已有草稿" in response.get_data(as_text=True)
    assert draft_of(course).lesson_count == 3
    assert upload(post, data, replace_draft="y").status_code == 302
    assert draft_of(course).lesson_count == 2


def test_import_into_a_course_of_another_subtree_is_refused(client, login_as, post, org, course):
    login_as(org.trainer)
    data = export(client, course.slug)
    login_as(org.other_trainer)
    response = upload(post, data)
    assert response.status_code == 422 and draft_of(course) is None


def test_export_of_a_course_of_another_subtree_is_refused(client, login_as, org, course):
    login_as(org.other_trainer)
    assert client.get(f"/manage/courses/{course.slug}/export.zip").status_code == 403
