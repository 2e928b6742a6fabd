"""Rules for the org tree: creating, renaming, moving and (de)activating units."""

from __future__ import annotations

from sqlalchemy import func, select, update

from learnhub.core.errors import Conflict, NotFound, ValidationFailed
from learnhub.core.transactions import take_turns
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member, Unit, UnitKind, unit_code_key


class WouldCreateCycle(ValidationFailed):
    code = "cycle"
    message = "不能把组织移动到它自己或它的下级组织之下。"


class DuplicateCode(Conflict):
    code = "duplicate_code"
    message = "组织编码 %(code)s 已存在。"


class UnitInactive(ValidationFailed):
    code = "unit_inactive"
    message = "组织 %(code)s 已停用，不能再分配成员。"


def get_unit(unit_id: int) -> Unit:
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        raise NotFound()
    return unit


def unit_by_code(code: str) -> Unit | None:
    """The unit with this code, written in any case."""
    return db.session.scalar(select(Unit).where(Unit.code_key == unit_code_key(code)))


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
    take_turns(db.session, UNIT_MOVE_LOCK)
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
