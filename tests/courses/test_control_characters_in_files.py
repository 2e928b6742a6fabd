"""A control character in a course file (NUL above all, which PostgreSQL refuses) is a
`path:line: message` problem in `content check`, `content sync` and zip import, never a 500."""

import pytest
from sqlalchemy import func, select

from learnhub.courses.models import Course
from learnhub.extensions import db
from tests.courses.builders import COURSE_MD, INTRO_MD, write_course
from tests.courses.editor_support import make_org, make_zip
from tests.courses.test_parsing import assert_problem
from tests.courses.test_zip_import_safety import sample, upload


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=["content", *map(str, args)])


def test_a_nul_in_a_lesson_body_is_reported_with_its_line(tmp_path):
    folder = write_course(tmp_path, files={"01-intro.md": INTRO_MD.replace(
        "基层党建是企业的根基。", "基层党建是\0企业的根基。")})
    assert_problem(folder, "01-intro.md", 7, "含有不允许的控制字符（U+0000）")


def test_an_escaped_control_character_in_front_matter_is_reported_at_its_key(tmp_path):
    folder = write_course(tmp_path, files={"course.md": COURSE_MD.replace(
        "title: 党章学习", 'title: "党章\\0学习"').replace(
        "category: 党章党规", 'category: "党章\\x1b党规"')})
    assert_problem(folder, "course.md", 2, "含有不允许的控制字符（U+0000）")
    assert_problem(folder, "course.md", 4, "含有不允许的控制字符（U+001B）")


def test_tabs_and_crlf_in_a_file_are_still_fine(tmp_path):
    folder = write_course(tmp_path, files={"01-intro.md": INTRO_MD.replace(
        "基层党建是企业的根基。", "基层党建是\t企业的根基。").replace("\n", "\r\n")})
    from tests.courses.test_parsing import problems_in

    assert problems_in(folder) == []


def test_content_sync_with_a_nul_reports_it_and_publishes_nothing(cli, tmp_path):
    write_course(tmp_path, files={"02-rights.md": "---\ntitle: 权利\nminutes: 5\n---\n一\0二\n"})
    result = cli("sync", tmp_path)
    assert result.exit_code == 1, result.output
    assert "02-rights.md:5: 含有不允许的控制字符（U+0000）" in result.stderr
    assert db.session.scalar(select(func.count()).select_from(Course)) == 0


def test_zip_import_with_a_nul_is_reported_and_imports_nothing(client, post, login_as):
    org = make_org()
    org.branch.code = "BRANCH-1"
    db.session.flush()
    login_as(org.trainer)
    files = sample()
    files["party-rules/01-intro.md"] = INTRO_MD.replace("## 党建 工作", "## 党建\0工作")
    files["party-rules/images/a\x01b.png"] = b"png"
    response = upload(post, make_zip(files))
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:300]
    assert "文件名中不能有控制字符（U+0001）" in page
    assert db.session.scalar(select(func.count()).select_from(Course)) == 0
    del files["party-rules/images/a\x01b.png"]
    response = upload(post, make_zip(files))
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:300]
    assert "party-rules/01-intro.md:5: 含有不允许的控制字符（U+0000）" in page
    assert db.session.scalar(select(func.count()).select_from(Course)) == 0


def test_front_matter_aliases_are_walked_once_even_in_a_cycle(tmp_path):
    folder = write_course(tmp_path, files={"course.md": COURSE_MD.replace(
        "tags: [党章, 党员权利]", "tags: &t [党章, *t]")})
    from tests.courses.test_parsing import problems_in

    assert problems_in(folder)  # reported (tags must be text), and the check terminates
