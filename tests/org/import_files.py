"""Roster files for the member import tests, built in memory (no committed binaries)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from openpyxl import Workbook

from tests.factories import make_unit

HEADER = ["工号", "姓名", "所属组织", "政治面貌", "职务", "干部级别", "党内职务", "入党日期", "邮箱",
          "手机"]


def row(employee_no: str = "E1001", name: str = "张三", unit: str = "IMP-B1", **overrides: Any
        ) -> list[Any]:
    values = {"工号": employee_no, "姓名": name, "所属组织": unit, "政治面貌": "中共党员",
              "职务": "技术员", "干部级别": "", "党内职务": "", "入党日期": "2015-07-01",
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


def rewrite_xlsx(data: bytes, parts: dict[str, Callable[[bytes], Iterable[bytes]]]) -> bytes:
    """The workbook `data` with some parts rewritten: each function gets the part's XML
    and returns the new content in chunks (so a part of hundreds of MB is never whole)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename not in parts:
                target.writestr(info.filename, content)
                continue
            with target.open(info.filename, "w", force_zip64=True) as part:
                for chunk in parts[info.filename](content):
                    part.write(chunk)
    return out.getvalue()


def xlsx_with_long_cell(length: int, placeholder: str = "PLACEHOLDER") -> bytes:
    """A one-member roster whose 姓名 is `length` times "A" (an inline string)."""
    def grow(xml: bytes) -> Iterator[bytes]:
        before, after = xml.split(placeholder.encode())
        yield before
        block = b"A" * (1024 * 1024)
        for start in range(0, length, len(block)):
            yield block[:min(len(block), length - start)]
        yield after

    return rewrite_xlsx(xlsx_file([row(name=placeholder)]), {"xl/worksheets/sheet1.xml": grow})


def understate_size(data: bytes, part: str, size: int) -> bytes:
    """The zip `data` with the central directory claiming `part` unpacks to `size` bytes."""
    patched = bytearray(data)
    entry = zipfile.ZipFile(io.BytesIO(data)).start_dir  # the first central directory entry
    while patched[entry:entry + 4] == b"PK\x01\x02":
        name_length = int.from_bytes(patched[entry + 28:entry + 30], "little")
        extra_length = int.from_bytes(patched[entry + 30:entry + 32], "little")
        comment_length = int.from_bytes(patched[entry + 32:entry + 34], "little")
        if patched[entry + 46:entry + 46 + name_length] == part.encode():
            patched[entry + 24:entry + 28] = size.to_bytes(4, "little")
            return bytes(patched)
        entry += 46 + name_length + extra_length + comment_length
    raise KeyError(part)


def xlsx_with_shared_strings(count: int) -> bytes:
    """A one-member roster that also carries a shared string table of `count` items."""
    def table(_xml: bytes) -> Iterator[bytes]:
        yield b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        item = b"<si><t>s0000000</t></si>"
        for start in range(0, count, 10_000):
            yield item * min(10_000, count - start)
        yield b"</sst>"

    relation = (b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.'
                b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>')
    override = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    data = rewrite_xlsx(xlsx_file([row()]), {
        "xl/_rels/workbook.xml.rels": lambda xml: [
            xml.replace(b"</Relationships>", relation + b"</Relationships>")],
        "[Content_Types].xml": lambda xml: [xml.replace(b"</Types>", override + b"</Types>")],
    })
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive, \
            archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
        for chunk in table(b""):
            part.write(chunk)
    return out.getvalue()
