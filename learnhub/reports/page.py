"""The page: the numbers on top counted over every member, without spelling out every
row, and only the rows of the page shown.

Members come once, in report order, each with the courses they completed as the bits
of a number (one query: a grouped sum per member, not a row per completion); each
member's required courses are their profile's (worked out once per profile), so the
completion numbers and each member's count of rows need no row object. The 学时 numbers come from the
transcripts' standings. Then only the members on the page are read again with their
completions (completions report) or their standings are kept (credits report): the rows
shown are the ones `completion_rows` / `credit_rows` would give at those places.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import case, func, select

from learnhub.core.pagination import Page
from learnhub.courses.study.models import CourseCompletion
from learnhub.extensions import db
from learnhub.org.models import Member, Unit
from learnhub.reports.rows.completions import CompletionSource, rows_of
from learnhub.reports.rows.credits import credit_row, subtree_of
from learnhub.reports.services import ReportRequest
from learnhub.reports.summary import Summary, UnitTally
from learnhub.transcripts.requirements.status import default_as_of, subtree_standings

MASK_BITS = 60  # courses per done-mask column: the sums stay within 64-bit integers


def report_page(request: ReportRequest, summary: Summary, *, report: str, page: int,
                per_page: int, today: date) -> Page:
    """Fills `summary` and answers the page of `report` ("completions" or "credits")."""
    source = CompletionSource(request.scope, request.filters, request.course, today=today)
    bits = {course_id: n for n, course_id in enumerate(source.required.requirable_ids)}
    members = list(db.session.execute(source.members(
        select(Member.id, Member.employee_no, Member.name, Member.political_status,
               Member.cadre_level, Member.party_post, Unit.name, Unit.path,
               *_done_masks(source, list(bits)))
        .select_from(Member)
    ).order_by(Unit.path, Member.employee_no, Member.id)))
    tallies = _tallies(summary, request, [member[7] for member in members])
    page = max(page, 1)
    start = (page - 1) * per_page
    counts = _count_completions(source, members, bits, tallies, summary.total)
    credit_items, credit_total = _count_credits(request, members, tallies, summary.total,
                                                start=start, per_page=per_page, today=today)
    if report == "completions":
        total = sum(counts)
        items = _completion_items(source, members, counts, start=start, per_page=per_page)
    else:
        total, items = credit_total, credit_items
    last = max(1, -(-total // per_page))
    if page > last:  # past the end: the rows are gone, ask again for the last page
        return Page(items=[], total=total, page=last, per_page=per_page)
    return Page(items=items, total=total, page=page, per_page=per_page)


def _tallies(summary: Summary, request: ReportRequest, paths: list[str]
             ) -> list[UnitTally | None]:
    """Each member's unit tally (None outside the summary's units), a lookup per unit."""
    by_path: dict[str, UnitTally | None] = {}
    found = []
    for path in paths:
        if path not in by_path:
            by_path[path] = summary.tally_for(request.scope, path)
        found.append(by_path[path])
    return found


def _done_masks(source: CompletionSource, course_ids: list[int]) -> list[Any]:
    """Per member, the courses done as bits (course_ids[n] is bit n), MASK_BITS a column:
    a correlated sum over the member's completions (at most one per course: the table's
    unique key), so the database sends a number per member, not a row per completion."""
    columns = []
    for first in range(0, len(course_ids), MASK_BITS):
        part = course_ids[first:first + MASK_BITS]
        bit = case({course_id: 1 << n for n, course_id in enumerate(part)},
                   value=CourseCompletion.course_id, else_=0)
        columns.append(
            select(func.sum(bit)).where(CourseCompletion.member_id == Member.id,
                                        CourseCompletion.course_id.in_(part),
                                        CourseCompletion.completed_at < source.year_end)
            .scalar_subquery())
    return columns


def _count_completions(source: CompletionSource, members: list[Any], bits: dict[int, int],
                       tallies: list[UnitTally | None], total: UnitTally) -> list[int]:
    """Counts required and done courses into the tallies; each member's number of rows."""
    masks: dict[int, int] = {}  # id(courses) → their bits
    counts = []
    for member, tally in zip(members, tallies, strict=True):
        courses = source.courses_of(member[0], member[7], member[3], member[4], member[5])
        counts.append(len(courses))
        if not courses:
            continue
        mask = masks.get(id(courses))
        if mask is None:
            mask = masks[id(courses)] = sum(1 << bits[item.course.id] for item in courses)
        done_bits = 0
        for number, part in enumerate(member[8:]):
            if part:
                done_bits |= int(part) << (number * MASK_BITS)
        done = (mask & done_bits).bit_count()
        for counted in (tally, total):
            if counted is not None:
                counted.required += len(courses)
                counted.done += done
    return counts


def _completion_items(source: CompletionSource, members: list[Any], counts: list[int], *,
                      start: int, per_page: int) -> list[Any]:
    """The rows from `start`: the members whose rows fall there, read with completions."""
    offset, first = 0, 0
    ids: list[int] = []
    for member, count in zip(members, counts, strict=True):
        if count and offset + count > start and offset < start + per_page:
            if not ids:
                first = offset
            ids.append(member[0])
        offset += count
    if not ids:
        return []
    rows = [row for member in source.member_courses(ids) for row in rows_of(member)]
    return rows[start - first:start - first + per_page]


def _count_credits(request: ReportRequest, members: list[Any],
                   tallies: list[UnitTally | None], total: UnitTally, *, start: int,
                   per_page: int, today: date) -> tuple[list[Any], int]:
    """Counts members with a requirement and those who met it into the tallies; the
    credit rows from `start` (member order) and their number."""
    year = request.filters.year
    index = {member[0]: number for number, member in enumerate(members)}
    shown: list[Any] = []
    found = 0
    for member_id, standing in subtree_standings(subtree_of(request.scope), year,
                                                 as_of=default_as_of(year, today)):
        number = index.get(member_id)
        if number is None:  # another 政治面貌, or joined after the members were read
            continue
        if start <= found < start + per_page:
            member_id, employee_no, name, _s, _c, _p, unit_name, path = members[number][:8]
            shown.append(credit_row(member_id, employee_no, name, unit_name, path, year,
                                    standing))
        found += 1
        if standing.requirement.applies:
            tally = tallies[number]
            for counted in (tally, total):
                if counted is not None:
                    counted.with_requirement += 1
                    counted.met += standing.met
    return shown, found
