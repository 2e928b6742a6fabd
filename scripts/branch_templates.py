"""Write the branch templates (支委会议题单, 会议记录, 谈心谈话记录, 对照检查材料提纲,
民主评议党员测评表) that the courses attach, as .docx / .xlsx files Word and WPS open.

The text of every template is plain data below (TEMPLATES, APPRAISAL_SHEET), so a reviewer
reads it here rather than in the binary files. Regenerate with `make templates`, or

    python scripts/branch_templates.py [--out DIR]

which writes DIR/courses/<course>/files/<name> (DIR defaults to the repository). The files
carry fixed document properties and zip timestamps, so regenerating gives the same content
(and, with the same library versions, the same bytes). Fonts are named, not embedded:
宋体 for the body, 黑体 for titles and headings (both present in Windows, WPS and macOS).
"""

from __future__ import annotations

import argparse
import datetime
import io
import re
import zipfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

FIXED_DATE = datetime.datetime(2026, 12, 1, 0, 0, 0)
AUTHOR = "LearnHub"
BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"

ZHIBU = "《中国共产党支部工作条例（试行）》（2018年）"

# Each .docx template: where it goes, its title, then blocks in order:
#   ("fields", [(label, value), ...])   a two-pair-per-row table of labels and blanks;
#                                        a label ending in "*" takes the whole row
#   ("line", text)                      one line of text (e.g. tick boxes)
#   ("heading", text)                   a section heading (黑体)
#   ("hint", text)                      a writing hint under a heading (smaller, grey)
#   ("blank", n)                        n empty lines to write in
#   ("table", [headers], rows, [widths in cm], row height in cm)
#                                       a table with a header row and `rows` empty rows
#   ("signatures", [labels])            signature lines
#   ("notes", [lines])                  填写说明 and sources, at the end
TEMPLATES: list[dict[str, Any]] = [
    {
        "course": "grassroots-party-building",
        "file": "支委会议题单.docx",
        "title": "党支部委员会会议议题单",
        "blocks": [
            ("fields", [
                ("党支部名称", ""), ("会议次序", "本年度第    次"),
                ("会议时间", "    年  月  日  时"), ("会议地点", ""),
                ("主持人", ""), ("记录人", ""),
                ("应到委员", "    人"), ("实到委员", "    人"),
                ("缺席委员及原因*", ""),
                ("列席人员*", ""),
            ]),
            ("heading", "会议议题"),
            ("table", ["序号", "议题名称", "提出人", "议题性质\n（讨论决定／研究部署／通报）",
                       "会前材料", "是否须提交\n党员大会"], 5, [1.2, 4.6, 1.8, 3.4, 2.6, 2.4], 1.1),
            ("heading", "议题确定"),
            ("hint", "议题由支部委员或党员提出，书记与委员会前沟通后确定；材料会前送达委员，"
                     "让委员有准备地参会。"),
            ("fields", [
                ("书记意见*", ""),
                ("确定日期", "    年  月  日"), ("书记（签字）", ""),
            ]),
            ("notes", [
                f"1. 支部委员会会议一般每月召开1次，根据需要可以随时召开，对党支部重要工作进行"
                f"讨论、作出决定（{ZHIBU}关于支部委员会会议的规定）。",
                "2. 凡属重大问题，按照集体领导、民主集中、个别酝酿、会议决定的原则集体讨论决定，"
                "不由书记一人拍板（《中国共产党章程》（2022年修改）第十条（五），大意）。",
                "3. 须由党员大会决定的事项（如接收预备党员、预备党员转正、讨论对党员的表彰和处分"
                "意见），一般先经支部委员会讨论，再提交党员大会；发展党员的程序按《中国共产党发展"
                "党员工作细则》（2014年）办理。",
                "4. 本表为参考格式，上级党组织另有规定的，按上级规定执行。",
            ]),
        ],
    },
    {
        "course": "grassroots-party-building",
        "file": "会议记录.docx",
        "title": "党支部会议记录",
        "blocks": [
            ("line", "会议类型：□ 支部党员大会　　□ 支部委员会会议　　□ 党小组会"),
            ("fields", [
                ("党支部（党小组）", ""), ("会议主题", ""),
                ("会议时间", "    年  月  日  时"), ("会议地点", ""),
                ("主持人", ""), ("记录人", ""),
                ("应到人数", "    人"), ("实到人数", "    人"),
                ("缺席人员及原因*", ""),
                ("列席人员*", ""),
            ]),
            ("heading", "会议议程"),
            ("blank", 3),
            ("heading", "发言记录"),
            ("hint", "按发言顺序，会上由记录人如实记录发言要点，会后及时整理归档，不事后补写。"),
            ("table", ["发言人", "发言要点"], 6, [2.6, 13.4], 1.8),
            ("heading", "表决情况（有表决事项时填写）"),
            ("table", ["表决事项", "应到会有\n表决权人数", "实到会有\n表决权人数", "赞成", "反对",
                       "弃权", "结果"], 3, [4.4, 2.2, 2.2, 1.6, 1.6, 1.6, 2.4], 1.0),
            ("heading", "会议决定事项及分工"),
            ("table", ["序号", "决定事项", "责任人", "完成时限"], 4, [1.2, 9.4, 2.6, 2.8], 1.0),
            ("signatures", ["主持人（签字）", "记录人（签字）"]),
            ("notes", [
                f"1. 党员大会一般每季度召开1次；支部委员会会议一般每月召开1次；党小组会一般每月"
                f"召开1次（{ZHIBU}关于“三会一课”的规定）。",
                "2. 支部党员大会讨论接收预备党员时，有表决权的到会人数须超过应到会有表决权人数的"
                "半数；讨论两个以上的人入党时，逐个讨论和表决（《中国共产党发展党员工作细则》"
                "（2014年），大意）。",
                "3. 支部党员大会进行选举的，到会人数要求和程序按《中国共产党基层组织选举工作条例》"
                "办理。",
                "4. 本表为参考格式，上级党组织另有规定的，按上级规定执行。",
            ]),
        ],
    },
    {
        "course": "organisational-life-meeting",
        "file": "谈心谈话记录.docx",
        "title": "谈心谈话记录",
        "blocks": [
            ("fields", [
                ("谈话时间", "    年  月  日"), ("谈话地点", ""),
                ("谈话人", "（姓名、党内职务）"), ("谈话对象", "（姓名、党内职务）"),
                ("谈话主题*", ""),
            ]),
            ("line", "谈话类别：□ 支部委员之间　□ 支部委员和党员之间　□ 党员和党员之间"),
            ("line", "　　　　　□ 及时谈心谈话（遇到困难挫折、受到处分处置、有不良反映等）"),
            ("line", "　　　　　□ 组织生活会前谈心谈话"),
            ("heading", "一、谈话主要内容"),
            ("blank", 4),
            ("heading", "二、谈话对象的思想状况和意见建议"),
            ("hint", "包括对党支部、支部委员和谈话人本人提出的意见。"),
            ("blank", 3),
            ("heading", "三、谈话人的意见和帮助提高的建议"),
            ("blank", 3),
            ("heading", "四、需要党组织帮助解决的问题及跟进情况"),
            ("blank", 3),
            ("signatures", ["谈话人（签字）", "谈话对象（签字）"]),
            ("notes", [
                f"1. 原文：“党支部应当经常开展谈心谈话。党支部委员之间、党支部委员和党员之间、"
                f"党员和党员之间，每年谈心谈话一般不少于1次。”（{ZHIBU}第十九条）",
                "2. 谈心谈话贵在坦诚：交流思想、交换意见、帮助提高；对遇到困难挫折、受到处分处置"
                f"或者有不良反映的党员，及时谈心谈话（{ZHIBU}第十九条，大意）。",
                f"3. 召开组织生活会前，应当认真学习、谈心谈话、听取意见（{ZHIBU}第十七条）。",
                "4. 记录由谈话人填写，双方核对后签字，交党支部存档；涉及个人隐私的内容妥善保管。",
            ]),
        ],
    },
    {
        "course": "organisational-life-meeting",
        "file": "对照检查材料提纲.docx",
        "title": "组织生活会对照检查材料（提纲）",
        "blocks": [
            ("fields", [
                ("姓名", ""), ("所在党支部", ""),
                ("党内职务", "（无则不填）"), ("日期", "    年  月  日"),
                ("组织生活会主题*", ""),
            ]),
            ("hint", "对照检查材料由党员本人撰写，对照党章规定的党员标准、对照入党誓词，围绕本次"
                     "组织生活会主题和上级党组织通知提出的检视方面，联系思想和工作实际；问题要"
                     "具体，有事例，不以工作总结代替对照检查。"),
            ("heading", "一、学习情况和收获"),
            ("hint", "会前围绕主题学了哪些内容（篇目、方式、时间），联系思想和工作谈体会，"
                     "不写成学习笔记的摘抄。"),
            ("blank", 4),
            ("heading", "二、查摆的问题"),
            ("hint", "按上级党组织通知列出的方面逐条列出问题，每条写清具体表现和事例；会前征求到的"
                     "意见、谈心谈话中同志们指出的问题如实列入；上次组织生活会整改事项的落实情况"
                     "一并说明。"),
            ("blank", 6),
            ("heading", "三、原因剖析"),
            ("hint", "从理想信念、党性修养、宗旨意识、纪律规矩等方面查找思想根源，"
                     "不以客观原因代替主观原因。"),
            ("blank", 4),
            ("heading", "四、整改措施"),
            ("hint", "针对查摆的问题逐条提出措施，写明完成时限，做到可检查、可落实。"),
            ("table", ["序号", "问题", "整改措施", "完成时限"], 4, [1.2, 5.8, 6.2, 2.8], 1.6),
            ("signatures", ["本人（签字）"]),
            ("notes", [
                f"1. 原文：“组织生活会应当确定主题，会前认真学习，谈心谈话，听取意见；会上查摆"
                f"问题，开展批评和自我批评，明确整改方向；会后制定整改措施，逐一整改落实。”"
                f"（{ZHIBU}第十七条）",
                "2. 提纲的四个部分（学习情况、查摆问题、原因剖析、整改措施）对应上述会前、会上、"
                "会后的要求；当年检视的具体方面以上级党组织的通知为准。",
                "3. 民主评议党员可以结合组织生活会一并进行，党员对照合格党员标准、对照入党誓词，"
                f"联系个人实际进行党性分析（{ZHIBU}关于民主评议党员的规定）。",
            ]),
        ],
    },
]

GRADES = ["优秀", "合格", "基本合格", "不合格"]

APPRAISAL_SHEET: dict[str, Any] = {
    "course": "organisational-life-meeting",
    "file": "民主评议党员测评表.xlsx",
    "sheet": "民主测评",
    "title": "民主评议党员测评表",
    "header": [("支部名称", ""), ("评议时间", "    年  月  日"), ("参评人数", "    人")],
    "columns": [
        # (header, width in characters)
        ("序号", 6),
        ("姓名", 12),
        ("评议等次", 12),
        ("主要理由（评为“基本合格”“不合格”的请写明）", 48),
        ("备注", 12),
    ],
    "rows": 25,
    "notes": [
        "填写说明：",
        "1. “评议等次”从下拉列表中选择：" + "、".join(GRADES) + "。党员人数多于表格行数的，"
        "插入行后把下拉列表复制到新行。",
        f"2. 民主评议党员一般每年开展1次，按照个人自评、党员互评、民主测评的程序进行；党支部"
        f"委员会会议或者党员大会根据评议情况和党员日常表现情况，提出评定意见（{ZHIBU}"
        f"关于民主评议党员的规定）。本表的测评结果是提出评定意见的依据之一，不等同于评定结果。",
        "3. 评定等次分为优秀、合格、基本合格、不合格，具体要求以上级党组织的部署为准。",
    ],
}


# --- .docx -----------------------------------------------------------------------------

def _set_run_font(run: Any, east_asia: str, size_pt: float | None = None,
                  bold: bool = False, grey: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = LATIN_FONT
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), east_asia)
    if size_pt:
        run.font.size = Pt(size_pt)
    run.font.bold = bold
    if grey:
        run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)


def _para(container: Any, text: str, *, font: str = BODY_FONT, size: float = 12,
          bold: bool = False, grey: bool = False, align: str | None = None,
          space_before: float = 0, space_after: float = 0,
          keep_with_next: bool = False) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = container.add_paragraph()
    if align == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(space_before)
    p.paragraph_format.space_after = Pt(space_after)
    if keep_with_next:
        p.paragraph_format.keep_with_next = True
    if text:
        _set_run_font(p.add_run(text), font, size, bold, grey)
    return p


def _cell_text(cell: Any, text: str, *, bold: bool = False, center: bool = False) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        _set_run_font(p.add_run(text), HEADING_FONT if bold else BODY_FONT, 11, False)


def _fields(doc: Any, pairs: list[tuple[str, str]]) -> None:
    from docx.shared import Cm

    rows: list[list[tuple[str, str]]] = []
    pending: list[tuple[str, str]] = []
    for label, value in pairs:
        if label.endswith("*"):
            if pending:
                rows.append(pending)
                pending = []
            rows.append([(label[:-1], value)])
        else:
            pending.append((label, value))
            if len(pending) == 2:
                rows.append(pending)
                pending = []
    if pending:
        rows.append(pending)
    table = doc.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    widths = [Cm(3.4), Cm(4.6), Cm(3.4), Cm(4.6)]  # 16 cm: A4 less 2.5 cm margins
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for r, row in enumerate(rows):
        cells = table.rows[r].cells
        table.rows[r].height = Cm(0.9)
        for c, width in enumerate(widths):
            cells[c].width = width
        if len(row) == 1:
            merged = cells[1].merge(cells[3])
            _cell_text(cells[0], row[0][0], bold=True, center=True)
            _cell_text(merged, row[0][1])
        else:
            for i, (label, value) in enumerate(row):
                _cell_text(cells[2 * i], label, bold=True, center=True)
                _cell_text(cells[2 * i + 1], value)
    table.autofit = False


def _keep_rows_whole(table: Any) -> None:
    """Rows never split across pages; the header row repeats on each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for i, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        # schema order: cantSplit, trHeight, tblHeader
        height = tr_pr.find(qn("w:trHeight"))
        if height is None:
            height = OxmlElement("w:trHeight")
            tr_pr.append(height)
        height.addprevious(OxmlElement("w:cantSplit"))
        if i == 0:
            height.addnext(OxmlElement("w:tblHeader"))


def _table(doc: Any, headers: list[str], rows: int, widths: list[float],
           height: float) -> None:
    from docx.shared import Cm

    assert len(widths) == len(headers), headers
    table = doc.add_table(rows=rows + 1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # the grid, which LibreOffice and WPS follow
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)  # each cell, which Word follows
    for c, header in enumerate(headers):
        _cell_text(table.rows[0].cells[c], header, bold=True, center=True)
    table.rows[0].height = Cm(0.9)
    for r in range(1, rows + 1):
        table.rows[r].height = Cm(height)
        if headers[0] == "序号":
            _cell_text(table.rows[r].cells[0], str(r), center=True)
    _keep_rows_whole(table)


def build_docx(spec: dict[str, Any]) -> bytes:
    import docx
    from docx.shared import Cm

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.54)
    section.left_margin = section.right_margin = Cm(2.5)

    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    from docx.oxml.ns import qn
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    props = doc.core_properties
    props.title = spec["title"]
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.created = FIXED_DATE
    props.modified = FIXED_DATE
    props.revision = 1
    props.comments = "由 scripts/branch_templates.py 生成"

    _para(doc, spec["title"], font=HEADING_FONT, size=18, align="center", space_after=12)
    for block in spec["blocks"]:
        kind = block[0]
        if kind == "fields":
            _fields(doc, block[1])
        elif kind == "line":
            _para(doc, block[1], space_before=4, space_after=2)
        elif kind == "heading":
            _para(doc, "")
            _para(doc, block[1], font=HEADING_FONT, size=14, space_after=4, keep_with_next=True)
        elif kind == "hint":
            _para(doc, block[1], size=10.5, grey=True, space_before=4, space_after=4,
                  keep_with_next=True)
        elif kind == "blank":
            for _ in range(block[1]):
                _para(doc, "", space_after=6)
        elif kind == "table":
            _table(doc, block[1], block[2], block[3], block[4])
        elif kind == "signatures":
            _para(doc, "", keep_with_next=True)
            _para(doc, "　　　　".join(f"{label}：__________" for label in block[1]),
                  keep_with_next=True)
            _para(doc, "日期：    年  月  日")
        elif kind == "notes":
            _para(doc, "")
            _para(doc, "填写说明和依据", font=HEADING_FONT, size=10.5, space_after=2,
                  keep_with_next=True)
            for line in block[1]:
                _para(doc, line, size=10.5, space_after=2)
        else:  # pragma: no cover - a typo in the data above
            raise ValueError(f"unknown block {kind!r}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- .xlsx -----------------------------------------------------------------------------

def build_xlsx(spec: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = spec["sheet"]
    wb.properties.title = spec["title"]
    wb.properties.creator = AUTHOR
    wb.properties.lastModifiedBy = AUTHOR
    wb.properties.created = FIXED_DATE
    wb.properties.modified = FIXED_DATE

    columns = spec["columns"]
    last = get_column_letter(len(columns))
    body = Font(name=BODY_FONT, size=11)
    bold = Font(name=HEADING_FONT, size=11)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    for i, (_header, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width

    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = spec["title"]
    ws["A1"].font = Font(name=HEADING_FONT, size=16)
    ws["A1"].alignment = centre
    ws.row_dimensions[1].height = 32

    row = 2
    for label, value in spec["header"]:
        ws.cell(row=row, column=1, value=label).font = bold
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        ws.cell(row=row, column=3, value=value or None).font = body
        ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=len(columns))
        for col in range(3, len(columns) + 1):  # a line to write on
            ws.cell(row=row, column=col).border = Border(bottom=thin)
        ws.row_dimensions[row].height = 22
        row += 1

    header_row = row
    for i, (header, _width) in enumerate(columns, start=1):
        cell = ws.cell(row=header_row, column=i, value=header)
        cell.font, cell.alignment, cell.border = bold, centre, box
    ws.row_dimensions[header_row].height = 30

    first = header_row + 1
    for n in range(1, spec["rows"] + 1):
        r = header_row + n
        for i in range(1, len(columns) + 1):
            cell = ws.cell(row=r, column=i)
            cell.font, cell.border = body, box
            cell.alignment = centre if i <= 3 else wrap
        ws.cell(row=r, column=1, value=n)
        ws.row_dimensions[r].height = 21
    last_row = header_row + spec["rows"]

    grade_col = get_column_letter(next(i for i, (h, _w) in enumerate(columns, start=1)
                                       if h == "评议等次"))
    dv = DataValidation(type="list", formula1='"' + ",".join(GRADES) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="评议等次",
                        error="请从下拉列表中选择：" + "、".join(GRADES),
                        showInputMessage=True, promptTitle="评议等次",
                        prompt="、".join(GRADES))
    dv.add(f"{grade_col}{first}:{grade_col}{last_row}")
    ws.add_data_validation(dv)

    row = last_row + 2
    for note in spec["notes"]:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(columns))
        cell = ws.cell(row=row, column=1, value=note)
        cell.font = Font(name=BODY_FONT, size=10)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 15 if len(note) < 45 else 15 * (len(note) // 45 + 1)
        row += 1

    ws.freeze_panes = f"A{first}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_area = f"A1:{last}{row - 1}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.75

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- fixed bytes -----------------------------------------------------------------------

_STAMP = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ")


def normalise(data: bytes) -> bytes:
    """The same package with fixed zip timestamps and fixed created/modified dates (the
    libraries stamp the current time on both)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = blob.decode("utf-8")
                text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                              rf"\g<1>{_STAMP}\g<2>", text)
                blob = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, blob)
    return out.getvalue()


def outputs() -> list[tuple[str, str, bytes]]:
    """(course, file name, bytes) for every template."""
    files = [(spec["course"], spec["file"], normalise(build_docx(spec))) for spec in TEMPLATES]
    files.append((APPRAISAL_SHEET["course"], APPRAISAL_SHEET["file"],
                  normalise(build_xlsx(APPRAISAL_SHEET))))
    return files


def write_all(root: Path) -> list[Path]:
    written = []
    for course, name, data in outputs():
        path = root / "courses" / course / "files" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO,
                        help="folder that holds courses/ (default: the repository)")
    args = parser.parse_args(argv)
    for path in write_all(args.out):
        print(path)


if __name__ == "__main__":
    main()
