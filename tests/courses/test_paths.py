"""Course files can only reach files inside their own course folder."""

import os

import pytest

from learnhub.courses.format.parsing import parse_path
from tests.courses.builders import COURSE_MD, INTRO_MD, PNG, RIGHTS_MD, write_course


def messages(folder):
    return [p.message for p in parse_path(folder).all_problems]


@pytest.mark.parametrize("reference", [
    "../secret.png", "../../secret.png", "images/../../secret.png", "/etc/secret.png",
    "%2e%2e/secret.png", "images%2f..%2f..%2fsecret.png", "images\\..\\..\\secret.png",
])
def test_image_paths_cannot_leave_the_course_folder(tmp_path, reference):
    (tmp_path / "secret.png").write_bytes(PNG)
    folder = write_course(tmp_path, files={"02-rights.md": RIGHTS_MD + f"\n![x]({reference})\n"})
    result = parse_path(folder)
    assert result.courses[0].content is None
    assert any("课程文件夹之外" in m for m in messages(folder)), messages(folder)


@pytest.mark.parametrize("entry", ["../outside.md", "/tmp/outside.md", "./../outside.md"])
def test_lesson_list_cannot_leave_the_course_folder(tmp_path, entry):
    (tmp_path / "outside.md").write_text("---\ntitle: x\nminutes: 1\n---\n", encoding="utf-8")
    folder = write_course(tmp_path, files={"course.md": COURSE_MD.replace("02-rights.md", entry)})
    assert any("不是课程文件夹内的 .md 课节文件" in m for m in messages(folder))


def test_video_path_cannot_leave_the_course_folder(tmp_path):
    (tmp_path / "talk.mp4").write_bytes(b"mp4")
    folder = write_course(tmp_path, files={"01-intro.md": INTRO_MD.replace(
        "minutes: 2\n", "minutes: 2\nvideo: ../talk.mp4\n")})
    assert any("video 必须是课程文件夹内的相对路径" in m for m in messages(folder))


def test_symlinked_image_pointing_outside_is_refused(tmp_path):
    outside = tmp_path / "private.png"
    outside.write_bytes(PNG)
    folder = write_course(tmp_path, files={"images/chart.png": None})
    (folder / "images").mkdir()
    os.symlink(outside, folder / "images" / "chart.png")
    assert any("符号链接" in m for m in messages(folder)), messages(folder)


def test_symlinked_lesson_pointing_outside_is_refused(tmp_path):
    outside = tmp_path / "elsewhere.md"
    outside.write_text(RIGHTS_MD, encoding="utf-8")
    folder = write_course(tmp_path, files={"02-rights.md": None})
    os.symlink(outside, folder / "02-rights.md")
    assert any("符号链接" in m for m in messages(folder))


def test_symlinked_folder_pointing_outside_is_refused(tmp_path):
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "chart.png").write_bytes(PNG)
    folder = write_course(tmp_path, files={"images/chart.png": None})
    os.symlink(tmp_path / "shared", folder / "images")
    assert any("符号链接" in m for m in messages(folder))


def test_symlink_inside_the_course_folder_is_fine(tmp_path):
    folder = write_course(tmp_path, files={"images/chart.png": None, "images/real.png": PNG})
    os.symlink(folder / "images" / "real.png", folder / "images" / "chart.png")
    assert messages(folder) == []
