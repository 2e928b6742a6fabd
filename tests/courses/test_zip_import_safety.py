"""Zip import refuses unsafe archives and bad content, reports `path:line: message`,
and writes nothing unless everything is fine."""

import io
import os
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from learnhub.courses.format.packaging import ZipLimits, extract_course_zip, member_name
from learnhub.courses.models import Course
from learnhub.extensions import db
from tests.courses.builders import course_files
from tests.courses.editor_support import make_org, make_zip


def sample(prefix="party-rules/", **replace) -> dict[str, bytes | str]:
    """The builders' course, owned by the unit the test trainer covers (code UNIT)."""
    files = {f"{prefix}{name}": data for name, data in course_files().items()}
    files[f"{prefix}course.md"] = str(files[f"{prefix}course.md"]).replace(
        "lessons:\n", "owner_unit: BRANCH-1\nlessons:\n")
    files.update(replace)
    return files


def upload(post, data: bytes, name="course.zip", **fields):
    return post("/manage/courses/import", {"file": (io.BytesIO(data), name), **fields},
                content_type="multipart/form-data")


def courses() -> int:
    return db.session.scalar(select(func.count()).select_from(Course)) or 0


@pytest.fixture
def trainer(login_as):
    org = make_org()
    org.branch.code = "BRANCH-1"
    db.session.flush()
    login_as(org.trainer)
    return org.trainer


@pytest.mark.parametrize("name,words", [
    ("/etc/cron.d/evil", "/etc/cron.d/evil:1: 不能使用绝对路径。"),
    ("party-rules/../../evil.md", "party-rules/../../evil.md:1: 路径不能包含 .."),
    ("party-rules\\..\\evil.md", "party-rules\\..\\evil.md:1: 文件名中不能有反斜杠"),
    ("C:/Windows/evil.md", "C:/Windows/evil.md:1: 不能使用绝对路径。"),
])
def test_path_escapes_are_refused_and_nothing_is_imported(client, post, trainer, name, words):
    response = upload(post, make_zip(sample(**{name: "x"})))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert words in page and "没有导入任何内容" in page
    assert courses() == 0


def test_symlinks_are_refused(client, post, trainer):
    data = make_zip(sample(), symlinks={"party-rules/images/link.png": "/etc/passwd"})
    response = upload(post, data)
    assert response.status_code == 422
    assert "party-rules/images/link.png:1: 不能包含符号链接。" in response.get_data(as_text=True)
    assert courses() == 0


def test_too_many_files_are_refused(client, post, trainer):
    extra = {f"party-rules/files/{n}.txt": "x" for n in range(1001)}
    response = upload(post, make_zip(sample(**extra)))
    assert response.status_code == 422
    assert "zip 中的文件太多" in response.get_data(as_text=True) and courses() == 0


def test_a_zip_bomb_is_refused(client, post, trainer):
    response = upload(post, make_zip(sample(**{"party-rules/files/big.txt": b"\0" * 30_000_000})))
    assert response.status_code == 422
    assert "party-rules/files/big.txt:1: 压缩比异常" in response.get_data(as_text=True)
    assert courses() == 0


def test_total_uncompressed_size_is_capped(tmp_path):
    data = make_zip(sample(**{"party-rules/files/a.txt": "x" * 600}))
    result = extract_course_zip(io.BytesIO(data), tmp_path, limits=ZipLimits(max_total_bytes=500))
    assert [p.message for p in result.problems] == ["zip 解压后共 0 MB，超过上限 0 MB。"]
    assert result.folder is None and list(tmp_path.iterdir()) == []


def test_member_that_inflates_beyond_its_declared_size_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in sample().items():
            archive.writestr(name, content)
    data = bytearray(buffer.getvalue())
    # Lie in both headers: the PDF claims to be 4 bytes long.
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("party-rules/files/guide.pdf")
    data[info.header_offset + 22:info.header_offset + 26] = (4).to_bytes(4, "little")
    central = data.index(b"PK\x01\x02")
    while not data[central + 46:].startswith(b"party-rules/files/guide.pdf"):
        central = data.index(b"PK\x01\x02", central + 4)
    data[central + 24:central + 28] = (4).to_bytes(4, "little")
    result = extract_course_zip(io.BytesIO(bytes(data)), tmp_path)
    assert [p.path for p in result.problems] == ["party-rules/files/guide.pdf"]
    assert result.folder is None and list(tmp_path.iterdir()) == []  # what it wrote is gone


def test_not_a_zip_is_reported(client, post, trainer):
    response = upload(post, b"this is not a zip", name="notes.zip")
    assert response.status_code == 422
    assert "notes.zip:1: 不是有效的 zip 文件。" in response.get_data(as_text=True)


def test_bad_content_is_reported_with_path_and_line_and_nothing_is_imported(client, post,
                                                                            trainer):
    files = sample()
    files["party-rules/course.md"] = files["party-rules/course.md"].replace(
        "category: 党章党规", "category: 党章党规\nteacher: 李老师")
    files["party-rules/02-rights.md"] = files["party-rules/02-rights.md"].replace(
        "minutes: 1\n", "minutes: 很多\n")
    del files["party-rules/images/chart.png"]
    response = upload(post, make_zip(files))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "party-rules/course.md:5: 未知的键 teacher" in page
    assert "party-rules/02-rights.md:3: minutes 必须是" in page
    assert "学习指南" not in page
    assert "party-rules/01-intro.md:7: 找不到文件 images/chart.png。" in page
    assert courses() == 0


def test_files_at_the_top_of_the_zip_need_a_slug(client, post, trainer):
    data = make_zip(sample(prefix=""))
    response = upload(post, data)
    assert response.status_code == 422 and "需要填写课程标识" in response.get_data(as_text=True)
    assert upload(post, data, slug="top-level").status_code == 302
    assert courses() == 1


def test_a_typed_slug_names_a_course_whose_folder_a_file_manager_renamed(client, post, trainer):
    data = make_zip(sample(prefix="party-rules (1)/"))
    response = upload(post, data)
    assert response.status_code == 422
    assert "party-rules (1)/course.md:1: 课程文件夹名 party-rules (1) 不能用作课程标识" in \
        response.get_data(as_text=True)
    assert upload(post, data, slug="party-rules").status_code == 302
    assert db.session.scalars(select(Course.slug)).all() == ["party-rules"]


def test_a_course_folder_inside_one_more_folder_is_found(client, post, trainer):
    # Windows "Extract All" of party-rules-v3.zip, then "Send to > Compressed folder".
    data = make_zip(sample(prefix="party-rules-v3/party-rules/",
                           **{"party-rules-v3/party-rules/course.md": "---\nteacher: x\n---\n"}))
    page = upload(post, data).get_data(as_text=True)
    assert "party-rules-v3/party-rules/course.md:2: 未知的键 teacher" in page
    assert upload(post, make_zip(sample(prefix="party-rules-v3/party-rules/"))).status_code == 302
    assert db.session.scalars(select(Course.slug)).all() == ["party-rules"]


def test_a_zip_with_two_courses_is_refused(client, post, trainer):
    data = make_zip({**sample(), **sample(prefix="second/")})
    response = upload(post, data)
    assert response.status_code == 422
    assert "一个 zip 只能包含一门课程" in response.get_data(as_text=True)


def test_mac_metadata_is_ignored(client, post, trainer):
    data = make_zip(sample(**{"__MACOSX/party-rules/._course.md": "junk",
                              "party-rules/.DS_Store": "junk"}))
    assert upload(post, data).status_code == 302


def test_gbk_file_names_from_chinese_windows_are_read():
    # Without the UTF-8 flag, zipfile decodes the stored GBK bytes as cp437.
    info = zipfile.ZipInfo("学习指南.txt".encode("gbk").decode("cp437"))
    info.flag_bits = 0
    assert member_name(info) == "学习指南.txt"


def test_upload_without_csrf_is_refused(client, trainer):
    response = client.post("/manage/courses/import",
                           data={"file": (io.BytesIO(make_zip(sample())), "c.zip")},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and courses() == 0


def test_nothing_is_left_on_disk(tmp_path):
    result = extract_course_zip(io.BytesIO(make_zip(sample(**{"../x": "y"}))), tmp_path)
    assert result.problems and list(Path(tmp_path).iterdir()) == []


def test_many_members_of_exactly_one_megabyte_are_refused_as_a_bomb(client, post, trainer):
    # Each member is just at the per-member ratio check's floor; together they inflate
    # 1,000 times (480 of them made a 550 KB zip that extracted 480 MB).
    megabyte = b"\0" * (1024 * 1024)
    data = make_zip(sample(**{f"party-rules/files/{n}.txt": megabyte for n in range(24)}))
    assert len(data) < 100_000
    response = upload(post, data)
    assert response.status_code == 422
    assert "course.zip:1: zip 解压后共 24 MB，压缩比异常（疑似 zip 炸弹）。" in \
        response.get_data(as_text=True)
    assert courses() == 0


def test_the_bomb_is_refused_before_anything_is_extracted(tmp_path):
    megabyte = b"\0" * (1024 * 1024)
    data = make_zip(sample(**{f"party-rules/files/{n}.txt": megabyte for n in range(24)}))
    result = extract_course_zip(io.BytesIO(data), tmp_path)
    assert result.problems and result.folder is None and list(tmp_path.iterdir()) == []


def test_the_total_is_a_setting(app, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "ZIP_MAX_TOTAL_MB", 1)
    data = make_zip(sample(**{"party-rules/files/video.txt": os.urandom(1024 * 1024)}))
    result = extract_course_zip(io.BytesIO(data), tmp_path, upload_name="c.zip")
    assert [str(p) for p in result.problems] == ["c.zip:1: zip 解压后共 1 MB，超过上限 1 MB。"]
    assert ZipLimits.configured().max_total_bytes == 1024 * 1024
    monkeypatch.setitem(app.config, "ZIP_MAX_TOTAL_MB", 2)
    assert extract_course_zip(io.BytesIO(data), tmp_path).problems == []


def test_the_default_total_fits_a_course_with_videos():
    assert ZipLimits().max_total_bytes >= 2 * 1024 ** 3

