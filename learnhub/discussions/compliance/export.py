"""The compliance table as spreadsheet rows: the rows of the page, one line each, with
numbers as numbers (the status words beside them)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask_babel import gettext

from learnhub.discussions.compliance.labels import status_text
from learnhub.discussions.compliance.report import Report, Row


def header(report: Report) -> list[str]:
    columns = [gettext("组织"), gettext("层级"), gettext("范围")]
    for kind in report.kinds:
        columns += [gettext("%(kind)s：已开", kind=kind.name),
                    gettext("%(kind)s：应开", kind=kind.name),
                    gettext("%(kind)s：状态", kind=kind.name)]
    return columns + [gettext("完成率（百分数）"), gettext("应到人次"), gettext("出勤人次"),
                      gettext("请假人次"), gettext("出勤率（百分数）")]


def _line(report: Report, row: Row) -> list[Any]:
    scope = gettext("本级") if row.own else gettext("含下级")
    line: list[Any] = [row.unit.name, row.depth, scope]
    for kind in report.kinds:
        tally = row.cell(kind.id)
        line += [tally.held if tally.required else tally.meetings, tally.required,
                 status_text(tally)]
    overall = row.overall
    completion = overall.completion
    rate = overall.attendance_rate
    return line + [None if completion is None else round(completion * 100, 1),
                   overall.invited, overall.present + overall.late, overall.excused,
                   None if rate is None else round(rate * 100, 1)]


def rows(report: Report) -> Iterator[list[Any]]:
    """The page's rows, then the total (合计) line."""
    for row in report.rows:
        yield _line(report, row)
    total = _line(report, report.total)
    total[0], total[2] = gettext("合计：%(name)s", name=report.unit.name), gettext("含下级")
    yield total
