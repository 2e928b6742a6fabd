"""Rules for the org tree, members and role grants."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update

from learnhub.auth.passwords import password_problems
from learnhub.auth.services import end_sessions, is_locked, set_password, unlock
from learnhub.core.errors import Conflict, NotFound, ValidationFailed
from learnhub.extensions import db
from learnhub.org.audit import record_audit
from learnhub.org.models import (
    Member,
    PoliticalStatus,
    Role,
    RoleGrant,
    Unit,
    UnitKind,
    unit_code_key,
)
from learnhub.org.permissions import forget_grants


class WouldCreateCycle(ValidationFailed):
    code = "cycle"
    message = "不能把组织移动到它自己或它的下级组织之下。"


class DuplicateCode(Conflict):
    code = "duplicate_code"
    message = "组织编码 %(code)s 已存在。"


class DuplicateEmployeeNo(Conflict):
    code = "duplicate_employee_no"
    message = "工号 %(employee_no)s 已存在。"


def get_unit(unit_id: int) -> Unit:
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        raise NotFound()
    return unit


def unit_by_code(code: str) -> Unit | None:
    """The unit with this code, written in any case."""
    return db.session.scalar(select(Unit).where(Unit.code_key == unit_code_key(code)))


def root_units() -> Sequence[Unit]:
    return db.session.scalars(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id)).all()


def subtree(unit: Unit, *, include_inactive: bool = True) -> Sequence[Unit]:
    """The unit and everything under it, in tree order (path order)."""
    query = select(Unit).where(Unit.path.like(unit.path + "%"))
    if not include_inactive:
        query = query.where(Unit.active.is_(True))
    return db.session.scalars(query.order_by(Unit.path)).all()


def all_units_in_tree_order() -> Sequence[Unit]:
    return db.session.scalars(select(Unit).order_by(Unit.path)).all()


def create_unit(actor: Member | None, *, code: str, name: str, kind: UnitKind,
                parent: Unit | None) -> Unit:
    code = code.strip()
    if unit_by_code(code) is not None:
        raise DuplicateCode(code=code)
    if parent is not None and not parent.active:
        raise ValidationFailed("不能在已停用的组织下新建组织。")
    unit = Unit(code=code, name=name.strip(), kind=kind, parent_id=parent.id if parent else None,
                depth=(parent.depth + 1) if parent else 0, path="")
    db.session.add(unit)
    db.session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    record_audit(actor, "unit.create", "unit", unit.id, summary=f"{code} {name}")
    return unit


def rename_unit(actor: Member, unit: Unit, *, name: str, kind: UnitKind | None = None) -> Unit:
    old, old_kind = unit.name, unit.kind
    unit.name = name.strip()
    if kind is not None:
        unit.kind = kind
    changes = {key: [before, after] for key, before, after in (
        ("name", old, unit.name), ("kind", old_kind.value, unit.kind.value)) if before != after}
    record_audit(actor, "unit.rename", "unit", unit.id, summary=f"{old} → {unit.name}",
                 details=changes)
    return unit


def check_move(unit: Unit, new_parent: Unit) -> None:
    """Refuse a move before asking for confirmation: cycles, no-ops, inactive parents."""
    if new_parent.path.startswith(unit.path):
        raise WouldCreateCycle()
    if new_parent.id == unit.parent_id:
        raise ValidationFailed("该组织已经在所选上级组织之下。")
    if not new_parent.active:
        raise ValidationFailed("不能移动到已停用的组织之下。")


# Any constant: the key of the PostgreSQL advisory lock that lets one unit move run at a time.
UNIT_MOVE_LOCK = 0x4C48_0001


def move_unit(actor: Member, unit: Unit, new_parent: Unit) -> Unit:
    """Re-parent a unit; the whole subtree's paths are rewritten in one UPDATE."""
    # Two moves at once (A under a unit of B's subtree, B under one of A's) would each pass
    # the cycle check and together make a cycle: take turns, then check the paths as stored.
    # SQLite has a single writer already.
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(func.pg_advisory_xact_lock(UNIT_MOVE_LOCK)))
    db.session.refresh(unit)
    db.session.refresh(new_parent)
    check_move(unit, new_parent)
    old_path = unit.path
    new_path = f"{new_parent.path}{unit.id}/"
    depth_shift = (new_parent.depth + 1) - unit.depth
    db.session.flush()
    db.session.execute(
        update(Unit)
        .where(Unit.path.like(old_path + "%"))
        .values(path=new_path + func.substr(Unit.path, len(old_path) + 1),
                depth=Unit.depth + depth_shift)
        .execution_options(synchronize_session=False)
    )
    unit.parent_id = new_parent.id
    db.session.flush()
    db.session.expire_all()
    record_audit(actor, "unit.move", "unit", unit.id,
                 summary=f"{old_path} → {new_path}", details={"parent_id": new_parent.id})
    return db.session.get(Unit, unit.id)  # type: ignore[return-value]


def set_unit_active(actor: Member, unit: Unit, active: bool) -> Unit:
    if not active:
        busy = db.session.scalar(
            select(func.count(Member.id)).join(Member.unit)
            .where(Unit.path.like(unit.path + "%"), Member.active.is_(True))
        )
        if busy:
            raise ValidationFailed("该组织及其下级仍有 %(count)s 名在册成员，请先调出或停用。",
                                   count=busy)
        db.session.execute(
            update(Unit).where(Unit.path.like(unit.path + "%")).values(active=False)
            .execution_options(synchronize_session=False)
        )
        db.session.expire_all()
    else:
        parent = db.session.get(Unit, unit.parent_id) if unit.parent_id else None
        if parent is not None and not parent.active:
            raise ValidationFailed("上级组织已停用，请先启用上级组织。")
        unit.active = True
    record_audit(actor, "unit.activate" if active else "unit.deactivate", "unit", unit.id,
                 summary=unit.code)
    return unit


def grant_role(actor: Member | None, member: Member, role: Role, unit: Unit) -> RoleGrant:
    existing = db.session.scalar(select(RoleGrant).where(
        RoleGrant.member_id == member.id, RoleGrant.role == role, RoleGrant.unit_id == unit.id))
    if existing is not None:
        return existing
    grant = RoleGrant(member_id=member.id, role=role, unit_id=unit.id,
                      granted_by_id=actor.id if actor else None)
    db.session.add(grant)
    db.session.flush()
    forget_grants()
    record_audit(actor, "grant.add", "member", member.id,
                 summary=f"{member.employee_no} {role.value}@{unit.code}")
    return grant


def revoke_role(actor: Member, grant: RoleGrant) -> None:
    member = db.session.get(Member, grant.member_id)
    record_audit(actor, "grant.remove", "member", grant.member_id,
                 summary=f"{member.employee_no if member else ''} {grant.role.value}@{grant.unit.code}")
    db.session.delete(grant)
    db.session.flush()
    forget_grants()


# Members ---------------------------------------------------------------------------------

class UnitInactive(ValidationFailed):
    code = "unit_inactive"
    message = "组织 %(code)s 已停用，不能再分配成员。"


class LastAdmin(ValidationFailed):
    code = "last_admin"
    message = "这是最后一个系统管理员授权，撤销后将无人能管理系统。"


class DuplicateGrant(Conflict):
    code = "duplicate_grant"
    message = "该成员已在这个组织上拥有此角色。"


# Letters and digits a person can read aloud without confusing 0/O or 1/l/I.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
INITIAL_PASSWORD_LENGTH = 12

MEMBER_FIELDS = ("employee_no", "name", "unit_id", "political_status", "position",
                 "cadre_level", "joined_party_on", "email", "phone")


@dataclass(frozen=True)
class MemberValues:
    """What an admin may set on a member (the form's cleaned data)."""

    employee_no: str
    name: str
    unit: Unit
    political_status: str
    position: str = ""
    cadre_level: str = ""
    joined_party_on: date | None = None
    email: str = ""
    phone: str = ""


def generate_initial_password(employee_no: str) -> str:
    """A random password that passes the password rules; shown to the admin once."""
    while True:
        password = "".join(secrets.choice(PASSWORD_ALPHABET)
                           for _ in range(INITIAL_PASSWORD_LENGTH))
        if not password_problems(password, employee_no):
            return password


def get_member(member_id: int) -> Member:
    member = db.session.get(Member, member_id)
    if member is None:
        raise NotFound()
    return member


def member_by_employee_no(employee_no: str) -> Member | None:
    return db.session.scalar(select(Member).where(Member.employee_no == employee_no.strip()))


def _check_member_values(values: MemberValues, *, today: date,
                         member: Member | None = None) -> None:
    other = member_by_employee_no(values.employee_no)
    if other is not None and (member is None or other.id != member.id):
        raise DuplicateEmployeeNo(employee_no=values.employee_no.strip(),
                                  fields={"employee_no": "duplicate"})
    if not values.unit.active and (member is None or member.unit_id != values.unit.id):
        raise UnitInactive(code=values.unit.code, fields={"unit_code": "inactive"})
    if values.political_status not in {s.value for s in PoliticalStatus}:
        raise ValidationFailed("政治面貌无效。", fields={"political_status": "invalid"})
    if values.joined_party_on is not None and values.joined_party_on > today:
        raise ValidationFailed("入党日期不能晚于今天。", fields={"joined_party_on": "future"})


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def create_member(actor: Member, values: MemberValues, *, today: date) -> tuple[Member, str]:
    """A new member with a one-time initial password they must change at first login."""
    _check_member_values(values, today=today)
    member = Member(employee_no=values.employee_no.strip(), name=values.name.strip(),
                    unit_id=values.unit.id, political_status=values.political_status,
                    position=values.position.strip(), cadre_level=values.cadre_level.strip(),
                    joined_party_on=values.joined_party_on, email=values.email.strip(),
                    phone=values.phone.strip(), active=True, failed_logins=0)
    password = generate_initial_password(member.employee_no)
    set_password(member, password, must_change=True)
    db.session.add(member)
    db.session.flush()
    details = {name: _plain(getattr(member, name)) for name in MEMBER_FIELDS
               if getattr(member, name) not in (None, "")}
    record_audit(actor, "member.create", "member", member.id,
                 summary=f"{member.employee_no} {member.name}", details=details)
    return member, password


def update_member(actor: Member, member: Member, values: MemberValues, *,
                  today: date) -> dict[str, list]:
    """Apply the changed fields; the audit row lists each as [old, new]."""
    _check_member_values(values, today=today, member=member)
    new = {"employee_no": values.employee_no.strip(), "name": values.name.strip(),
           "unit_id": values.unit.id, "political_status": values.political_status,
           "position": values.position.strip(), "cadre_level": values.cadre_level.strip(),
           "joined_party_on": values.joined_party_on, "email": values.email.strip(),
           "phone": values.phone.strip()}
    changes: dict[str, list] = {}
    for name, value in new.items():
        old = getattr(member, name)
        if old != value:
            changes[name] = [_plain(old), _plain(value)]
            setattr(member, name, value)
    if changes:
        db.session.flush()
        if "unit_id" in changes:
            db.session.expire(member, ["unit"])
        record_audit(actor, "member.update", "member", member.id,
                     summary=f"{member.employee_no} {member.name}", details=changes)
    return changes


def reset_password(actor: Member, member: Member) -> str:
    """A fresh one-time password; every session the member had ends."""
    password = generate_initial_password(member.employee_no)
    set_password(member, password, must_change=True)
    member.failed_logins = 0
    record_audit(actor, "member.password_reset", "member", member.id,
                 summary=member.employee_no)
    return password


def unlock_member(actor: Member, member: Member, *, now: datetime) -> None:
    if not is_locked(member, now):
        raise ValidationFailed("该账号当前没有被锁定。")
    unlock(actor, member)  # records member.unlock


def set_member_active(actor: Member, member: Member, active: bool) -> None:
    """Members are never deleted (their records stay); deactivating ends their sessions."""
    if member.active == active:
        return
    if not active:
        if member.id == actor.id:
            raise ValidationFailed("不能停用自己的账号。")
        deactivate_members([member])
    else:
        if not member.unit.active:
            raise UnitInactive(code=member.unit.code)
        member.active = True
    record_audit(actor, "member.activate" if active else "member.deactivate", "member",
                 member.id, summary=f"{member.employee_no} {member.name}")


# Role grants -----------------------------------------------------------------------------

def get_grant(grant_id: int) -> RoleGrant:
    grant = db.session.get(RoleGrant, grant_id)
    if grant is None:
        raise NotFound()
    return grant


def add_grant(actor: Member, member: Member, role: Role, unit: Unit) -> RoleGrant:
    """Grant a role on a unit (covering its subtree) to an active member, once."""
    if not member.active:
        raise ValidationFailed("成员 %(employee_no)s 已停用，不能授权。",
                               employee_no=member.employee_no, fields={"employee_no": "inactive"})
    if not unit.active:
        raise UnitInactive(code=unit.code, fields={"unit_code": "inactive"})
    existing = db.session.scalar(select(RoleGrant.id).where(
        RoleGrant.member_id == member.id, RoleGrant.role == role, RoleGrant.unit_id == unit.id))
    if existing is not None:
        raise DuplicateGrant()
    return grant_role(actor, member, role, unit)


def remove_grant(actor: Member, grant: RoleGrant) -> None:
    if grant.role == Role.ADMIN:
        _lock_admin_set()
        if db.session.scalar(select(RoleGrant.id).where(RoleGrant.id == grant.id)) is None:
            raise NotFound()  # revoked by someone else meanwhile
        holder = db.session.get(Member, grant.member_id, populate_existing=True)
        if holder is not None and holder.active:
            admins = db.session.scalar(
                select(func.count(RoleGrant.id)).join(Member, Member.id == RoleGrant.member_id)
                .where(RoleGrant.role == Role.ADMIN, Member.active.is_(True)))
            if (admins or 0) <= 1:
                raise LastAdmin()
    revoke_role(actor, grant)


# Any constant: the key of the PostgreSQL advisory lock held by every change that could
# leave the site without an active admin (revoking an admin grant, deactivating members).
ADMIN_SET_LOCK = 0x4C48_0002


def _lock_admin_set() -> None:
    """Take turns before counting the admins, until the transaction ends.

    Two admins revoking each other's grant (or deactivating each other) at the same moment
    would each count two admins and together leave none. On PostgreSQL the advisory lock
    makes the second wait; its count, a new statement under READ COMMITTED, then sees the
    first one's commit. SQLite has a single writer already (BEGIN IMMEDIATE in requests; a
    deferred transaction whose snapshot went stale fails to write).
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(func.pg_advisory_xact_lock(ADMIN_SET_LOCK)))


def _active_admin_ids() -> set[int]:
    return set(db.session.scalars(
        select(RoleGrant.member_id).join(Member, Member.id == RoleGrant.member_id)
        .where(RoleGrant.role == Role.ADMIN, Member.active.is_(True)).distinct()))


def deactivate_members(members: Sequence[Member]) -> None:
    """The one way members become inactive (admin page, member import, CLI): they can no
    longer log in and every session they had ends, so a cookie copied before cannot come
    back when they are reactivated. The site keeps at least one active admin."""
    if not members:
        return
    _lock_admin_set()
    admins = _active_admin_ids()
    if admins and admins <= {member.id for member in members}:
        raise LastAdmin("停用后将没有在册的系统管理员，请先把系统管理员角色授予其他成员。")
    for member in members:
        member.active = False
        end_sessions(member)
