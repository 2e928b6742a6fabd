"""The completions CSV written a member at a time, without a row object or a call per
cell: a member's first three cells are made into CSV text once, and so is, once per
(course, due date, state), the rest of a line when not done and the course's part of a
line when done; a line is then two strings joined. The bytes are those of
core.exports.iter_csv over the same rows (tests/reports/test_csv_lines.py): the same
csv writer quotes each part, text is made formula-safe the same way, dates are ISO."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from learnhub.core.exports import FORMULA_FIRST, UTF8_BOM, spreadsheet_safe
from learnhub.core.timeutil import site_zone
from learnhub.courses.assignments.obligations import DueState
from learnhub.reports.rows.completions import MemberCourses
from learnhub.reports.rows.required import Required

LINES_PER_CHUNK = 1000


class _Cells:
    """CSV text of a few cells (no line end), by the csv module that iter_csv uses."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\r\n")

    def __call__(self, cells: Sequence[object]) -> str:
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerow([("'" + cell if cell[:1] in FORMULA_FIRST else cell)
                              if type(cell) is str else spreadsheet_safe(cell)  # noqa: E721
                              for cell in cells])
        return self.buffer.getvalue()[:-2]


def _iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()


def _parts(cells: _Cells, required: Required, labels: dict[DueState, str]
           ) -> tuple[int, str, str, str]:
    """(course id, the rest of the line when not done, the course's cells up to the
    version when done, the due date's cell and the line end)."""
    info, due_on, state = required
    due = _iso(due_on)
    return (info.id, cells((info.title, info.slug, labels[state], "", "", due)) + "\r\n",
            cells((info.title, info.slug, labels[DueState.DONE])) + ",",
            f",{due}\r\n")


def completion_csv(header: Sequence[str], members: Iterable[MemberCourses],
                   labels: dict[DueState, str]) -> Iterator[str]:
    """BOM, header, then a line per member and required course, in chunks of lines."""
    cells = _Cells()
    zone = site_zone()
    # A required course's parts (course, due date, state when not done): a few dozen.
    parts: dict[tuple, tuple[int, str, str, str]] = {}
    lines: list[str] = [UTF8_BOM + cells(header) + "\r\n"]
    for member in members:
        known = []
        for required in member.courses:
            key = (required.course.id, required.due_on, required.pending)
            found = parts.get(key)
            if found is None:
                found = parts[key] = _parts(cells, required, labels)
            known.append(found)
        start = cells((member.employee_no, member.name, member.unit_name)) + ","
        done = member.done
        for course_id, not_done, done_start, done_end in known:
            completion = done.get(course_id) if done else None
            if completion is None:
                lines.append(start + not_done)
            else:
                at, version = completion
                lines.append(f"{start}{done_start}{'' if version is None else version},"
                             f"{at.astimezone(zone).date().isoformat()}{done_end}")
        if len(lines) >= LINES_PER_CHUNK:
            yield "".join(lines)
            lines = []
    yield "".join(lines)
