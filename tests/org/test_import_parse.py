"""Reading roster files: encodings, XLSX cells, headers and every-bad-cell reports."""

from datetime import date, datetime

import pytest

from learnhub.org.importing.parse import cell_date, read_table
from learnhub.org.importing.plan import ImportInvalid, plan_import
from tests.org.import_files import HEADER, csv_file, make_import_units, row, xlsx_file

TODAY = date(2026, 6, 1)


def _plan(filename, data, **kwargs):
    kwargs.setdefault("deactivate_missing", False)
    return plan_import(filename, data, actor=None, today=TODAY, **kwargs)


def _problems(filename, data):
    with pytest.raises(ImportInvalid) as caught:
        _plan(filename, data)
    return [p.cli_line() for p in caught.value.problems]


@pytest.mark.parametrize("bom", [False, True])
def test_utf8_csv_is_read_with_or_without_bom(bom):
    make_import_units()
    plan = _plan("m.csv", csv_file([row(name="张三")], bom=bom))
    assert [(p.row.employee_no, p.row.name) for p in plan.new] == [("E1001", "张三")]


def test_gb18030_csv_as_excel_saves_it_on_chinese_windows_is_read():
    make_import_units()
    data = csv_file([row(name="欧阳䶮", 职务="车间主任")], encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    plan = _plan("花名册.csv", data)
    assert plan.new[0].row.name == "欧阳䶮"
    assert plan.new[0].row.position == "车间主任"
    assert read_table("花名册.csv", data).encoding == "gb18030"


@pytest.mark.parametrize("bom", [b"\xef\xbb\xbf", "\ufeff".encode("gb18030")],
                         ids=["utf8-bom", "gb18030-bom"])
def test_gb18030_csv_with_a_bom_crlf_and_trailing_empty_columns_is_read(bom):
    make_import_units()
    lines = [",".join(HEADER), ",".join(row(name="欧阳䶮"))]
    data = bom + "".join(line + ",,,\r\n" for line in lines).encode("gb18030")
    plan = _plan("花名册.csv", data)
    assert [(p.row.employee_no, p.row.name) for p in plan.new] == [("E1001", "欧阳䶮")]
    assert read_table("花名册.csv", data).encoding == "gb18030"


def test_xlsx_with_date_cells_and_numeric_phone_and_employee_no():
    make_import_units()
    values = row(入党日期=datetime(2020, 7, 1), 手机=13800138000.0)
    values[0] = 20231001  # a 工号 that Excel stored as a number
    plan = _plan("m.xlsx", xlsx_file([values]))
    new = plan.new[0].row
    assert new.employee_no == "20231001"
    assert new.joined_party_on == date(2020, 7, 1)
    assert new.phone == "13800138000"


def test_xlsx_reads_the_first_sheet_and_skips_empty_trailing_rows():
    from io import BytesIO

    from openpyxl import Workbook

    make_import_units()
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    values = row(入党日期=date(2015, 7, 1), 手机=13800138000)
    values[0] = 10023.0  # Excel keeps every number as a float
    sheet.append(values)
    for number in range(3, 8):  # formatted but empty rows, as Excel leaves them
        sheet.cell(number, 1).number_format = "@"
        sheet.cell(number, 1).value = None
    notes = workbook.create_sheet("填写说明")
    notes.append(["工号", "姓名"])
    notes.append(["这一页不是名单", "不要导入"])
    out = BytesIO()
    workbook.save(out)
    plan = _plan("花名册.xlsx", out.getvalue())
    assert [(p.row.employee_no, p.row.phone, p.row.joined_party_on) for p in plan.new] == [
        ("10023", "13800138000", date(2015, 7, 1))]


def test_csv_phone_written_as_float_text_comes_back_as_digits():
    make_import_units()
    plan = _plan("m.csv", csv_file([row(手机="13800138000.0")]))
    assert plan.new[0].row.phone == "13800138000"


@pytest.mark.parametrize("text", ["2020-07-01", "2020/7/1", "2020年7月1日", "2020.7.1",
                                  "20200701", "2020-07-01 00:00:00", " 2020 年 7 月 1 日 "])
def test_dates_in_the_formats_people_type(text):
    assert cell_date(text) == date(2020, 7, 1)


@pytest.mark.parametrize("text", ["2020-02-30", "七月一日", "44013", "2020-7"])
def test_non_dates_are_refused(text):
    with pytest.raises(ValueError):
        cell_date(text)


def test_headers_with_spaces_and_aliases_are_accepted():
    make_import_units()
    header = [" 员工编号 ", "姓  名", "组织编码", "政治面貌", "职务", "入党时间", "电子邮箱",
              "手机号码", "序号"]
    values = ["E7", "李四", "IMP-B1", "预备党员", "科员", "2025/3/1", "", "", "1"]
    plan = _plan("m.csv", csv_file([values], header))
    new = plan.new[0].row
    assert (new.employee_no, new.name, new.political_status) == ("E7", "李四", "中共预备党员")
    assert plan.ignored_headers == ["序号"]
    assert "cadre_level" not in plan.fields


def test_a_title_row_above_the_header_is_skipped_and_rows_keep_their_numbers():
    make_import_units()
    data = ("示例公司党员花名册\r\n" + ",".join(HEADER) + "\r\n"
            + ",".join(str(v) for v in row(所属组织="NOPE")) + "\r\n").encode()
    assert _problems("m.csv", data) == ["row 3, column 所属组织: 组织编码 NOPE 不存在。"]


@pytest.mark.parametrize("status,stored", [
    ("中共党员", "中共党员"), ("中国共产党党员", "中共党员"), ("共青团员", "共青团员"),
    ("群众", "群众"), ("民革党员", "民革党员"), ("民革会员", "民革党员"),
    ("九三学社社员", "九三学社社员"), ("中国致公党党员", "致公党党员"),
    ("无党派人士", "无党派民主人士"), ("无党派民主人士", "无党派民主人士"),
])
def test_political_status_values_and_parties(status, stored):
    make_import_units()
    plan = _plan("m.csv", csv_file([row(政治面貌=status)]))
    assert plan.new[0].row.political_status == stored


def test_every_bad_cell_is_reported_in_one_pass():
    make_import_units()
    rows = [
        row("E1", 所属组织="XYZ", 邮箱="not-an-email"),
        row("", name="", 政治面貌="党外人士"),
        row("E3", 所属组织="IMP-OLD", 入党日期="2020-13-01", 手机="1.38001E+10"),
        row("E1", 职务="很" * 101),
        row("E5", 所属组织="", 入党日期="2030-01-01", 手机="138-0013-8000 转 8"),
    ]
    assert _problems("m.csv", csv_file(rows)) == [
        "row 2, column 所属组织: 组织编码 XYZ 不存在。",
        "row 2, column 邮箱: “not-an-email”不是有效的邮箱地址。",
        "row 3, column 工号: 不能为空。",
        "row 3, column 姓名: 不能为空。",
        "row 3, column 政治面貌: 无法识别“党外人士”，可填：中共党员、中共预备党员、共青团员、"
        "民革党员、民盟盟员、民建会员、民进会员、农工党党员、致公党党员、九三学社社员、台盟盟员、"
        "无党派民主人士、群众。",
        "row 4, column 所属组织: 组织 IMP-OLD（已撤销党支部）已停用。",
        "row 4, column 入党日期: “2020-13-01”不是有效日期，请写成 2020-07-01、2020/7/1 或 "
        "2020年7月1日。",
        "row 4, column 手机: 1.38001E+10 是被 Excel 转成科学计数法的数字，原来的位数已丢失；"
        "请把该列设为“文本”格式后重新填写。",
        "row 5, column 工号: 工号 E1 与第 2 行重复。",
        "row 5, column 职务: 内容太长（最多 100 个字符，现有 101 个）。",
        "row 6, column 所属组织: 不能为空。",
        "row 6, column 入党日期: 入党日期 2030-01-01 晚于今天。",
        "row 6, column 手机: “138-0013-8000 转 8”不是有效的电话号码（只能包含数字、空格和 + - ( )）。",
    ]


def test_problems_name_the_column_as_the_file_writes_it():
    make_import_units()
    header = ["员工编号", *HEADER[1:]]
    assert _problems("m.csv", csv_file([row(" ")], header)) == ["row 2, column 员工编号: 不能为空。"]


def test_missing_and_repeated_columns_are_reported_together():
    header = ["工号", "工号", "所属组织", "政治面貌", "职务", "邮箱", "手机"]
    assert _problems("m.csv", csv_file([], header)) == [
        "row 1, column 工号: 与“工号”列重复。",
        "row 1, column 姓名: 缺少必需的列。",
    ]


@pytest.mark.parametrize("filename,data,message", [
    ("m.csv", b"", "文件是空的，没有表头行。"),
    ("m.xls", b"\xd0\xcf\x11\xe0rest", "不支持旧版 .xls 文件（或加密的表格），请在 Excel/WPS 中另存为 .xlsx 或 CSV。"),
    ("m.xlsx", "工号,姓名".encode(), "文件扩展名是 .xlsx，但内容不是 Excel 工作簿。"),
    ("m.pdf", b"%PDF-1.4", "只支持 .csv 和 .xlsx 文件。"),
    ("m.csv", b"\x81\x30", "无法识别文件编码，请另存为 UTF-8 或 GB18030 编码的 CSV。"),
])
def test_unreadable_files_get_one_plain_message(filename, data, message):
    assert _problems(filename, data) == [message]


def test_an_xlsx_saved_with_a_csv_name_is_still_read_as_a_workbook_when_named_xlsx_only():
    make_import_units()
    data = xlsx_file([row()])
    assert _problems("m.csv", data) == ["文件内容是 Excel 工作簿，但扩展名是 .csv，请改为 .xlsx。"]
    assert len(_plan("m.xlsx", data).new) == 1


def test_ui_line_is_chinese_with_row_and_column():
    make_import_units()
    with pytest.raises(ImportInvalid) as caught:
        _plan("m.csv", csv_file([row(所属组织="XYZ")]))
    assert caught.value.problems[0].ui_line() == "第 2 行，“所属组织”列：组织编码 XYZ 不存在。"


def test_excel_unicode_text_utf16_tab_separated_is_read():
    make_import_units()
    lines = ["\t".join(HEADER), "\t".join(str(v) for v in row("E1", "张三"))]
    data = "\r\n".join(lines).encode("utf-16")  # with BOM, as Excel writes it
    plan = _plan("m.txt", data)
    assert [(p.row.employee_no, p.row.name) for p in plan.new] == [("E1", "张三")]
