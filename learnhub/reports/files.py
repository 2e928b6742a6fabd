"""The downloads: the same rows as the page, with Chinese headers, as CSV (UTF-8 with a
BOM) or XLSX (real date cells, frozen header), both written as the rows stream in
(core.exports). Words are translated before the first row, so the writing needs no
request. The completions CSV (a quarter of a million rows for the whole organisation) is
written from the members' courses without a row object: csvlines.py."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, BinaryIO

from flask_babel import gettext

from learnhub.core.exports import iter_csv, iter_xlsx, write_xlsx
from learnhub.reports import services
from learnhub.reports.rows import completions, credits
from learnhub.reports.rows.completions import CompletionRow
from learnhub.reports.rows.credits import CreditRow
from learnhub.reports.rows.csvlines import completion_csv

FORMATS = ("csv", "xlsx")
REPORTS = ("completions", "credits")
SHEET_TITLES = {"completions": "completions", "credits": "credits"}
EMPLOYEE_NO_COLUMN = (0,)  # 工号 kept as text: leading zeros


def completion_header() -> list[str]:
    return [gettext("工号"), gettext("姓名"), gettext("组织"), gettext("课程"),
            gettext("课程标识"), gettext("状态"), gettext("完成版本"), gettext("完成日期"),
            gettext("截止日期")]


def credit_header() -> list[str]:
    return [gettext("工号"), gettext("姓名"), gettext("组织"), gettext("年度"),
            gettext("已获学时"), gettext("要求学时"), gettext("其中网络学习"),
            gettext("要求网络学习"), gettext("状态")]


def completion_values(rows: Iterable[CompletionRow]) -> Iterator[tuple[Any, ...]]:
    labels = {state: gettext(label) for state, label in completions.STATUS_LABELS.items()}
    for row in rows:
        yield (row.employee_no, row.name, row.unit_name, row.course_title, row.course_slug,
               labels[row.status], row.version, row.completed_on, row.due_on)


def credit_values(rows: Iterable[CreditRow]) -> Iterator[tuple[Any, ...]]:
    labels = {state: gettext(label) for state, label in credits.STATUS_LABELS.items()}
    for row in rows:
        yield (row.employee_no, row.name, row.unit_name, row.year, row.earned, row.required,
               row.online, row.required_online, labels[row.status])


def header_and_values(report: str, rows: Iterable) -> tuple[list[str], Iterator[tuple]]:
    if report == "completions":
        return completion_header(), completion_values(rows)
    return credit_header(), credit_values(rows)


def _text(report: str, request: services.ReportRequest, *, today: date) -> Iterator[str]:
    if report == "completions":
        return completion_csv(completion_header(), services.member_courses(request, today=today),
                              {state: gettext(label)
                               for state, label in completions.STATUS_LABELS.items()})
    header, values = header_and_values(report, services.rows(report, request, today=today))
    return iter_csv(header, values)


def chunks(report: str, fmt: str, request: services.ReportRequest, *, today: date
           ) -> Iterator[bytes]:
    """The file's bytes, chunk by chunk, for a streamed response."""
    if fmt == "csv":
        return (chunk.encode("utf-8") for chunk in _text(report, request, today=today))
    header, values = header_and_values(report, services.rows(report, request, today=today))
    return iter_xlsx(header, values, sheet_title=SHEET_TITLES[report],
                     text_columns=EMPLOYEE_NO_COLUMN)


def write(report: str, fmt: str, request: services.ReportRequest, out: BinaryIO, *,
          today: date) -> None:
    """The file written to `out` (the command line's `-o FILE`)."""
    if fmt == "csv":
        for chunk in _text(report, request, today=today):
            out.write(chunk.encode("utf-8"))
    else:
        header, values = header_and_values(report, services.rows(report, request, today=today))
        write_xlsx(out, header, values, sheet_title=SHEET_TITLES[report],
                   text_columns=EMPLOYEE_NO_COLUMN)


def file_name(report: str, fmt: str, unit_code: str, year: int) -> str:
    return f"{report}-{unit_code or 'all'}-{year}.{fmt}"


def mimetype(fmt: str) -> str:
    if fmt == "csv":
        return "text/csv; charset=utf-8"
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


