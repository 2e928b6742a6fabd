"""Roster files for the member import tests, built in memory (no committed binaries)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from tests.factories import make_unit

HEADER = ["工号", "姓名", "所属组织", "政治面貌", "职务", "干部级别", "入党日期", "邮箱", "手机"]


def row(employee_no: str = "E1001", name: str = "张三", unit: str = "IMP-B1", **overrides: Any
        ) -> list[Any]:
    values = {"工号": employee_no, "姓名": name, "所属组织": unit, "政治面貌": "中共党员",
              "职务": "技术员", "干部级别": "", "入党日期": "2015-07-01",
              "邮箱": f"{employee_no.strip().lower() or 'someone'}@example.com", "手机": "13800138000"}
    values.update(overrides)
    return [values[h] for h in HEADER]


def csv_file(rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER, *,
             encoding: str = "utf-8", bom: bool = False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_file(rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for values in rows:
        sheet.append(list(values))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make_import_units():
    """IMP-ROOT with two branches (IMP-B1 has a group IMP-G1) and an inactive IMP-OLD."""
    root = make_unit(code="IMP-ROOT", name="导入测试党委")
    b1 = make_unit(root, code="IMP-B1", name="第一党支部")
    b2 = make_unit(root, code="IMP-B2", name="第二党支部")
    g1 = make_unit(b1, code="IMP-G1", name="第一党小组")
    old = make_unit(root, code="IMP-OLD", name="已撤销党支部")
    old.active = False
    return root, b1, b2, g1, old
