"""Rules for the org tree, members and role grants."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select, update

from learnhub.core.errors import Conflict, NotFound, ValidationFailed
from learnhub.extensions import db
from learnhub.org.audit import record_audit
from learnhub.org.models import Member, Role, RoleGrant, Unit, UnitKind
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
    return db.session.scalar(select(Unit).where(Unit.code == code))


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
    unit = Unit(code=code, name=name.strip(), kind=kind, parent_id=parent.id if parent else None,
                depth=(parent.depth + 1) if parent else 0, path="")
    db.session.add(unit)
    db.session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    record_audit(actor, "unit.create", "unit", unit.id, summary=f"{code} {name}")
    return unit


def rename_unit(actor: Member, unit: Unit, *, name: str, kind: UnitKind | None = None) -> Unit:
    old = unit.name
    unit.name = name.strip()
    if kind is not None:
        unit.kind = kind
    record_audit(actor, "unit.rename", "unit", unit.id, summary=f"{old} → {unit.name}")
    return unit


def move_unit(actor: Member, unit: Unit, new_parent: Unit) -> Unit:
    """Re-parent a unit; the whole subtree's paths are rewritten in one UPDATE."""
    if new_parent.path.startswith(unit.path):
        raise WouldCreateCycle()
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
