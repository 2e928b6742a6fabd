"""Honest reading times (issue 10): `content check` and `content sync` warn, without
failing, when a lesson's minutes are more than twice or less than half the estimate."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from learnhub.courses.format.reading_time import estimate, honest
from learnhub.courses.models import CourseVersion
from learnhub.extensions import db
from tests.courses.builders import RIGHTS_MD, write_course

TEXT = "党" * 1500  # five minutes of study reading


def rights(minutes: int, body: str = TEXT, extra: str = "") -> str:
    return RIGHTS_MD.replace("minutes: 1\n", f"minutes: {minutes}\n{extra}") + body + "\n"


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=["content", *map(str, args)])


def test_the_estimate_counts_han_characters_tables_and_exercises():
    assert estimate(TEXT) == 5
    assert estimate("短文。") == 1  # never below one minute
    table = "| 项目 | 内容 |\n|---|---|\n| 甲 | 乙 |\n"
    assert estimate(TEXT + "\n\n" + table) == pytest.approx(6 + 6 / 300)
    assert estimate(TEXT + "\n\n## 思考题\n\n1. 问题\n") == pytest.approx(6 + 5 / 300)
    assert estimate("```\n| a |\n|---|\n```\n" + TEXT) == 5  # code is not a table
    assert honest(5, 5) and honest(10, 5) and honest(3, 5)
    assert not honest(11, 5) and not honest(2, 5)


def test_a_lesson_over_twice_the_estimate_warns_and_check_exits_0(cli, tmp_path):
    folder = write_course(tmp_path, files={"02-rights.md": rights(11)})
    result = cli("check", folder)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{folder / '02-rights.md'}:3: 提示：minutes 为 11，按正文估计约 5 分钟（每分钟约 300 "
        "个汉字，表格、思考题另加），相差一倍以上，请核对。"]
    assert result.stdout == "OK: 1 courses, 2 lessons (1 warnings)\n"


def test_a_lesson_under_half_the_estimate_warns(cli, tmp_path):
    folder = write_course(tmp_path, files={"02-rights.md": rights(2)})
    result = cli("check", folder)
    assert result.exit_code == 0 and "minutes 为 2，按正文估计约 5 分钟" in result.stderr


def test_a_fair_lesson_does_not_warn(cli, tmp_path):
    folder = write_course(tmp_path, files={"02-rights.md": rights(6)})
    result = cli("check", folder)
    assert (result.exit_code, result.stderr) == (0, "")


def test_a_video_lesson_is_not_estimated(cli, tmp_path):
    folder = write_course(tmp_path, files={
        "media/talk.mp4": b"mp4", "02-rights.md": rights(30, extra="video: media/talk.mp4\n")})
    result = cli("check", folder)
    assert (result.exit_code, result.stderr) == (0, "")


def test_errors_still_fail_and_warnings_are_printed_with_them(cli, tmp_path):
    folder = write_course(tmp_path, files={"02-rights.md": rights(40),
                                           "images/chart.png": None})
    result = cli("check", folder)
    assert result.exit_code == 1
    assert "提示：minutes 为 40" in result.stderr and "找不到文件 images/chart.png" in result.stderr


def test_sync_publishes_despite_warnings_and_prints_them(cli, tmp_path):
    folder = write_course(tmp_path, files={"02-rights.md": rights(40)})
    result = cli("sync", folder)
    assert result.exit_code == 0
    assert "created: party-rules v1" in result.stdout
    assert "提示：minutes 为 40" in result.stderr
    assert db.session.scalar(select(func.count(CourseVersion.id))) == 1
