"""Course files: shown inline only when images or videos, downloads otherwise, always
nosniff; byte ranges for video; nothing from drafts or unpublished courses for learners."""

from __future__ import annotations

from decimal import Decimal

from learnhub.authoring.asset_store import AssetSource, store_blob
from learnhub.courses.models import ContentSource, CourseAsset, CourseStatus, CourseVersion
from learnhub.extensions import db
from learnhub.org.models import Role
from tests.courses.learning_support import PDF, PNG, lesson, make_course
from tests.factories import make_member, make_unit
from tests.html import find, one

VIDEO = bytes(range(256)) * 40  # 10 KiB of "video"


def course_with_files(**overrides):
    assets = {
        "images/chart.png": AssetSource.from_bytes("images/chart.png", PNG, "image/png"),
        "files/学习指南.pdf": AssetSource.from_bytes("files/学习指南.pdf", PDF, "application/pdf"),
        "video/talk.mp4": AssetSource.from_bytes("video/talk.mp4", VIDEO, "video/mp4"),
    }
    lessons = (
        lesson("text", "图文课", 5, "![示意图](images/chart.png)\n\n[学习指南](files/学习指南.pdf)"),
        lesson("talk", "视频课", 5, "请观看视频。", video="video/talk.mp4"),
    )
    return make_course(lessons=lessons, assets=assets, **overrides)


def urls(course) -> dict[str, str]:
    import hashlib
    from urllib.parse import quote

    def url(path: str, data: bytes) -> str:
        name = quote(path.rsplit("/", 1)[1])
        return f"/courses/{course.slug}/assets/{hashlib.sha256(data).hexdigest()}/{name}"

    return {"png": url("images/chart.png", PNG), "pdf": url("files/学习指南.pdf", PDF),
            "mp4": url("video/talk.mp4", VIDEO)}


def test_lesson_html_points_at_the_served_image_and_attachment(client, login_as):
    course = course_with_files()
    page = login_as(make_member()).get(f"/courses/{course.slug}/lessons/text").get_data(
        as_text=True)
    assert find(page, "img", src=urls(course)["png"])
    assert find(page, "a", href=urls(course)["pdf"])


def test_an_image_is_served_inline_with_nosniff(client, login_as):
    course = course_with_files()
    response = login_as(make_member()).get(urls(course)["png"])
    assert response.status_code == 200
    assert response.data == PNG
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("inline")
    assert "private" in response.headers["Cache-Control"]


def test_an_attachment_is_a_download_with_nosniff_and_its_chinese_name(client, login_as):
    course = course_with_files()
    response = login_as(make_member()).get(urls(course)["pdf"])
    assert response.status_code == 200 and response.data == PDF
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''%E5%AD%A6%E4%B9%A0%E6%8C%87%E5%8D%97.pdf" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_video_lesson_has_a_player_and_the_video_serves_byte_ranges(client, login_as):
    course = course_with_files()
    client = login_as(make_member())
    page = client.get(f"/courses/{course.slug}/lessons/talk").get_data(as_text=True)
    assert one(page, "video", class_="reader__video", id="lh-video", controls=True,
               preload="metadata", src=urls(course)["mp4"])
    assert find(page, data_video="true")
    response = client.get(urls(course)["mp4"], headers={"Range": "bytes=100-199"})
    assert response.status_code == 206
    assert response.data == VIDEO[100:200]
    assert response.headers["Content-Range"] == f"bytes 100-199/{len(VIDEO)}"
    assert response.headers["Accept-Ranges"] == "bytes"
    tail = client.get(urls(course)["mp4"], headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.data == VIDEO[-10:]


def test_an_unsatisfiable_range_is_416(client, login_as):
    course = course_with_files()
    response = login_as(make_member()).get(urls(course)["mp4"],
                                           headers={"Range": f"bytes={len(VIDEO) + 5}-"})
    assert response.status_code == 416
    assert response.headers["Content-Range"] == f"bytes */{len(VIDEO)}"


def test_assets_of_an_unpublished_course_are_404_for_learners(client, login_as):
    course = course_with_files()
    course.status = CourseStatus.ARCHIVED
    db.session.flush()
    assert login_as(make_member()).get(urls(course)["png"]).status_code == 404


def test_assets_only_in_a_draft_version_are_404_for_learners_but_not_for_its_trainers(
        client, login_as):
    root = make_unit()
    course = make_course()
    course.owner_unit_id = root.id
    draft = CourseVersion(course_id=course.id, is_draft=True, source=ContentSource.WEB,
                          content_hash="0" * 64, title="草稿", summary="", category="",
                          credit_hours=Decimal("1"))
    db.session.add(draft)
    db.session.flush()
    secret = b"draft-only attachment"
    blob = store_blob(AssetSource.from_bytes("files/draft.txt", secret, "text/plain"))
    db.session.add(CourseAsset(version_id=draft.id, path="files/draft.txt", blob_id=blob.id,
                               media_type="text/plain"))
    db.session.flush()
    url = f"/courses/{course.slug}/assets/{blob.sha256}/draft.txt"
    assert login_as(make_member()).get(url).status_code == 404
    trainer = make_member(root, roles=(Role.TRAINER,))
    response = login_as(trainer).get(url)
    assert response.status_code == 200 and response.data == secret
    assert response.headers["Content-Disposition"].startswith("attachment")


def test_an_unknown_hash_or_another_courses_asset_is_404(client, login_as):
    course = course_with_files()
    other = make_course()
    client = login_as(make_member())
    assert client.get(f"/courses/{course.slug}/assets/{'0' * 64}/x.png").status_code == 404
    foreign = urls(course)["png"].replace(course.slug, other.slug)
    assert client.get(foreign).status_code == 404
    assert client.get(f"/courses/{course.slug}/assets/../../etc/passwd").status_code == 404


def test_a_large_file_streams_chunk_by_chunk(client, login_as):
    from learnhub.authoring.asset_store import CHUNK_SIZE

    big = bytes(range(256)) * (CHUNK_SIZE // 256 * 2 + 3)  # a little over two chunks
    assets = {"video/long.mp4": AssetSource.from_bytes("video/long.mp4", big, "video/mp4")}
    course = make_course(lessons=(lesson("v", "长视频", 5, "看视频。", video="video/long.mp4"),),
                         assets=assets)
    import hashlib

    url = f"/courses/{course.slug}/assets/{hashlib.sha256(big).hexdigest()}/long.mp4"
    client = login_as(make_member())
    whole = client.get(url, buffered=True)
    assert whole.status_code == 200 and whole.data == big
    middle = client.get(url, headers={"Range": f"bytes={CHUNK_SIZE - 5}-{2 * CHUNK_SIZE + 4}"},
                        buffered=True)
    assert middle.status_code == 206
    assert middle.data == big[CHUNK_SIZE - 5:2 * CHUNK_SIZE + 5]
