"""Bulk import of offline training from CSV/XLSX (manager only, members in their scope).

Rules (docs/transcripts.md, 线下培训):
- Every row is checked before anything is written; a bad cell is reported with its row and
  column, and any problem means nothing is written (all or nothing).
- A row is the same training when 工号, 培训名称, the two dates and 学时 are the same: its
  `import_key` (a hash of them) is unique, so a re-import skips rows already imported and
  counts them as skipped.
- Imported rows are approved at once and credited like an approval.
The file is read by the member import's reader (`org.importing.parse`) with these columns.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from learnhub.core.errors import Conflict, ValidationFailed
from learnhub.core.messages import N_
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.importing.parse import (
    Column,
    HeaderProblems,
    ImportProblem,
    Table,
    UnreadableFile,
    cell_date,
    cell_number_text,
    cell_problem,
    cell_text,
    read_table,
)
from learnhub.org.models import Member, Role
from learnhub.org.permissions import has_role
from learnhub.records.services import closed_years
from learnhub.transcripts.offline import services
from learnhub.transcripts.offline.models import OfflineTraining

COLUMNS = (
    Column("employee_no", "工号", ("员工编号", "职工编号", "人员编号", "员工号", "职工号",
                                   "employee no", "employee number", "employee id")),
    # Checked against the 工号 when present: a mistyped 工号 must not credit someone else.
    Column("name", "姓名", ("员工姓名", "人员姓名", "学员姓名", "name", "member name"),
           required=False),
    Column("title", "培训名称", ("培训项目", "培训班名称", "培训班次", "培训主题", "课程名称",
                                 "title", "training", "training title", "course")),
    Column("provider", "举办单位", ("主办单位", "承办单位", "培训机构", "培训单位",
                                    "provider", "organizer", "organiser")),
    Column("started_on", "开始日期", ("培训开始日期", "起始日期", "开始时间", "start date",
                                      "started on", "start")),
    Column("ended_on", "结束日期", ("培训结束日期", "截止日期", "结束时间", "end date",
                                    "ended on", "end")),
    Column("hours", "学时", ("培训学时", "学时数", "课时", "培训课时", "hours", "credit hours")),
    Column("note", "备注", ("说明", "note", "notes", "remark", "remarks"), required=False),
)
EXAMPLE = ("10001", "张三", "学习贯彻党的二十大精神专题培训", "市委党校", "2026-03-02", "2026-03-06",
           "40", "脱产培训")
CHUNK = 500
HOURS_UNIT = re.compile(r"\s*(学时|课时|小时|hours?|h)$", re.IGNORECASE)  # "4 学时" is 4


class TrainingImportInvalid(ValidationFailed):
    code = "offline_import_invalid"
    message = N_("导入文件有 %(count)s 处问题，没有写入任何数据。")

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(count=len(problems))
        self.problems = problems


class ImportClashed(Conflict):
    code = "offline_import_clashed"
    message = N_("导入时另一位管理员同时导入了相同的记录，没有写入任何数据；请重新导入（已导入的行会被跳过）。")


@dataclass
class ImportRow:
    row: int
    member: Member
    data: services.TrainingInput
    key: str


@dataclass
class TrainingPlan:
    filename: str
    new: list[ImportRow] = field(default_factory=list)
    skipped: list[ImportRow] = field(default_factory=list)  # imported before


@dataclass(frozen=True)
class TrainingImportResult:
    imported: int
    skipped: int
    hours: Decimal


def import_key(employee_no: str, title: str, started_on: date, ended_on: date,
               hours: Decimal) -> str:
    text = "\x1f".join((employee_no, title, started_on.isoformat(), ended_on.isoformat(),
                        str(hours.quantize(Decimal("0.01")))))
    return hashlib.sha256(text.encode()).hexdigest()


def plan_import(actor: Member, filename: str, data: bytes, today: date) -> TrainingPlan:
    """Read and check every row; TrainingImportInvalid with every problem, else the plan."""
    try:
        table = read_table(filename, data, columns=COLUMNS)
    except UnreadableFile as unreadable:
        raise TrainingImportInvalid([unreadable.problem]) from None
    except HeaderProblems as header:
        raise TrainingImportInvalid(header.problems) from None
    problems: list[ImportProblem] = []
    if not table.rows:
        problems.append(ImportProblem(None, None, N_("文件里没有数据行。")))
    members = _members(actor, table)
    closed = closed_years()  # once, not a lookup per row
    plan = TrainingPlan(filename)
    seen: dict[str, int] = {}
    rows: list[ImportRow] = []
    for number, cells in table.rows:
        row = _check_row(table, number, cells, members, today, closed, problems)
        if row is None:
            continue
        if row.key in seen:
            problems.append(ImportProblem(number, table.headers["title"],
                                          N_("与第 %(other)s 行是同一次培训（工号、名称、日期、学时都相同）。"),
                                          {"other": seen[row.key]}))
            continue
        seen[row.key] = number
        rows.append(row)
    if problems:
        raise TrainingImportInvalid(problems)
    done = _imported_keys([row.key for row in rows])
    for row in rows:
        (plan.skipped if row.key in done else plan.new).append(row)
    return plan


def _members(actor: Member, table: Table) -> dict[str, Member | None]:
    """工号 → the member if the actor manages them (None otherwise), in bulk."""
    numbers = sorted({cell_number_text(cells.get("employee_no"))[0] for _, cells in table.rows} - {""})
    found: dict[str, Member | None] = {}
    for start in range(0, len(numbers), CHUNK):
        for member in db.session.scalars(select(Member).where(
                Member.employee_no.in_(numbers[start:start + CHUNK]))):
            found[member.employee_no] = member if has_role(actor, Role.MANAGER, member.unit) else None
    return found


def _imported_keys(keys: list[str]) -> set[str]:
    done: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        done.update(db.session.scalars(select(OfflineTraining.import_key).where(
            OfflineTraining.import_key.in_(keys[start:start + CHUNK]))))
    return done


def _check_row(table: Table, number: int, cells: dict[str, Any],
               members: dict[str, Member | None], today: date, closed: set[int],
               problems: list[ImportProblem]) -> ImportRow | None:
    found_before = len(problems)

    def bad(field: str, message: str, **params: Any) -> None:
        problems.append(ImportProblem(number, table.headers.get(field, field), message, params))

    def text(name: str, required: bool, limit: int) -> str:
        value = cell_text(cells.get(name))
        trouble = cell_problem(value, min(limit, table.max_cell_chars))
        if trouble is not None:
            bad(name, trouble[0], **trouble[1])
        elif required and not value:
            bad(name, N_("必填，不能为空。"))
        return value

    employee_no, intact = cell_number_text(cells.get("employee_no"))
    member = members.get(employee_no)
    if not employee_no:
        bad("employee_no", N_("必填，不能为空。"))
    elif not intact:
        bad("employee_no", N_("工号被 Excel 显示成了科学计数法（%(value)s），请把该列设为文本后重新填写。"),
            value=employee_no)
    elif member is None:
        bad("employee_no", N_("找不到工号为 %(no)s 的成员，或该成员不在你管理的范围内。"), no=employee_no)
    name = text("name", False, 100)
    if member is not None and name and _name_key(name) != _name_key(member.name):
        bad("name", N_("姓名与工号 %(no)s 不符（系统中为 %(name)s），请核对工号。"),
            no=employee_no, name=member.name)
    title = text("title", True, 200)
    provider = text("provider", False, 200)
    started_on = _date(cells, "started_on", bad)
    ended_on = _date(cells, "ended_on", bad)
    if started_on and ended_on:
        if ended_on < started_on:
            bad("ended_on", N_("结束日期早于开始日期。"))
        elif ended_on > today:
            bad("ended_on", N_("结束日期晚于今天，培训结束后再导入。"))
        elif ended_on.year in closed:
            bad("ended_on", N_("%(year)s 年度已关账，不能再导入该年度的培训。"), year=ended_on.year)
    hours = _hours(cells.get("hours"), bad)
    note = text("note", False, 2000)
    if len(problems) > found_before or member is None or not (started_on and ended_on and hours):
        return None
    data = services.TrainingInput(title, provider, started_on, ended_on, hours, note)
    return ImportRow(number, member, data,
                     import_key(member.employee_no, title, started_on, ended_on, hours))


def _name_key(name: str) -> str:
    """A name as compared: full-width folded, spaces and case ignored ("张 三" is 张三)."""
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def _date(cells: dict[str, Any], name: str, bad) -> date | None:
    try:
        value = cell_date(cells.get(name))
    except ValueError:
        bad(name, N_("不是有效的日期，请写成 2026-03-01 或 2026/3/1。"))
        return None
    if value is None:
        bad(name, N_("必填，不能为空。"))
    return value


def _hours(value: Any, bad) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        bad("hours", N_("必填，不能为空。"))
        return None
    text = str(value) if isinstance(value, int | float) and not isinstance(value, bool) else (
        HOURS_UNIT.sub("", unicodedata.normalize("NFKC", cell_text(value))))
    try:
        hours = Decimal(text)
    except InvalidOperation:
        bad("hours", N_("不是数字（%(value)s），请填写学时数，例如 2 或 1.5。"), value=text[:50])
        return None
    if not hours.is_finite() or not Decimal("0") < hours <= services.MAX_HOURS:
        bad("hours", N_("学时必须大于 0 且不超过 999.99。"))
        return None
    if hours != hours.quantize(Decimal("0.01")):
        bad("hours", N_("学时最多保留两位小数。"))
        return None
    return hours


def apply_plan(actor: Member, plan: TrainingPlan, *, now: datetime,
               today: date) -> TrainingImportResult:
    """Record every new row (approved, credited); one audit event for the file."""
    total = Decimal("0")
    try:
        for row in plan.new:
            services.record_for(actor, row.member, row.data, now=now, today=today,
                                import_key=row.key, tell=False)
            total += row.data.hours
    except IntegrityError as clash:  # the same rows imported by someone else just now
        raise ImportClashed() from clash
    record_audit(actor, "offline.import", "offline_training", "",
                 summary=f"{plan.filename}: {len(plan.new)} imported, {len(plan.skipped)} skipped",
                 details={"imported": len(plan.new), "skipped": len(plan.skipped),
                          "hours": str(total)})
    return TrainingImportResult(len(plan.new), len(plan.skipped), total)


def problem_lines(problems: Iterable[ImportProblem]) -> list[str]:
    return [problem.ui_line() for problem in problems]
