"""`learnhub content export-zip` and `import-zip`: the same zips from the shell."""

import pytest

from learnhub.courses.publishing.services import course_by_slug
from tests.courses.editor_support import make_zip, version_count, zip_files


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def invoke(*args):
        return runner.invoke(args=["content", *map(str, args)])

    return invoke


def test_export_writes_the_current_version(cli, tmp_path, course):
    target = tmp_path / "out.zip"
    result = cli("export-zip", course.slug, "-o", target)
    assert result.exit_code == 0 and result.stdout == f"{target}: party-rules v1\n"
    assert "party-rules/course.md" in zip_files(target.read_bytes())


def test_export_of_an_unknown_version_fails(cli, course):
    result = cli("export-zip", course.slug, "--version", "9")
    assert result.exit_code == 1 and "找不到该课程或版本" in result.stderr


def test_import_publishes_a_changed_zip_and_is_idempotent(cli, tmp_path, course):
    cli("export-zip", course.slug, "-o", tmp_path / "a.zip")
    files = zip_files((tmp_path / "a.zip").read_bytes())
    files["party-rules/02-rights.md"] += "\n补充。\n".encode()
    (tmp_path / "b.zip").write_bytes(make_zip(files))
    result = cli("import-zip", tmp_path / "b.zip")
    assert result.exit_code == 0 and result.stdout == "updated: party-rules v2\n"
    assert cli("import-zip", tmp_path / "b.zip").stdout == "unchanged: party-rules v2\n"
    assert version_count(course) == 2


def test_import_dry_run_writes_nothing(cli, tmp_path, course):
    cli("export-zip", course.slug, "-o", tmp_path / "a.zip")
    files = zip_files((tmp_path / "a.zip").read_bytes())
    renamed = {name.replace("party-rules/", "new-course/"): data for name, data in files.items()}
    (tmp_path / "b.zip").write_bytes(make_zip(renamed))
    result = cli("import-zip", tmp_path / "b.zip", "--dry-run")
    assert result.stdout == "(dry run) created: new-course\n"
    assert course_by_slug("new-course") is None


def test_import_reports_every_problem_and_exits_1(cli, tmp_path):
    (tmp_path / "bad.zip").write_bytes(make_zip({
        "c/course.md": "---\ntitle: x\nteacher: y\n---\n", "c/../../etc/x": "y"}))
    result = cli("import-zip", tmp_path / "bad.zip")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["c/../../etc/x:1: 路径不能包含 ..（不能跳出课程文件夹）。"]
    (tmp_path / "bad2.zip").write_bytes(make_zip({"c/course.md": "---\ntitle: x\nteacher: y\n---\n"}))
    result = cli("import-zip", tmp_path / "bad2.zip")
    assert result.exit_code == 1
    assert "c/course.md:3: 未知的键 teacher" in result.stderr
    assert "c/course.md:1: 缺少必填的键 summary。" in result.stderr
