import io

from openpyxl import load_workbook

from learnhub.core.timeutil import local_today
from learnhub.reports import services
from learnhub.reports.filters import ReportFilters
from tests.reports.builders import YEAR, make_org


def report(app, *args):
    return app.test_cli_runner().invoke(args=["report", *map(str, args)])


def test_the_operator_writes_every_units_rows(app, db, tmp_path):
    org = make_org()
    target = tmp_path / "credits.csv"
    result = report(app, "credits", "--year", YEAR, "--format", "csv", "-o", target)
    assert result.exit_code == 0, result.output
    text = target.read_bytes()
    assert text.startswith("\ufeff".encode())
    numbers = {line.split(",")[0] for line in text.decode("utf-8-sig").splitlines()[1:]}
    assert {"A0001", "B0001", "X0001", org.manager.employee_no} <= numbers


def test_the_file_has_the_pages_rows(app, db, tmp_path):
    org = make_org()
    target = tmp_path / "completions.xlsx"
    result = report(app, "completions", "--unit", org.root.code, "--year", YEAR,
                    "--format", "xlsx", "-o", target)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(io.BytesIO(target.read_bytes())).worksheets[0]
    written = [(row[0], row[4]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    prepared = services.prepare(None, ReportFilters(year=YEAR, unit_code=org.root.code))
    expected = [(row.employee_no, row.course_slug)
                for row in services.rows("completions", prepared, today=local_today())]
    assert written == expected and len(written) == 7


def test_an_actor_is_kept_to_their_scope(app, db, tmp_path):
    make_org()
    target = tmp_path / "mine.csv"
    result = report(app, "completions", "--actor", "M0001", "--year", YEAR, "--course",
                    "report-assigned", "--format", "csv", "-o", target)
    assert result.exit_code == 0, result.output
    lines = target.read_text(encoding="utf-8-sig").splitlines()[1:]
    assert sorted(line.split(",")[0] for line in lines) == ["A0001", "A0002", "M0001"]


def test_a_unit_outside_the_actors_scope_is_an_error(app, db, tmp_path):
    org = make_org()
    target = tmp_path / "theirs.csv"
    for unit in (org.root, org.outside):
        result = report(app, "credits", "--actor", "M0001", "--unit", unit.code,
                        "--format", "csv", "-o", target)
        assert result.exit_code == 1
        assert result.stderr.strip().count("\n") == 0 and unit.code in result.stderr
        assert not target.exists()


def test_an_unknown_course_or_actor_is_an_error(app, db, tmp_path):
    make_org()
    result = report(app, "completions", "--course", "nope", "--format", "csv", "-o",
                    tmp_path / "x.csv")
    assert result.exit_code == 1 and "nope" in result.stderr
    result = report(app, "completions", "--actor", "nobody", "--format", "csv", "-o",
                    tmp_path / "x.csv")
    assert result.exit_code == 1 and "nobody" in result.stderr
