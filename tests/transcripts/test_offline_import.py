import io
from decimal import Decimal

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from learnhub.records.models import LedgerEntry
from learnhub.transcripts.offline import importing
from learnhub.transcripts.offline.models import OfflineTraining
from tests.factories import make_member, make_unit
from tests.transcripts.offline_builders import NOW, TODAY, branch_with_manager

HEADER = "工号,培训名称,举办单位,开始日期,结束日期,学时,备注\n"


def _csv(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode("utf-8")


def _import(manager, data: bytes, name: str = "t.csv"):
    plan = importing.plan_import(manager, name, data, TODAY)
    return importing.apply_plan(manager, plan, now=NOW, today=TODAY)


def test_bad_cells_are_reported_by_row_and_column_and_nothing_is_written(db):
    _, manager, member = branch_with_manager()
    outsider = make_member(make_unit())
    data = _csv(f"{member.employee_no},好培训,党校,2026-03-01,2026-03-02,4,",
                f"{member.employee_no},坏学时,党校,2026-03-01,2026-03-02,四,",
                f"{outsider.employee_no},别人,党校,2026-03-01,2026-03-02,4,",
                f"{member.employee_no},坏日期,党校,2026-02-30,2026/3/2,4,")
    with pytest.raises(importing.TrainingImportInvalid) as invalid:
        importing.plan_import(manager, "t.csv", data, TODAY)
    lines = [p.ui_line() for p in invalid.value.problems]
    assert any(line.startswith("第 3 行") and "学时" in line for line in lines)
    assert any(line.startswith("第 4 行") and "工号" in line for line in lines)
    assert any(line.startswith("第 5 行") and "开始日期" in line for line in lines)
    assert len(lines) == 3
    assert db.session.scalar(select(OfflineTraining.id)) is None


def test_reimport_skips_rows_already_imported(db):
    _, manager, member = branch_with_manager()
    data = _csv(f"{member.employee_no},党校培训,党校,2026-03-01,2026/3/2,4.5,",
                f"{member.employee_no},网上专题班,党校,2026-03-03,2026-03-03,2,")
    first = _import(manager, data)
    assert (first.imported, first.skipped, first.hours) == (2, 0, Decimal("6.5"))
    again = _import(manager, data)
    assert (again.imported, again.skipped) == (0, 2)
    hours = db.session.scalars(select(LedgerEntry.credit_hours).where(LedgerEntry.member_id == member.id))
    assert sorted(hours) == [Decimal("2.00"), Decimal("4.50")]


def test_xlsx_with_english_headers_date_cells_and_formula_looking_title(db):
    _, manager, member = branch_with_manager()
    book = Workbook()
    sheet = book.active
    sheet.append(["Employee No", "Title", "Provider", "Start date", "End date", "Hours", "Note"])
    sheet.append([member.employee_no, "=HYPERLINK(\"x\")", "党校", "2026-03-01", None, 3.5, ""])
    from datetime import datetime
    sheet.cell(row=2, column=5).value = datetime(2026, 3, 2)
    sheet.cell(row=2, column=2).data_type = "s"
    out = io.BytesIO()
    book.save(out)
    result = _import(manager, out.getvalue(), "t.xlsx")
    assert result.imported == 1
    training = db.session.scalar(select(OfflineTraining))
    assert training.title == '=HYPERLINK("x")' and training.hours == Decimal("3.50")


def test_csv_formula_looking_title_is_stored_as_text(db):
    _, manager, member = branch_with_manager()
    _import(manager, _csv(f"{member.employee_no},=1+2,@党校,2026-03-01,2026-03-02,1,+备注"))
    training = db.session.scalar(select(OfflineTraining))
    assert (training.title, training.provider, training.note) == ("=1+2", "@党校", "+备注")


def test_the_same_row_twice_in_one_file_is_a_problem(db):
    _, manager, member = branch_with_manager()
    row = f"{member.employee_no},党校培训,党校,2026-03-01,2026-03-02,4,"
    with pytest.raises(importing.TrainingImportInvalid) as invalid:
        importing.plan_import(manager, "t.csv", _csv(row, row), TODAY)
    assert "第 2 行" in invalid.value.problems[0].ui_line()


def test_a_name_that_does_not_match_the_employee_number_is_a_problem(db):
    _, manager, member = branch_with_manager()
    header = "员工编号,学员姓名,培训项目,主办单位,起始日期,结束时间,学时数,说明,所在部门\n"
    wrong = (header + f"{member.employee_no},不是此人,党校培训,党校,2026-03-01,2026-03-02,4,,办公室\n")
    with pytest.raises(importing.TrainingImportInvalid) as invalid:
        importing.plan_import(manager, "other-platform.csv", wrong.encode("gb18030"), TODAY)
    [line] = [p.ui_line() for p in invalid.value.problems]
    assert line.startswith("第 2 行") and "学员姓名" in line and member.name in line
    spaced = " ".join(member.name)  # "张 三" as some systems write names
    right = header + f"{member.employee_no},{spaced},党校培训,党校,2026-03-01,2026-03-02,4,,办公室\n"
    assert _import(manager, right.encode("gb18030"), "other-platform.csv").imported == 1


@pytest.mark.parametrize("written", ["4", "４", "4学时", "4 学时", "4课时", "4小时", "4h", "4 hours"])
def test_hours_may_carry_their_unit(db, written):
    _, manager, member = branch_with_manager()
    _import(manager, _csv(f"{member.employee_no},党校培训,党校,2026-03-01,2026-03-02,{written},"))
    assert db.session.scalar(select(OfflineTraining.hours)) == Decimal("4.00")
