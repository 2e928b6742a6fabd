"""Files people open in Excel or WPS: CSV (UTF-8 with BOM) and XLSX, formula-safe.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a
formula by spreadsheet programs (CSV injection), so every text cell written here goes
through `spreadsheet_safe`, which puts a single quote in front of such text.

XLSX is written by rustpy-xlsxwriter (Python bindings to rust_xlsxwriter, the Rust port
of XlsxWriter by the same author) in its constant-memory mode: each row goes to a
temporary file as it comes, and the workbook is zipped when the rows end, so a long report
never sits in memory. It writes a cell about nine times faster than XlsxWriter, which is
what puts the organisation's completion report inside its budget (docs/performance.md).
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any, BinaryIO

import rustpy_xlsxwriter as xlsx

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = "\ufeff"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
CELL_TEXT_LIMIT = 32_767  # characters Excel keeps in a cell
TIMES_LOOKAHEAD = 1000  # rows read before writing, to find the columns that hold times
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
    for chunk in iter_xlsx(header, rows, sheet_title=sheet_title, text_columns=text_columns,
                           freeze_header=freeze_header):
        out.write(chunk)


def iter_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], *,
              sheet_title: str = "Sheet1", text_columns: Sequence[int] = (),
              freeze_header: bool = True, chunk_size: int = 64 * 1024) -> Iterator[bytes]:
    """The XLSX file chunk by chunk, for a streamed response. The workbook is written
    to a temporary file first (a zip is only whole once the rows end), then sent from
    it, so neither the rows nor the file are ever held in memory."""
    with tempfile.TemporaryDirectory(prefix="learnhub-xlsx-") as folder:
        path = os.path.join(folder, "export.xlsx")
        _write_workbook(path, header, rows, sheet_title=sheet_title,
                        text_columns=text_columns, freeze_header=freeze_header)
        with open(path, "rb") as spool:
            while chunk := spool.read(chunk_size):
                yield chunk


_NOT_IN_SHEET_NAMES = str.maketrans("", "", "[]:*?/\\")


def _write_workbook(path: str, header: Sequence[str], rows: Iterable[Sequence[Any]], *,
                    sheet_title: str, text_columns: Sequence[int], freeze_header: bool) -> None:
    """One sheet: a bold header (frozen when asked), dates and times as date cells, Decimal
    as numbers, text made safe and never read as a formula or a link.

    The writer takes a row as a mapping from header to value and formats by column, so
    the columns that hold times (and need a time in their format) are found in the first
    rows, read ahead; a time turning up later in another column is written as text
    rather than lose its hour."""
    titles = [str(spreadsheet_safe(title)) for title in header]
    if len(set(titles)) != len(titles):
        raise ValueError(f"an XLSX header names each column once: {titles}")
    rows = iter(rows)
    ahead = list(itertools.islice(rows, TIMES_LOOKAHEAD))
    timed = frozenset(index for row in ahead for index, value in enumerate(row)
                      if isinstance(value, datetime))
    as_text = frozenset(text_columns)
    formats = {titles[index]: xlsx.Format().set_num_format("@") for index in as_text}
    formats |= {titles[index]: xlsx.Format().set_num_format(DATETIME_FORMAT)
                for index in timed - as_text}
    records: Iterator[dict[str, Any]] = (
        dict(zip(titles, _cells(row, as_text, timed), strict=True))
        for rows_part in (ahead, rows) for row in rows_part)
    if not ahead:  # the writer takes its header from the first record
        records = iter([dict.fromkeys(titles)])
    xlsx.write_worksheet(
        records, path, sheet_name=sheet_title.translate(_NOT_IN_SHEET_NAMES)[:31] or "Sheet1",
        freeze_row=1 if freeze_header else None, bold_headers=True, column_width=16,
        datetime_format=DATE_FORMAT, column_formats=formats)


def _cells(row: Sequence[Any], as_text: frozenset[int], timed: frozenset[int]) -> list[Any]:
    return [_cell(value, index in as_text, index in timed) for index, value in enumerate(row)]


def _cell(value: Any, as_text: bool, timed: bool) -> Any:
    if value is None:
        return None
    kind = type(value)
    if as_text or kind is str:
        text = value if kind is str else str(value)
        return ("'" + text if text[:1] in FORMULA_FIRST else text)[:CELL_TEXT_LIMIT]
    if kind is int or kind is float or kind is Decimal or kind is bool:
        return value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise TypeError("XLSX has no time zones: pass local, naive times")
        return value if timed else value.isoformat(" ")
    if isinstance(value, date):
        return value
    return str(spreadsheet_safe(str(value)))[:CELL_TEXT_LIMIT]
