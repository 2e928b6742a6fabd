"""Files people open in Excel or WPS: CSV (UTF-8 with BOM) and XLSX, formula-safe.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a
formula by spreadsheet programs (CSV injection), so every text cell written here goes
through `spreadsheet_safe`, which puts a single quote in front of such text.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any, BinaryIO

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = "\ufeff"
DATE_FORMAT = "yyyy-mm-dd"


def spreadsheet_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading `'`; the rest is kept."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
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
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
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


def write_xlsx(out: BinaryIO | IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Any]], *,
               sheet_title: str = "Sheet1", text_columns: Sequence[int] = (),
               freeze_header: bool = True) -> None:
    """Write the workbook to `out` row by row (openpyxl's write-only mode keeps the rows in
    a temporary file, not in memory). A `date` is written as a real date cell
    (`yyyy-mm-dd`), so the spreadsheet sorts and filters it as a date; with
    `freeze_header` the header row stays in view while scrolling."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    if freeze_header:
        sheet.freeze_panes = "A2"
    for index in range(len(header)):
        dimension = sheet.column_dimensions[get_column_letter(index + 1)]
        dimension.width = 16
        if index in text_columns:
            dimension.number_format = "@"
    bold = Font(bold=True)
    heading = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=spreadsheet_safe(text))
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    as_text = frozenset(text_columns)
    for row in rows:
        values: list[Any] = []
        for index, value in enumerate(row):
            if index in as_text:
                cell = WriteOnlyCell(sheet, value=spreadsheet_safe(value))
                cell.number_format = "@"
                values.append(cell)
            elif isinstance(value, datetime):
                values.append(value)  # openpyxl refuses aware ones: pass local, naive times
            elif isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = DATE_FORMAT
                values.append(cell)
            else:
                values.append(spreadsheet_safe(value))
        sheet.append(values)
    workbook.save(out)


def iter_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], *,
              sheet_title: str = "Sheet1", text_columns: Sequence[int] = (),
              chunk_size: int = 64 * 1024) -> Iterator[bytes]:
    """The XLSX file chunk by chunk, for a streamed response. A workbook is a zip whose
    index comes last, so it is written whole first, to a temporary file that stays in
    memory while small and moves to disk beyond a few megabytes, then sent."""
    with tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024) as spool:
        write_xlsx(spool, header, rows, sheet_title=sheet_title, text_columns=text_columns)
        spool.seek(0)
        while chunk := spool.read(chunk_size):
            yield chunk
