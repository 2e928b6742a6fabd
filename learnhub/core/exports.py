"""Files people open in Excel or WPS: CSV (UTF-8 with BOM) and XLSX, formula-safe.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a
formula by spreadsheet programs (CSV injection), so every text cell written here goes
through `spreadsheet_safe`, which puts a single quote in front of such text.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import IO, Any, BinaryIO
from xml.sax.saxutils import escape

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = "\ufeff"
DATE_FORMAT = "yyyy-mm-dd"
_FORMULA_FIRST = frozenset(FORMULA_PREFIXES)  # each prefix is one character


def spreadsheet_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading `'`; the rest is kept."""
    if type(value) is str and value[:1] in _FORMULA_FIRST:  # noqa: E721 (exact type: fast)
        return "'" + value
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):  # a str subclass
        return "'" + value
    return value


def _csv_cell(value: Any) -> Any:
    """A cell as the csv module writes it: text made safe, numbers as they are (the
    common cases first: this runs for every cell of a large export)."""
    kind = type(value)
    if kind is str:
        return "'" + value if value[:1] in _FORMULA_FIRST else value
    if value is None:
        return ""
    if kind is int:
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(spreadsheet_safe(value if isinstance(value, str) else str(value)))


def iter_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV text chunk by chunk (BOM first, CRLF lines), for a streamed response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(UTF8_BOM)
    writer.writerow([_csv_cell(h) for h in header])
    first = _FORMULA_FIRST
    for row in rows:
        # Text inline (the common case, no call per cell), anything else through _csv_cell.
        writer.writerow([("'" + v if v[:1] in first else v) if type(v) is str else _csv_cell(v)
                         for v in row])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    return "".join(iter_csv(header, rows)).encode("utf-8")


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], *,
               sheet_title: str = "Sheet1", text_columns: Sequence[int] = ()) -> bytes:
    """An XLSX workbook with one sheet. `text_columns` (0-based) are formatted as text
    (`@`), whole column, so Excel keeps leading zeros and long digit strings such as
    phone numbers, also in rows the user types in later."""
    out = io.BytesIO()
    write_xlsx(out, header, rows, sheet_title=sheet_title, text_columns=text_columns,
               freeze_header=False)
    return out.getvalue()


def write_xlsx(out: BinaryIO | IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Any]],
               *, sheet_title: str = "Sheet1", text_columns: Sequence[int] = (),
               freeze_header: bool = True) -> None:
    """Write the workbook to `out` (seekable or not) as the rows come."""
    for _ in _xlsx_steps(out, header, rows, sheet_title=sheet_title,
                         text_columns=text_columns, freeze_header=freeze_header):
        pass


def iter_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], *,
              sheet_title: str = "Sheet1", text_columns: Sequence[int] = (),
              chunk_size: int = 64 * 1024) -> Iterator[bytes]:
    """The XLSX file chunk by chunk, for a streamed response: the zip is written to a
    buffer that is emptied into the response as it fills, so neither the rows nor the
    file are ever held whole."""
    buffer = _Drain()
    for _ in _xlsx_steps(buffer, header, rows, sheet_title=sheet_title,
                         text_columns=text_columns, freeze_header=True):
        if buffer.size >= chunk_size:
            yield from buffer.take(chunk_size)
    yield from buffer.take(chunk_size, everything=True)


class _Drain(io.RawIOBase):
    """A write-only, unseekable file whose content is taken away as it is sent."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def take(self, chunk_size: int, *, everything: bool = False) -> Iterator[bytes]:
        data = b"".join(self.parts)
        self.parts, self.size = [], 0
        cut = len(data) if everything else len(data) - len(data) % chunk_size
        for start in range(0, cut, chunk_size):
            yield data[start:start + chunk_size]
        if cut < len(data):
            self.parts, self.size = [data[cut:]], len(data) - cut


# The workbook is written by hand (a sheet of inline strings, one style sheet), not with
# openpyxl: its write-only mode builds a cell object per value, about ten times slower.
_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '</Types>'),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>'),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        '</Relationships>'),
    # Cell styles: 0 plain, 1 bold (header), 2 date, 3 date and time, 4 text (@).
    "xl/styles.xml": (
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<numFmts count="2"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/>'
        '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '</styleSheet>'),
}
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = date(1899, 12, 30)  # day 0 of a spreadsheet's date serials (1900 system)


def _text(value: str) -> str:
    if _NOT_IN_XML.search(value):
        value = _NOT_IN_XML.sub("", value)
    return escape(value)


def _cell(ref: str, value: Any, text: bool) -> str:
    """One `<c>`: text inline (made safe), numbers, dates as serials with a date style."""
    kind = type(value)
    if text or kind is str:
        body = _text(str(spreadsheet_safe(value if kind is str else str(value))))
        style = ' s="4"' if text else ""
        return f'<c r="{ref}" t="inlineStr"{style}><is><t xml:space="preserve">{body}</t></is></c>'
    if kind is int or kind is float:
        return f'<c r="{ref}"><v>{value}</v></c>'
    if kind is Decimal:
        return f'<c r="{ref}"><v>{value:f}</v></c>'
    if kind is bool:
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise TypeError("XLSX has no time zones: pass local, naive times")
        serial = (value - datetime(1899, 12, 30)) / timedelta(days=1)
        return f'<c r="{ref}" s="3"><v>{serial}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}" s="2"><v>{(value - _EPOCH).days}</v></c>'
    return _cell(ref, str(value), False)


def _xlsx_steps(out: BinaryIO | IO[bytes] | _Drain, header: Sequence[str],
                rows: Iterable[Sequence[Any]], *, sheet_title: str,
                text_columns: Sequence[int], freeze_header: bool,
                rows_per_step: int = 500) -> Iterator[None]:
    """Write the workbook; pause (yield) every `rows_per_step` rows so a caller can send
    what was written so far."""
    as_text = frozenset(text_columns)
    width = len(header)
    letters = [_column_letter(index) for index in range(max(width, 1) + 64)]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, xml in _XLSX_PARTS.items():
            archive.writestr(name, _XML_HEAD + xml)
        archive.writestr("xl/workbook.xml", _XML_HEAD + (
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{escape(sheet_title[:31], {chr(34): "&quot;"})}" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>'))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            pane = ('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
                    if freeze_header else "")
            cols = "".join(f'<col min="{i + 1}" max="{i + 1}" width="16" customWidth="1"'
                           + (' style="4"' if i in as_text else "") + "/>" for i in range(width))
            heading = "".join(
                f'<c r="{letters[i]}1" t="inlineStr" s="1"><is><t xml:space="preserve">'
                f'{_text(str(spreadsheet_safe(text)))}</t></is></c>' for i, text in enumerate(header))
            start = (
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                f'<sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
                f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{cols}</cols>" if cols else ""}'
                f'<sheetData><row r="1">{heading}</row>')
            sheet.write((_XML_HEAD + start).encode("utf-8"))
            lines: list[str] = []
            for number, row in enumerate(rows, start=2):
                cells = "".join(_cell(f"{letters[i]}{number}", value, i in as_text)
                                for i, value in enumerate(row) if value is not None)
                lines.append(f'<row r="{number}">{cells}</row>')
                if len(lines) >= rows_per_step:
                    sheet.write("".join(lines).encode("utf-8"))
                    lines = []
                    yield
            sheet.write(("".join(lines) + "</sheetData></worksheet>").encode("utf-8"))
        yield


def _column_letter(index: int) -> str:
    """A, B, ... Z, AA, ... for a 0-based column index."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
