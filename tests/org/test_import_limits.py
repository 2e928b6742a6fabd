"""What a roster may cost to read: only the header's columns are read, an .xlsx is bounded
by its unpacked size and its longest cell, hostile or broken XML is a refused file, and a
control character in a cell is a reported problem, never a 500."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook
from werkzeug.datastructures import MultiDict

from learnhub.org.importing.archive import CHUNK, MAX_XML_RUN, archive_problem
from learnhub.org.importing.parse import ReadLimits, read_table
from learnhub.org.importing.plan import ImportInvalid, plan_import
from learnhub.org.members.forms import MemberForm
from learnhub.org.models import Role
from tests.factories import PASSWORD, make_member
from tests.org.import_files import (
    HEADER,
    csv_file,
    make_import_units,
    rewrite_xlsx,
    row,
    understate_size,
    xlsx_file,
    xlsx_with_long_cell,
    xlsx_with_shared_strings,
)

TODAY = date(2026, 6, 1)
TOO_LARGE = "Excel 工作簿解压后太大"
UNREADABLE = "无法读取这个 Excel 工作簿（文件已损坏或不是 Excel 保存的）"


def _problems(filename, data):
    with pytest.raises(ImportInvalid) as caught:
        plan_import(filename, data, deactivate_missing=False, actor=None, today=TODAY)
    return [p.cli_line() for p in caught.value.problems]


def test_a_stray_cell_in_column_xfd_does_not_widen_every_row():
    make_import_units()
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for number in range(1000):
        sheet.append(row(f"E{number}"))
        sheet.cell(number + 2, 16384, "x")  # column XFD, the last Excel has
    out = io.BytesIO()
    workbook.save(out)
    tracemalloc.start()
    try:
        table = read_table("m.xlsx", out.getvalue())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(table.rows) == 1000 and table.rows[0][1]["employee_no"] == "E0"
    assert peak < 20 * 1024 * 1024  # padded to 16,384 columns it was over 100 MB


def test_a_cell_of_hundreds_of_mb_is_refused_before_it_is_unpacked():
    data = xlsx_with_long_cell(128 * 1024 * 1024)  # about 130 KB on disk
    assert len(data) < 400 * 1024
    tracemalloc.start()
    try:
        problems = _problems("m.xlsx", data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problems == ["Excel 工作簿解压后太大（129 MB，上限 50 MB），请删去不需要的工作表和列后再导入。"]
    assert peak < 20 * 1024 * 1024


def test_a_zip_directory_that_understates_a_part_is_refused():
    data = xlsx_file([row(name="张三" * 1000)])
    assert _problems("m.xlsx", understate_size(data, "xl/worksheets/sheet1.xml", 200)) == [
        UNREADABLE + "，请在 Excel/WPS 中打开后另存为 .xlsx 再导入。"]


def test_the_unpacked_size_limit_is_a_setting(app, monkeypatch):
    make_import_units()
    data = xlsx_with_long_cell(3 * 1024 * 1024)
    monkeypatch.setitem(app.config, "IMPORT_MAX_UNPACKED_MB", 2)
    assert _problems("m.xlsx", data)[0].startswith(f"{TOO_LARGE}（4 MB，上限 2 MB）")


def test_a_million_tiny_shared_strings_are_refused_before_openpyxl_builds_them():
    data = xlsx_with_shared_strings(1_000_001)  # 24 MB unpacked, under 100 KB on disk
    assert len(data) < 200 * 1024
    assert _problems("m.xlsx", data) == [
        "工作簿中的不同文字太多（超过 1000000 个），这不是一份成员名单，已拒绝。"]


def test_a_workbook_with_a_shared_string_table_is_read():
    make_import_units()
    plan = plan_import("m.xlsx", xlsx_with_shared_strings(3), deactivate_missing=False,
                       actor=None, today=TODAY)
    assert [p.row.employee_no for p in plan.new] == ["E1001"]


def test_a_cell_longer_than_excel_allows_is_refused_before_openpyxl_builds_it():
    assert _problems("m.xlsx", xlsx_with_long_cell(1024 * 1024)) == [
        "工作簿中有一个单元格或标记太长（超过 32767 个字符），这不是 Excel 或 WPS 能保存的内容，已拒绝。"]


def test_a_long_cell_in_a_read_column_is_reported_without_repeating_it(app, monkeypatch):
    make_import_units()
    assert _problems("m.xlsx", xlsx_with_long_cell(5000)) == [
        "row 2, column 姓名: 单元格内容太长（5000 个字符，最多 1000 个）。"]
    monkeypatch.setitem(app.config, "IMPORT_MAX_CELL_CHARS", 20)
    assert _problems("m.csv", csv_file([row(邮箱="a" * 30 + "@example.com")])) == [
        "row 2, column 邮箱: 单元格内容太长（42 个字符，最多 20 个）。"]


def test_a_long_cell_in_an_ignored_column_is_not_read():
    make_import_units()
    data = csv_file([[*row(), "备注" * 5000]], [*HEADER, "备注"])
    plan = plan_import("m.csv", data, deactivate_missing=False, actor=None, today=TODAY)
    assert len(plan.new) == 1


def _with_sheet_xml(change) -> bytes:
    return rewrite_xlsx(xlsx_file([row()]), {"xl/worksheets/sheet1.xml": lambda xml: [
        change(xml)]})


def test_a_dtd_is_refused_with_a_message():
    data = _with_sheet_xml(lambda xml: b'<?xml version="1.0"?><!DOCTYPE worksheet ['
                           b'<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>' + xml)
    assert _problems("m.xlsx", data) == [
        "工作簿中含有 DTD 声明（<!DOCTYPE>），这不是 Excel 或 WPS 保存的文件，已拒绝。"
        "请在 Excel/WPS 中打开后另存为 .xlsx 再导入。"]


def test_an_entity_in_a_part_the_scan_cannot_read_is_refused_by_the_xml_parser():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML  # openpyxl parses with defusedxml (entities and external refs refused)

    def utf16_with_entity(xml: bytes) -> bytes:
        return ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE worksheet ['
                '<!ENTITY a "张三">]>' + xml.decode().replace("张三", "&a;")).encode("utf-16")

    data = _with_sheet_xml(utf16_with_entity)
    assert _problems("m.xlsx", data) == [UNREADABLE + "，请在 Excel/WPS 中打开后另存为 .xlsx 再导入。"]


@pytest.mark.parametrize("change", [
    lambda xml: xml[:len(xml) // 2],  # cut off
    lambda xml: xml.replace(b"<sheetData>", b"<sheetData><row r='x'><c></row>"),
    lambda xml: b"not xml at all",
], ids=["truncated", "mismatched-tags", "not-xml"])
def test_malformed_xml_is_a_refused_file(change):
    assert _problems("m.xlsx", _with_sheet_xml(change)) == [
        UNREADABLE + "，请在 Excel/WPS 中打开后另存为 .xlsx 再导入。"]


def test_a_malformed_workbook_upload_is_a_422_page_not_a_500(login_as, post):
    login_as(make_member(roles=(Role.ADMIN,)))
    for data in (_with_sheet_xml(lambda xml: xml[:100]),
                 _with_sheet_xml(lambda xml: b"<!DOCTYPE x>" + xml)):
        response = post("/admin/members/import", {"file": (io.BytesIO(data), "m.xlsx")},
                        content_type="multipart/form-data")
        assert response.status_code == 422
        assert "没有写入任何数据" in response.get_data(as_text=True)


def test_control_characters_in_cells_are_reported_by_row_and_column():
    make_import_units()
    rows = [row("E1", name="张\0三"), row("E2", 职务="主任\x01"), row("E3", 手机="138\x7f"),
            row("E4", name="李四\n（备注）")]
    assert _problems("m.csv", csv_file(rows)) == [
        "row 2, column 姓名: 含有不允许的控制字符（U+0000），请删除后重新导入。",
        "row 3, column 职务: 含有不允许的控制字符（U+0001），请删除后重新导入。",
        "row 4, column 手机: 含有不允许的控制字符（U+007F），请删除后重新导入。",
    ]


def test_a_control_character_in_a_header_is_reported_by_column_letter():
    assert _problems("m.csv", csv_file([row()], [*HEADER, "备\0注"])) == [
        "row 1, column K: 含有不允许的控制字符（U+0000），请删除后重新导入。"]


def test_an_import_with_a_nul_is_a_422_page_on_every_database(login_as, post):
    root, *_ = make_import_units()
    login_as(make_member(root, roles=(Role.ADMIN,)))
    data = csv_file([row("E1", name="张\0三"), row("E\0"), row("+86")])
    response = post("/admin/members/import", {"file": (io.BytesIO(data), "m.csv")},
                    content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "第 2 行，“姓名”列：含有不允许的控制字符（U+0000）" in page
    assert "第 3 行，“工号”列：含有不允许的控制字符（U+0000）" in page
    assert "第 4 行，“工号”列：工号只能包含字母、数字、点、下划线和连字符" in page


@pytest.mark.parametrize("employee_no", [
    "+8613800138000", "-1", "=1", "张三", "E 1", "E/1", "x" * 65, "E1", "e.1", "E_1-2", "0012"])
def test_the_importer_and_the_member_form_share_one_rule_for_a_employee_no(app, employee_no):
    root, b1, *_ = make_import_units()
    try:
        plan_import("m.csv", csv_file([row(employee_no)]), deactivate_missing=False,
                    actor=None, today=TODAY)
        imported = None
    except ImportInvalid as invalid:
        imported = [p.text() for p in invalid.problems if p.column == "工号"] or None
    with app.test_request_context():
        form = MemberForm(formdata=MultiDict({
            "employee_no": employee_no, "name": "张三", "unit_code": b1.code,
            "political_status": "中共党员"}), meta={"csrf": False})
        form.validate()
        typed = form.employee_no.errors or None
    assert imported == (typed and [str(e) for e in typed])


def test_a_member_whose_employee_no_predates_the_rule_can_still_sign_in(client, post):
    legacy = make_member(employee_no="+86138")
    response = post("/login", {"employee_no": legacy.employee_no, "password": PASSWORD})
    assert response.status_code == 302
    assert "/login" not in response.headers["Location"]


def test_default_limits_are_the_documented_ones():
    assert ReadLimits() == ReadLimits(50 * 1024 * 1024, 1000)


@pytest.mark.parametrize("offset", [0, 500_000, CHUNK - 1000, CHUNK - MAX_XML_RUN // 2],
                         ids=["at-start", "inside-a-chunk", "across-chunks", "half-across"])
def test_the_longest_text_is_measured_exactly_wherever_the_chunks_cut_it(offset):
    def part(length: int) -> bytes:
        padding = b"<p/>" * (offset // 4)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("x.xml", padding + b"<a>" + b"x" * length + b"</a>" + padding)
        return out.getvalue()

    assert archive_problem(part(MAX_XML_RUN), 50 * 1024 * 1024) is None
    assert archive_problem(part(MAX_XML_RUN + 1), 50 * 1024 * 1024) is not None
