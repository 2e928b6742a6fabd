"""Member import: a roster file → a plan (new / changed / unchanged / missing) → one apply.

Rules (documented for admins in docs/operations.md, 成员导入):
- All or nothing: any bad cell and nothing is written; the problems name every bad cell.
- The file is the truth for the columns it has. An optional column (干部级别, 党内职务, 入党日期)
  that is absent leaves the stored value alone; an empty cell in a present column clears it.
- A member in the file who is inactive is reactivated (shown as a change of 状态).
- Missing members: the active members in the subtrees of the units named in the file's
  所属组织 column who are not in the file. The plan always lists them; they are only
  deactivated when `deactivate_missing` is set, and the acting admin never is.
- Lookups are bulk: all units in one query, existing members in chunks, never per row.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from learnhub.core.errors import Conflict, ValidationFailed
from learnhub.core.messages import N_
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.importing.parse import (
    HEADERS,
    HeaderProblems,
    ImportProblem,
    UnreadableFile,
    read_table,
)
from learnhub.org.importing.passwords import initial_passwords
from learnhub.org.importing.rows import MemberRow, check_rows
from learnhub.org.members.services import deactivate_members
from learnhub.org.models import Member, Unit

CHUNK = 500  # ids per IN (...) list; well under SQLite's and PostgreSQL's limits
OPTIONAL_FIELDS = ("cadre_level", "party_post", "joined_party_on")
FIELD_LABELS = {**HEADERS, "active": N_("状态")}


class ImportConflict(Conflict):
    """Someone else wrote the same members while this import was being applied."""

    code = "import_conflict"
    message = "导入时其他人同时修改了成员数据（例如新增了相同的工号），没有写入任何数据；请重新上传预览。"


class ImportInvalid(ValidationFailed):
    """The file cannot be imported as it is; `problems` lists every reason."""

    code = "import_invalid"
    message = "导入文件有 %(count)s 处问题，没有写入任何数据。"

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(count=len(problems))
        self.problems = problems


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str  # canonical text: unit code, ISO date, "true"/"false" for 状态
    new: str


@dataclass
class RowPlan:
    row: MemberRow
    member: Member | None = None
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class ImportPlan:
    filename: str
    sha256: str
    deactivate_missing: bool
    fields: tuple[str, ...]  # the member fields the file sets
    scope: list[Unit]  # the units named in the file, roots of the missing-member scope
    new: list[RowPlan] = field(default_factory=list)
    changed: list[RowPlan] = field(default_factory=list)
    unchanged: list[RowPlan] = field(default_factory=list)
    missing: list[Member] = field(default_factory=list)
    actor_missing: bool = False  # the acting admin is not in the file but is kept active
    ignored_headers: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {"new": len(self.new), "changed": len(self.changed),
                "unchanged": len(self.unchanged), "missing": len(self.missing),
                "deactivated": len(self.missing) if self.deactivate_missing else 0}

    @property
    def writes_anything(self) -> bool:
        return bool(self.new or self.changed or (self.deactivate_missing and self.missing))

    def digest(self) -> str:
        """A fingerprint of exactly what applying would do; confirm must match the preview."""
        body = {
            "file": self.sha256, "deactivate_missing": self.deactivate_missing,
            "fields": self.fields,
            "new": [_row_values(p.row) for p in self.new],
            "changed": [[p.row.employee_no, [[c.field, c.old, c.new] for c in p.changes]]
                        for p in self.changed],
            "unchanged": [p.row.employee_no for p in self.unchanged],
            "missing": [[m.id, m.employee_no] for m in self.missing],
        }
        text = json.dumps(body, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _row_values(row: MemberRow) -> list[str]:
    return [row.employee_no, row.name, row.unit_code, row.political_status, row.position,
            row.cadre_level, row.party_post, _date_text(row.joined_party_on), row.email,
            row.phone]


def _date_text(value: date | None) -> str:
    return value.isoformat() if value else ""


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def plan_import(filename: str, data: bytes, *, deactivate_missing: bool,
                actor: Member | None, today: date) -> ImportPlan:
    """Read, check and compare with the database; raise ImportInvalid listing every problem.
    Writes nothing."""
    try:
        table = read_table(filename, data)
    except UnreadableFile as unreadable:
        raise ImportInvalid([unreadable.problem]) from None
    except HeaderProblems as header:
        raise ImportInvalid(header.problems) from None
    units = {unit.code: unit for unit in db.session.scalars(select(Unit))}
    rows, problems = check_rows(table, {unit.code_key: unit for unit in units.values()}, today)
    if not rows and not problems:
        problems = [ImportProblem(None, None, N_("文件中没有数据行。"))]
    if problems:
        raise ImportInvalid(problems)

    fields = tuple(name for name in HEADERS if name != "employee_no"
                   and (name not in OPTIONAL_FIELDS or name in table.headers))
    named = {row.unit_code: units[row.unit_code] for row in rows}
    plan = ImportPlan(filename=filename, sha256=file_sha256(data),
                      deactivate_missing=deactivate_missing, fields=fields,
                      scope=sorted(named.values(), key=lambda u: u.path),
                      ignored_headers=table.ignored_headers)
    units_by_id = {unit.id: unit for unit in units.values()}
    existing = _members_by_employee_no(row.employee_no for row in rows)
    for row in rows:
        member = existing.get(row.employee_no)
        if member is None:
            plan.new.append(RowPlan(row))
            continue
        changes = _changes(member, row, fields, units_by_id)
        (plan.changed if changes else plan.unchanged).append(RowPlan(row, member, changes))
    in_file = {row.employee_no for row in rows}
    for member in _active_members_under(named.values(), units.values()):
        if member.employee_no in in_file:
            continue
        if actor is not None and member.id == actor.id:
            plan.actor_missing = True
            continue
        plan.missing.append(member)
    plan.missing.sort(key=lambda m: (units_by_id[m.unit_id].path, m.employee_no))
    return plan


def _members_by_employee_no(numbers: Iterable[str]) -> dict[str, Member]:
    wanted = sorted(set(numbers))
    found: dict[str, Member] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        for member in db.session.scalars(select(Member).where(Member.employee_no.in_(chunk))):
            found[member.employee_no] = member
    return found


def _active_members_under(named: Iterable[Unit], all_units: Iterable[Unit]) -> list[Member]:
    """Active members whose unit is a named unit or lies below one (paths: '/1/5/23/')."""
    named_ids = {str(unit.id) for unit in named}
    scope_ids = sorted(unit.id for unit in all_units
                       if named_ids.intersection(unit.path.strip("/").split("/")))
    members: list[Member] = []
    for start in range(0, len(scope_ids), CHUNK):
        chunk = scope_ids[start:start + CHUNK]
        members.extend(db.session.scalars(
            select(Member).where(Member.unit_id.in_(chunk), Member.active.is_(True))))
    return members


def _stored(member: Member, name: str, units_by_id: dict[int, Unit]) -> str:
    if name == "unit_code":
        return units_by_id[member.unit_id].code
    if name == "joined_party_on":
        return _date_text(member.joined_party_on)
    return getattr(member, name) or ""


def _incoming(row: MemberRow, name: str) -> str:
    if name == "joined_party_on":
        return _date_text(row.joined_party_on)
    return getattr(row, name)


def _changes(member: Member, row: MemberRow, fields: Sequence[str],
             units_by_id: dict[int, Unit]) -> list[FieldChange]:
    changes = [FieldChange(name, _stored(member, name, units_by_id), _incoming(row, name))
               for name in fields]
    changes = [change for change in changes if change.old != change.new]
    if not member.active:
        changes.append(FieldChange("active", "false", "true"))
    return changes


@dataclass(frozen=True)
class IssuedPassword:
    employee_no: str
    name: str
    password: str


@dataclass
class ImportResult:
    counts: dict[str, int]
    passwords: list[IssuedPassword]
    audit_id: int | None


def apply_plan(plan: ImportPlan, actor: Member | None, *, now: datetime, source: str,
               issue_passwords: bool = False) -> ImportResult:
    """Write the plan in the caller's transaction (flush, no commit) and audit it once."""
    units = {unit.code: unit for unit in plan.scope}
    created: list[Member] = []
    for item in plan.new:
        row = item.row
        member = Member(employee_no=row.employee_no, name=row.name,
                        unit_id=units[row.unit_code].id, political_status=row.political_status,
                        position=row.position, cadre_level=row.cadre_level,
                        party_post=row.party_post, joined_party_on=row.joined_party_on, email=row.email, phone=row.phone,
                        password_hash=None, must_change_password=True, active=True,
                        failed_logins=0, session_version=1)
        created.append(member)
    for item in plan.changed:
        assert item.member is not None
        for change in item.changes:
            _set(item.member, change.field, item.row, units)
    if plan.deactivate_missing:
        deactivate_members(plan.missing)
    passwords = _issue_passwords(created) if issue_passwords else []
    db.session.add_all(created)
    try:
        db.session.flush()
    except IntegrityError:  # e.g. a concurrent import created the same 工号
        raise ImportConflict() from None
    for item in plan.changed:
        if any(change.field == "unit_code" for change in item.changes):
            db.session.expire(item.member, ["unit"])  # loaded before the move
    audit = record_audit(actor, "member.import", "member_import", plan.sha256[:16],
                         summary=_summary(plan), details=_details(plan, source, len(passwords)))
    db.session.flush()
    return ImportResult(plan.counts, passwords, audit.id)


def _set(member: Member, name: str, row: MemberRow, units: dict[str, Unit]) -> None:
    if name == "active":
        member.active = True
    elif name == "unit_code":
        member.unit_id = units[row.unit_code].id
    else:
        setattr(member, name, getattr(row, name))


def _issue_passwords(created: list[Member]) -> list[IssuedPassword]:
    issued = initial_passwords([m.employee_no for m in created])
    result = []
    for member, (password, password_hash) in zip(created, issued, strict=True):
        member.password_hash = password_hash
        result.append(IssuedPassword(member.employee_no, member.name, password))
    return result


def _summary(plan: ImportPlan) -> str:
    c = plan.counts
    return (f"{plan.filename}：新增 {c['new']}，变更 {c['changed']}，停用 {c['deactivated']}，"
            f"未变 {c['unchanged']}")


def _details(plan: ImportPlan, source: str, passwords: int) -> dict:
    return {
        "source": source, "file": plan.filename, "sha256": plan.sha256,
        "deactivate_missing": plan.deactivate_missing, "counts": plan.counts,
        "initial_passwords": passwords,
        "created": [p.row.employee_no for p in plan.new],
        "changed": {p.row.employee_no: {c.field: [c.old, c.new] for c in p.changes}
                    for p in plan.changed},
        "deactivated": [m.employee_no for m in plan.missing] if plan.deactivate_missing else [],
    }
