"""Hostile or mistyped front matter is a `path:line: message` problem in content check and
zip import, never a traceback."""

import io

import pytest

from learnhub.courses.format.parsing import parse_path
from tests.courses.builders import COURSE_MD, RIGHTS_MD, course_files, write_course
from tests.courses.editor_support import make_org, make_zip

HUGE = "1" * 5000
DEEP = "[" * 5000 + "]" * 5000

CASES = [
    # (file, what replaces what, line, message)
    ("course.md", ("credit_hours: 1.5", f"credit_hours: {HUGE}"), 6,
     "YAML 格式错误：数字太大（最多 100 位）。如果它是文字，请加引号。"),
    ("course.md", ("tags: [党章, 党员权利]", f"tags: {DEEP}"), 5,
     "YAML 格式错误：嵌套超过 20 层。"),
    ("02-rights.md", ("title: 党员的权利", "title: 2026-13-45"), 2,
     "YAML 格式错误：2026-13-45 不是有效的日期。如果它是文字，请加引号。"),
    ("02-rights.md", ("key: rights", "key: 0x" + "f" * 400), 4,
     "YAML 格式错误：数字太大（最多 100 位）。如果它是文字，请加引号。"),
    ("02-rights.md", ("minutes: 1", "minutes: 2026-01-01 00:00:00 +99:00"), 3,
     "YAML 格式错误：2026-01-01 00:00:00 +99:00 不是有效的日期。如果它是文字，请加引号。"),
]
IDS = ["5000-digit-number", "deep-nesting", "month-13", "huge-hex-number", "bad-utc-offset"]


def replaced(file: str, old: str, new: str) -> str:
    text = {"course.md": COURSE_MD, "02-rights.md": RIGHTS_MD}[file]
    assert old in text
    return text.replace(old, new)


@pytest.mark.parametrize("file,change,line,message", CASES, ids=IDS)
def test_content_check_reports_the_line(tmp_path, file, change, line, message):
    folder = write_course(tmp_path, files={file: replaced(file, *change)})
    assert [str(p) for p in parse_path(folder).all_problems] == [
        f"{folder / file}:{line}: {message}"]


@pytest.mark.parametrize("file,change,line,message", CASES[:3], ids=IDS[:3])
def test_zip_import_reports_the_line(client, login_as, post, file, change, line, message):
    org = make_org()
    login_as(org.trainer)
    files = {f"party-rules/{name}": data for name, data in course_files().items()}
    files[f"party-rules/{file}"] = replaced(file, *change)
    response = post("/manage/courses/import",
                    {"file": (io.BytesIO(make_zip(files)), "c.zip")},
                    content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"party-rules/{file}:{line}: {message}" in page and "没有导入任何内容" in page


def test_content_check_command_prints_the_problem(app, tmp_path):
    folder = write_course(tmp_path, files={"course.md": replaced(
        "course.md", "credit_hours: 1.5", f"credit_hours: {HUGE}")})
    result = app.test_cli_runner().invoke(args=["content", "check", str(folder)])
    assert result.exit_code == 1
    assert result.stderr == (f"{folder / 'course.md'}:6: YAML 格式错误：数字太大（最多 100 位）。"
                             "如果它是文字，请加引号。\n")


def test_front_matter_longer_than_the_limit_is_refused_unparsed(tmp_path):
    long_summary = "summary: '" + "长" * 70_000 + "'"
    folder = write_course(tmp_path, files={"course.md": replaced(
        "course.md", "summary: 学习党章的基本内容和党员的权利义务。", long_summary)})
    assert [str(p) for p in parse_path(folder).all_problems] == [
        f"{folder / 'course.md'}:3: YAML 头信息太长（70175 个字符，最多 65536 个）。"]


def test_numbers_and_dates_that_fit_still_read(tmp_path):
    folder = write_course(tmp_path, files={
        "course.md": replaced("course.md", "title: 党章学习", "title: " + "9" * 100),
        "02-rights.md": replaced("02-rights.md", "title: 党员的权利", "title: 2026-02-28")})
    problems = [p.message for p in parse_path(folder).all_problems]
    assert problems == ["title 必须是文字。"]  # a date is not text; the long number is
