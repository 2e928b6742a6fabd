"""Files people open in Excel or WPS: CSV (UTF-8 with BOM) and XLSX, formula-safe.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a
formula by spreadsheet programs (CSV injection), so every text cell written here goes
through `spreadsheet_safe`, which puts a single quote in front of such text.

XLSX is written by XlsxWriter in its constant-memory mode: each row goes to a temporary
file as it comes, and the workbook is zipped when the rows end, so a long report never
sits in memory (docs/performance.md has its speed against openpyxl's write-only mode).
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any, BinaryIO

import xlsxwriter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = "\ufeff"
DATE_FORMAT = "yyyy-mm-dd"
FORMULA_FIRST = frozenset(FORMULA_PREFIXES)  # each prefix is one character


def spreadsheet_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading `'`; the rest is kept."""
    if type(value) is str and value[:1] in FORMULA_FIRST:  # noqa: E721 (exact type: fast)
        return "'" + value
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):  # a str subclass
        return "'" + value
    return value


def _csv_cell(value: Any) -> Any:
    """A cell as the csv module writes it: text made safe, numbers as they are (the
    common cases first: this runs for every cell of a large export)."""
    kind = type(value)
    if kind is str:
        return "'" + value if value[:1] in FORMULA_FIRST else value
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
    first = FORMULA_FIRST
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
    """Write the workbook to `out` (seekable or not) as the rows come: the rows go to a
    temporary file, the zip to `out` at the end."""
    with tempfile.TemporaryFile() as spool:
        _write_workbook(spool, header, rows, sheet_title=sheet_title,
                        text_columns=text_columns, freeze_header=freeze_header)
        spool.seek(0)
        shutil.copyfileobj(spool, out, 64 * 1024)


def iter_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], *,
              sheet_title: str = "Sheet1", text_columns: Sequence[int] = (),
              chunk_size: int = 64 * 1024) -> Iterator[bytes]:
    """The XLSX file chunk by chunk, for a streamed response. The workbook is written
    to a temporary file first (a zip is only whole once the rows end), then sent from
    it, so neither the rows nor the file are ever held in memory."""
    with tempfile.TemporaryFile() as spool:
        _write_workbook(spool, header, rows, sheet_title=sheet_title,
                        text_columns=text_columns, freeze_header=True)
        spool.seek(0)
        while chunk := spool.read(chunk_size):
            yield chunk


_NOT_IN_SHEET_NAMES = str.maketrans("", "", "[]:*?/\\")


def _write_workbook(out: IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Any]], *,
                    sheet_title: str, text_columns: Sequence[int], freeze_header: bool) -> None:
    """One sheet: a bold header (frozen when asked), dates as date cells, Decimal as
    numbers, text made safe. Strings always go through `write_string`: XlsxWriter's
    generic `write` would turn "=..." into a formula and "http..." into a link."""
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(sheet_title.translate(_NOT_IN_SHEET_NAMES)[:31] or "Sheet1")
    bold = workbook.add_format({"bold": True})
    day = workbook.add_format({"num_format": DATE_FORMAT})
    moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    text = workbook.add_format({"num_format": "@"})
    as_text = frozenset(text_columns)
    for index in range(len(header)):
        sheet.set_column(index, index, 16, text if index in as_text else None)
    if freeze_header:
        sheet.freeze_panes(1, 0)
    for index, title in enumerate(header):
        sheet.write_string(0, index, str(spreadsheet_safe(title)), bold)
    try:
        _write_rows(sheet, rows, as_text, text=text, day=day, moment=moment)
    finally:  # also on an error, so XlsxWriter's temporary file is closed and removed
        workbook.close()


def _write_rows(sheet: Any, rows: Iterable[Sequence[Any]], as_text: frozenset[int], *,
                text: Any, day: Any, moment: Any) -> None:
    """The rows from the second on, by type (the common cases first: this runs for every
    cell of a large export)."""
    write_string, write_number = sheet.write_string, sheet.write_number
    first = FORMULA_FIRST
    for number, row in enumerate(rows, start=1):
        for index, value in enumerate(row):
            kind = type(value)
            if index in as_text:
                if value is not None:
                    value = value if kind is str else str(value)
                    write_string(number, index, "'" + value if value[:1] in first else value,
                                 text)
            elif kind is str:
                write_string(number, index, "'" + value if value[:1] in first else value)
            elif value is None:
                continue
            elif kind is int or kind is float or kind is Decimal:
                write_number(number, index, value)
            elif kind is bool:
                sheet.write_boolean(number, index, value)
            elif isinstance(value, datetime):
                if value.tzinfo is not None:
                    raise TypeError("XLSX has no time zones: pass local, naive times")
                sheet.write_datetime(number, index, value, moment)
            elif isinstance(value, date):
                sheet.write_datetime(number, index, value, day)
            else:
                write_string(number, index, str(spreadsheet_safe(str(value))))
