import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from learnhub.core.exports import (
    csv_bytes,
    iter_csv,
    iter_xlsx,
    spreadsheet_safe,
    write_xlsx,
    xlsx_bytes,
)


@pytest.mark.parametrize("text", ["=1+1", "+8613800138000", "-2", "@SUM(A1)", "\tx", "\rx",
                                  '=HYPERLINK("http://evil","点我")'])
def test_text_that_a_spreadsheet_would_run_gets_a_leading_quote(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["张三", "13800138000", "a=b", "", 42, -3, None,
                                   Decimal("-1.5")])
def test_other_values_are_kept(value):
    assert spreadsheet_safe(value) == value


def test_csv_starts_with_a_bom_and_guards_every_cell():
    data = csv_bytes(["工号", "=姓名"], [["=cmd|' /C calc'!A0", "张三"], [7, None]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["工号", "'=姓名"], ["'=cmd|' /C calc'!A0", "张三"], ["7", ""]]


def test_csv_writes_dates_and_decimals_plainly():
    data = csv_bytes(["日期", "学时"], [[date(2026, 3, 5), Decimal("1.50")]])
    assert data.decode("utf-8-sig").splitlines()[1] == "2026-03-05,1.50"


def test_csv_streams_in_chunks_for_long_files():
    chunks = list(iter_csv(["n"], ([str(i) * 20] for i in range(10_000))))
    assert len(chunks) > 1
    assert "".join(chunks).count("\r\n") == 10_001


def test_xlsx_guards_formulas_and_keeps_text_columns_as_text():
    data = xlsx_bytes(["工号", "手机"], [["=1+1", "13800138000"]], text_columns=[1])
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["A2"].value == "'=1+1"
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == "13800138000"
    assert sheet["B2"].number_format == "@"


def test_the_streamed_workbook_has_date_cells_a_frozen_header_and_safe_text():
    rows = [("0012", "=1+1", date(2026, 3, 5)), ("0013", "@SUM", None)]
    data = b"".join(iter_xlsx(["工号", "姓名", "日期"], rows, chunk_size=512))
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == ["工号", "姓名", "日期"]
    assert sheet["A2"].value == "0012" and sheet["B2"].value == "'=1+1"
    assert sheet["C2"].is_date and sheet["C2"].value.date() == date(2026, 3, 5)
    assert sheet["B3"].value == "'@SUM"


def test_iter_xlsx_sends_the_file_in_chunks():
    rows = ((f"{n:06d}", f"成员{n}", date(2026, 1, 1)) for n in range(3000))
    chunks = list(iter_xlsx(["工号", "姓名", "日期"], rows, chunk_size=4096))
    assert len(chunks) > 3 and all(len(chunk) <= 4096 for chunk in chunks)


def test_write_xlsx_can_leave_the_header_unfrozen():
    out = io.BytesIO()
    write_xlsx(out, ["a"], [(1,)], freeze_header=False)
    assert load_workbook(io.BytesIO(out.getvalue())).worksheets[0].freeze_panes is None


def test_the_report_workbook_reads_back_typed_in_openpyxl():
    """What a manager's download must be: the header bold and frozen, dates and times as
    date cells, Decimal as numbers, 工号 and phone numbers as text, formulas defused."""
    rows = [("0012", "张三", date(2026, 3, 5), datetime(2026, 3, 5, 14, 30), Decimal("1.50"),
             "=HYPERLINK(\"http://evil\",\"点我\")", "13800138000", 3)]
    chunks = iter_xlsx(["工号", "姓名", "完成日期", "提交时间", "学时", "备注", "手机", "版本"],
                       rows, sheet_title="completions", text_columns=(0, 6))
    sheet = load_workbook(io.BytesIO(b"".join(chunks))).worksheets[0]
    assert sheet.title == "completions" and sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1]) and sheet["A1"].value == "工号"
    assert sheet["A2"].value == "0012" and sheet["A2"].number_format == "@"
    assert sheet["G2"].value == "13800138000" and sheet["G2"].number_format == "@"
    assert sheet["C2"].is_date and sheet["C2"].value == datetime(2026, 3, 5)
    assert sheet["C2"].number_format == "yyyy-mm-dd"
    assert sheet["D2"].is_date and sheet["D2"].value == datetime(2026, 3, 5, 14, 30)
    assert sheet["E2"].data_type == "n" and sheet["E2"].value == 1.5
    assert sheet["F2"].data_type == "s" and sheet["F2"].value.startswith("'=HYPERLINK")
    assert sheet["H2"].value == 3


def test_write_xlsx_writes_to_an_unseekable_file():
    class Unseekable(io.RawIOBase):
        def __init__(self):
            super().__init__()
            self.data = bytearray()

        def writable(self):
            return True

        def write(self, data):
            self.data += data
            return len(data)

    out = Unseekable()
    write_xlsx(out, ["日期"], [(date(2026, 1, 2),)])
    assert load_workbook(io.BytesIO(bytes(out.data))).worksheets[0]["A2"].is_date


def test_times_with_a_zone_are_refused():
    with pytest.raises(TypeError):
        xlsx_bytes(["时间"], [(datetime(2026, 1, 2, tzinfo=UTC),)])


def test_an_empty_export_still_has_its_header():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["工号", "姓名"], []))).worksheets[0]
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [["工号", "姓名"]]


def test_a_time_found_after_the_first_rows_keeps_its_hour_as_text(monkeypatch):
    monkeypatch.setattr("learnhub.core.exports.TIMES_LOOKAHEAD", 1)
    rows = [(date(2026, 1, 2),), (datetime(2026, 1, 2, 9, 30),)]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["时间"], rows))).worksheets[0]
    assert sheet["A2"].is_date and sheet["A2"].value == datetime(2026, 1, 2)
    assert sheet["A3"].value == "2026-01-02 09:30:00"


def test_text_longer_than_a_cell_holds_is_cut_to_excels_limit():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["备注", "工号"], [("长" * 40_000, 7)],
                                                text_columns=[1]))).worksheets[0]
    assert len(sheet["A2"].value) == 32_767 and sheet["B2"].value == "7"


def test_a_header_naming_a_column_twice_is_refused():
    with pytest.raises(ValueError):
        xlsx_bytes(["姓名", "姓名"], [("a", "b")])
