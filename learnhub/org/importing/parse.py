"""Reading a member roster file into header-mapped rows: CSV or XLSX, as Excel/WPS save them.

This module knows files and cells (encodings, header aliases, Excel's habits with dates
and long numbers); the rules about members and units live in `importing`.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain, islice
from typing import Any

from flask import current_app, has_app_context
from flask_babel import gettext

from learnhub.core.control_characters import control_character
from learnhub.core.messages import N_
from learnhub.org.importing.archive import UNREADABLE, archive_problem

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
HEADER_SEARCH_ROWS = 10  # a title row or two above the header is common in Chinese rosters


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # the canonical Chinese header, as in the template
    aliases: tuple[str, ...] = ()
    required: bool = True  # the column must be present (its cells may still be empty)


COLUMNS = (
    Column("employee_no", "工号", ("员工编号", "职工编号", "人员编号", "员工号", "职工号")),
    Column("name", "姓名", ("员工姓名", "人员姓名")),
    Column("unit_code", "所属组织", ("组织编码", "所属组织编码", "组织代码", "单位编码")),
    Column("political_status", "政治面貌"),
    Column("position", "职务", ("职位",)),
    Column("cadre_level", "干部级别", ("干部职级",), required=False),
    Column("party_post", "党内职务", ("党组织职务",), required=False),
    Column("joined_party_on", "入党日期", ("入党时间",), required=False),
    Column("email", "邮箱", ("电子邮箱", "电子邮件", "邮件", "email", "e-mail")),
    Column("phone", "手机", ("手机号", "手机号码", "移动电话")),
)
HEADERS = {column.field: column.header for column in COLUMNS}


@dataclass
class ImportProblem:
    """One bad cell (or, with no row, the whole file). `message` is a msgid."""

    row: int | None
    column: str | None
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        return gettext(self.message, **self.params)

    def cli_line(self) -> str:
        if self.row is None:
            return self.text()
        return f"row {self.row}, column {self.column}: {self.text()}"

    def ui_line(self) -> str:
        if self.row is None:
            return self.text()
        return gettext("第 %(row)s 行，“%(column)s”列：%(message)s", row=self.row,
                       column=self.column, message=self.text())


@dataclass
class Table:
    """The file's data rows, each keyed by field, with the header as the user wrote it."""

    headers: dict[str, str]  # field -> header text in the file
    rows: list[tuple[int, dict[str, Any]]]  # (spreadsheet row number, field -> raw cell)
    ignored_headers: list[str]
    kind: str  # "csv" or "xlsx"
    encoding: str | None = None
    max_cell_chars: int = 1000  # ReadLimits.max_cell_chars, for the row checks


class UnreadableFile(Exception):
    def __init__(self, problem: ImportProblem) -> None:
        self.problem = problem
        super().__init__(problem.message)


class HeaderProblems(Exception):
    """The header row is wrong (missing or repeated columns); each is reported."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} header problems")


def _file_problem(message: str, **params: Any) -> UnreadableFile:
    return UnreadableFile(ImportProblem(None, None, message, params))


def header_key(text: str) -> str:
    """'  工 号 *', '入党日期（选填）' and 'E-mail' → a comparable key."""
    key = unicodedata.normalize("NFKC", text)
    key = re.sub(r"\(.*\)$", "", re.sub(r"\s+", "", key))
    return key.rstrip("*").lower()


@functools.cache
def header_aliases(columns: tuple[Column, ...]) -> dict[str, str]:
    """Every accepted header of `columns`, as a `header_key`, → its field."""
    return {header_key(name): column.field
            for column in columns for name in (column.header, *column.aliases)}


@dataclass(frozen=True)
class ReadLimits:
    """What reading one roster may cost, beyond its size on disk (`MAX_BYTES`)."""

    max_unpacked_bytes: int = 50 * 1024 * 1024  # an .xlsx's parts, uncompressed, together
    max_cell_chars: int = 1000  # a cell of a column that is read (the longest field is 254)

    @classmethod
    def configured(cls) -> ReadLimits:
        """LEARNHUB_IMPORT_MAX_UNPACKED_MB and LEARNHUB_IMPORT_MAX_CELL_CHARS, else defaults."""
        if not has_app_context():
            return cls()
        config = current_app.config
        return cls(int(config["IMPORT_MAX_UNPACKED_MB"]) * 1024 * 1024,
                   int(config["IMPORT_MAX_CELL_CHARS"]))


def read_table(filename: str, data: bytes, limits: ReadLimits | None = None,
               columns: tuple[Column, ...] = COLUMNS) -> Table:
    """Decode a CSV or XLSX roster (or another sheet with `columns`: offline training);
    raise UnreadableFile for what cannot be read at all."""
    limits = limits or ReadLimits.configured()
    if len(data) > MAX_BYTES:
        raise _file_problem(N_("文件太大（上限 10 MB）。"))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _file_problem(N_("不支持旧版 .xls 文件（或加密的表格），请在 Excel/WPS 中另存为 .xlsx 或 CSV。"))
    if data.startswith(b"PK\x03\x04"):
        if extension not in ("xlsx", ""):
            raise _file_problem(N_("文件内容是 Excel 工作簿，但扩展名是 .%(ext)s，请改为 .xlsx。"),
                                ext=extension)
        return read_xlsx(data, limits, columns)
    if extension in ("csv", "txt", ""):
        text, encoding = decode_text(data)
        records = _csv_records(text)
        head = list(islice(records, HEADER_SEARCH_ROWS))
        header = _map_header(head, limits, columns)
        return _table(header, enumerate(chain(head, records), start=1), "csv", encoding,
                      limits)
    if extension == "xlsx":
        raise _file_problem(N_("文件扩展名是 .xlsx，但内容不是 Excel 工作簿。"))
    raise _file_problem(N_("只支持 .csv 和 .xlsx 文件。"))


def decode_text(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's 'Unicode text'), else GB18030
    (what Excel and WPS write on Chinese Windows)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    # Some tools put a UTF-8 BOM in front of GB18030 text; the BOM says nothing then.
    body = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return body.decode("gb18030").removeprefix("\ufeff"), "gb18030"
    except UnicodeDecodeError:
        raise _file_problem(N_("无法识别文件编码，请另存为 UTF-8 或 GB18030 编码的 CSV。")) from None


def _csv_records(text: str) -> Iterator[list[Any]]:
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise _file_problem(N_("CSV 第 %(line)s 行有一个单元格太长（超过 %(limit)s 个字符）。"),
                                    line=reader.line_num, limit=csv.field_size_limit()) from None
            raise _file_problem(N_("CSV 格式有误，无法读取。")) from None
        yield record


def read_xlsx(data: bytes, limits: ReadLimits, columns: tuple[Column, ...] = COLUMNS) -> Table:
    """The first worksheet, reading only as many columns as the header row names.

    The archive is checked first (`importing.archive.archive_problem`); after that, whatever
    openpyxl meets in a damaged or hostile workbook (malformed XML, an entity, a bad
    reference) means the same to the admin: the file can't be read."""
    from openpyxl import load_workbook

    problem = archive_problem(data, limits.max_unpacked_bytes)
    if problem is not None:
        raise _file_problem(problem[0], **problem[1])
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise _file_problem(N_("文件是空的，没有表头行。"))
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()  # some tools write a wrong <dimension>; read every row
            # A row comes back padded to its last cell: a stray cell in column XFD would
            # make every row 16,384 values. The header rows are read whole (ten at most),
            # the data rows only up to the last column the header names.
            head = [list(values) for values in islice(sheet.iter_rows(values_only=True),
                                                       HEADER_SEARCH_ROWS)]
            header = _map_header(head, limits, columns)
            rows = sheet.iter_rows(min_row=header.index + 2,
                                   max_col=max(header.positions.values()) + 1,
                                   values_only=True)
            return _table(header, enumerate(rows, start=header.index + 2), "xlsx", None,
                          limits)
        finally:
            workbook.close()
    except (UnreadableFile, HeaderProblems):
        raise
    except Exception:  # any parser failure on untrusted input: the file is unreadable
        raise _file_problem(UNREADABLE) from None


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not clean_text(value))


def _is_blank_record(record: Sequence[Any]) -> bool:
    # Most skipped rows are all None (gaps between rows); count() is one C call for them.
    return record.count(None) == len(record) or all(_is_blank(v) for v in record)


@dataclass
class _Header:
    index: int  # 0-based position of the header row among the records
    headers: dict[str, str]
    positions: dict[str, int]
    ignored: list[str]


def _map_header(head: list[list[Any]], limits: ReadLimits,
                columns: tuple[Column, ...]) -> _Header:
    aliases = header_aliases(columns)
    header_index = _find_header(head, aliases)
    if header_index is None:
        raise _file_problem(N_("文件是空的，没有表头行。"))
    header_row = header_index + 1
    headers: dict[str, str] = {}
    positions: dict[str, int] = {}
    ignored: list[str] = []
    problems: list[ImportProblem] = []
    for position, cell in enumerate(head[header_index]):
        if _is_blank(cell):
            continue
        written = clean_text(str(cell))
        bad = cell_problem(written, limits.max_cell_chars)
        if bad is not None:
            problems.append(ImportProblem(header_row, column_letter(position), *bad))
            continue
        name = aliases.get(header_key(written))
        if name is None:
            ignored.append(written)
        elif name in headers:
            problems.append(ImportProblem(header_row, written, N_("与“%(other)s”列重复。"),
                                          {"other": headers[name]}))
        else:
            headers[name] = written
            positions[name] = position
    for column in columns:
        if column.required and column.field not in headers:
            problems.append(ImportProblem(header_row, column.header, N_("缺少必需的列。")))
    if problems:
        raise HeaderProblems(problems)
    return _Header(header_index, headers, positions, ignored)


def _table(header: _Header, numbered: Iterable[tuple[int, Sequence[Any]]], kind: str,
           encoding: str | None, limits: ReadLimits) -> Table:
    """The data rows below the header (`numbered`: spreadsheet row number, record)."""
    rows = []
    for number, record in numbered:
        if number <= header.index + 1 or _is_blank_record(record):
            continue
        rows.append((number, {name: (record[pos] if pos < len(record) else None)
                              for name, pos in header.positions.items()}))
        if len(rows) > MAX_ROWS:
            raise _file_problem(N_("数据行太多（上限 %(limit)s 行），请分批导入。"),
                                limit=MAX_ROWS)
    return Table(header.headers, rows, header.ignored, kind, encoding,
                 max_cell_chars=limits.max_cell_chars)


def cell_problem(text: str, max_chars: int) -> tuple[str, dict[str, Any]] | None:
    """Why a cell's text can't be taken at all (too long, a control character), or None."""
    if len(text) > max_chars:
        return (N_("单元格内容太长（%(length)s 个字符，最多 %(limit)s 个）。"),
                {"length": len(text), "limit": max_chars})
    char = control_character(text)
    if char is not None:
        return N_("含有不允许的控制字符（%(char)s），请删除后重新导入。"), {"char": char}
    return None


def column_letter(position: int) -> str:
    """0 → A, 26 → AA: how a spreadsheet names a column (for cells without a header)."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _find_header(records: list[list[Any]], aliases: dict[str, str]) -> int | None:
    """The first row naming two known columns among the first few; else the first non-empty."""
    first_non_empty = None
    for index, record in enumerate(records[:HEADER_SEARCH_ROWS]):
        cells = [c for c in record if not _is_blank(c)]
        if not cells:
            continue
        if first_non_empty is None:
            first_non_empty = index
        known = {aliases.get(header_key(str(c))) for c in cells} - {None}
        if len(known) >= 2:
            return index
    return first_non_empty


# Cells -------------------------------------------------------------------------------

_SPACE = re.compile(r"[\s\u00a0\u3000\ufeff]+")


def clean_text(value: str) -> str:
    """Trim ordinary, no-break and ideographic spaces; collapse inner runs to one space."""
    return _SPACE.sub(" ", value).strip()


def cell_text(value: Any) -> str:
    """A cell as text. Whole numbers that Excel stored as floats lose their `.0`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return clean_text(str(value))


def cell_code(value: Any) -> str:
    """工号, unit codes, phone numbers: full-width letters and digits become ASCII."""
    return unicodedata.normalize("NFKC", cell_text(value)).strip()


_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+\d+$", re.IGNORECASE)
_WHOLE_FLOAT_TEXT = re.compile(r"^(\d+)\.0+$")


def cell_number_text(value: Any) -> tuple[str, bool]:
    """A long digit string (phone, 工号) as text, and False when Excel already destroyed it
    by writing it in scientific notation (1.38001E+10)."""
    text = cell_code(value)
    if _SCIENTIFIC.match(text):
        return text, False
    whole = _WHOLE_FLOAT_TEXT.match(text)
    return (whole.group(1) if whole else text), True


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def cell_date(value: Any) -> date | None:
    """A date from an Excel date cell or text (2020-07-01, 2020/7/1, 2020年7月1日, 2020.7.1,
    20200701). None for an empty cell; ValueError when it is not a date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("a bare number is not a date")
    text = cell_code(value)
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)  # ValueError for 2020-02-30
    raise ValueError(text)
