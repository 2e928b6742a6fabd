"""`learnhub content check|sync`: output format and exit codes."""

import pytest
from sqlalchemy import func, select

from learnhub.courses.models import Course, CourseVersion
from learnhub.extensions import db
from tests.courses.builders import write_course


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def invoke(*args):
        return runner.invoke(args=["content", *map(str, args)])

    return invoke


def versions() -> int:
    return db.session.scalar(select(func.count(CourseVersion.id)))


def test_check_of_clean_content_says_ok_with_counts(cli, tmp_path):
    write_course(tmp_path, "course-a")
    write_course(tmp_path, "course-b")
    result = cli("check", tmp_path)
    assert result.exit_code == 0
    assert result.stdout == "OK: 2 courses, 4 lessons\n"
    assert result.stderr == ""


def test_check_prints_every_problem_as_path_line_message_and_exits_1(cli, tmp_path):
    folder = write_course(tmp_path, files={"02-rights.md": None, "images/chart.png": None})
    result = cli("check", folder)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{folder / 'course.md'}:12: 找不到文件 02-rights.md。",
        f"{folder / '01-intro.md'}:7: 找不到文件 images/chart.png。",
    ]
    assert "OK" not in result.stdout


def test_check_writes_nothing(cli, tmp_path):
    write_course(tmp_path)
    cli("check", tmp_path)
    assert db.session.scalar(select(func.count(Course.id))) == 0


def test_check_of_a_missing_path_is_a_problem_line(cli, tmp_path):
    result = cli("check", tmp_path / "nowhere")
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'nowhere'}:1: 找不到该文件或文件夹。\n"


def test_check_without_path_reads_courses_under_content_root(cli, tmp_path, app, monkeypatch):
    monkeypatch.setitem(app.config, "CONTENT_ROOT", str(tmp_path))
    write_course(tmp_path / "courses")
    result = cli("check")
    assert result.exit_code == 0 and result.stdout == "OK: 1 courses, 2 lessons\n"


def test_check_without_a_courses_folder_finds_nothing_to_check(cli, tmp_path, app, monkeypatch):
    monkeypatch.setitem(app.config, "CONTENT_ROOT", str(tmp_path))
    result = cli("check")
    assert result.exit_code == 0 and result.stdout == "OK: 0 courses, 0 lessons\n"


def test_sync_reports_each_course_and_a_summary(cli, tmp_path):
    write_course(tmp_path)
    result = cli("sync", tmp_path)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "created: party-rules v1", "1 created, 0 updated, 0 unchanged, 0 invalid"]
    again = cli("sync", tmp_path)
    assert again.stdout.splitlines() == [
        "unchanged: party-rules v1", "0 created, 0 updated, 1 unchanged, 0 invalid"]
    assert versions() == 1


def test_sync_dry_run_says_so_and_writes_nothing(cli, tmp_path):
    write_course(tmp_path)
    result = cli("sync", tmp_path, "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "(dry run) created: party-rules", "(dry run) 1 created, 0 updated, 0 unchanged, 0 invalid"]
    assert versions() == 0


def test_sync_with_a_broken_course_publishes_the_rest_and_exits_1(cli, tmp_path):
    write_course(tmp_path, "good")
    broken = write_course(tmp_path, "broken", files={"02-rights.md": None})
    result = cli("sync", tmp_path)
    assert result.exit_code == 1
    assert "created: good v1" in result.stdout and "invalid: broken" in result.stdout
    assert result.stderr == f"{broken / 'course.md'}:12: 找不到文件 02-rights.md。\n"
    assert versions() == 1


def test_sync_of_one_course_folder(cli, tmp_path):
    folder = write_course(tmp_path)
    result = cli("sync", folder)
    assert result.exit_code == 0 and "created: party-rules v1" in result.stdout


def test_check_reads_several_paths_together(cli, tmp_path):
    write_course(tmp_path / "ours", "course-a")
    single = write_course(tmp_path / "theirs", "course-b")
    result = cli("check", tmp_path / "ours", single)
    assert result.exit_code == 0 and result.stdout == "OK: 2 courses, 4 lessons\n"


def test_the_same_folder_named_twice_is_read_once(cli, tmp_path):
    folder = write_course(tmp_path)
    result = cli("check", tmp_path, folder)
    assert result.exit_code == 0 and result.stdout == "OK: 1 courses, 2 lessons\n"


def test_a_slug_in_two_paths_is_a_problem_in_both_and_neither_is_published(cli, tmp_path):
    first = write_course(tmp_path / "ours")
    second = write_course(tmp_path / "theirs")
    check = cli("check", tmp_path / "ours", tmp_path / "theirs")
    assert check.exit_code == 1
    assert check.stderr.splitlines() == [
        f"{first / 'course.md'}:1: 课程标识 party-rules 与 {second} 重复。",
        f"{second / 'course.md'}:1: 课程标识 party-rules 与 {first} 重复。",
    ]
    synced = cli("sync", tmp_path / "ours", tmp_path / "theirs")
    assert synced.exit_code == 1
    assert synced.stdout.splitlines() == [
        "invalid: party-rules", "invalid: party-rules",
        "0 created, 0 updated, 0 unchanged, 2 invalid"]
    assert versions() == 0
