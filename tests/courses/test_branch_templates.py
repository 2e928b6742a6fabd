"""The branch templates (scripts/branch_templates.py): each file opens in python-docx /
openpyxl with its title and the rules it rests on, regenerating is deterministic, and the
files committed under courses/ are what the script writes now."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path

import pytest

from learnhub.authoring.media_types import ATTACHMENT_TYPES, media_type_for

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "branch_templates.py"

docx = pytest.importorskip("docx")  # a dev dependency


def _load():
    spec = importlib.util.spec_from_file_location("branch_templates", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bt = _load()


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("templates")
    return {path.name: path for path in bt.write_all(out)}


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_five_templates_in_the_two_courses(generated):
    assert sorted(generated) == sorted([
        "支委会议题单.docx", "会议记录.docx", "谈心谈话记录.docx", "对照检查材料提纲.docx",
        "民主评议党员测评表.xlsx",
    ])
    assert generated["会议记录.docx"].parent.parent.name == "grassroots-party-building"
    assert generated["谈心谈话记录.docx"].parent.parent.name == "organisational-life-meeting"
    for name in generated:
        assert media_type_for(f"files/{name}") == ATTACHMENT_TYPES[Path(name).suffix]


def test_docx_templates_open_with_title_fonts_a4_and_sources(generated):
    for spec in bt.TEMPLATES:
        path = generated[spec["file"]]
        document = docx.Document(str(path))
        assert document.paragraphs[0].text == spec["title"]
        assert document.core_properties.title == spec["title"]
        section = document.sections[0]
        assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
        xml = _entries(path.read_bytes())["word/document.xml"].decode()
        assert 'w:eastAsia="黑体"' in xml and 'w:eastAsia="宋体"' in xml
        text = _docx_text(path)
        assert "《中国共产党支部工作条例（试行）》（2018年）" in text


def test_docx_contents_follow_the_rules(generated):
    record = _docx_text(generated["会议记录.docx"])
    assert "会议类型：□ 支部党员大会　　□ 支部委员会会议　　□ 党小组会" in record
    talk = _docx_text(generated["谈心谈话记录.docx"])
    assert "每年谈心谈话一般不少于1次" in talk
    outline = _docx_text(generated["对照检查材料提纲.docx"])
    headings = ["一、学习情况和收获", "二、查摆的问题", "三、原因剖析", "四、整改措施"]
    positions = [outline.index(h) for h in headings]
    assert positions == sorted(positions)


def test_appraisal_sheet_has_header_grades_dropdown_and_prints_on_a4(generated):
    from openpyxl import load_workbook

    wb = load_workbook(generated["民主评议党员测评表.xlsx"])
    ws = wb.active
    assert ws["A1"].value == "民主评议党员测评表"
    assert wb.properties.title == "民主评议党员测评表"
    labels = [ws.cell(row=r, column=1).value for r in range(2, 5)]
    assert labels == ["支部名称", "评议时间", "参评人数"]
    headers = [c.value for c in ws[5]]
    assert headers[:3] == ["序号", "姓名", "评议等次"] and headers[3].startswith("主要理由")
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"优秀,合格,基本合格,不合格"'
    assert str(validation.sqref) == "C6:C30"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws["A1"].font.name == "黑体" and ws["B6"].font.name == "宋体"


def test_regenerating_gives_the_same_bytes(generated, tmp_path):
    again = {path.name: path for path in bt.write_all(tmp_path)}
    for name, path in generated.items():
        assert again[name].read_bytes() == path.read_bytes(), name


def test_committed_files_are_what_the_script_writes(generated):
    """Run `make templates` after changing the script, and commit the files."""
    for path in generated.values():
        committed = REPO / path.relative_to(path.parents[3])
        assert committed.is_file(), f"{committed} is missing: run `make templates`"
        assert _entries(committed.read_bytes()) == _entries(path.read_bytes()), (
            f"{committed} differs from scripts/branch_templates.py: run `make templates`")
