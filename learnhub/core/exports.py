"""Files people open in Excel or WPS: CSV (UTF-8 with BOM) and XLSX, formula-safe.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a
formula by spreadsheet programs (CSV injection), so every text cell written here goes
through `spreadsheet_safe`, which puts a single quote in front of such text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = "\ufeff"


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
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
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
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=spreadsheet_safe(value))
            if index in text_columns:
                cell.number_format = "@"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
