"""Rules for role grants: a role on a unit covers its subtree, and the site always keeps an
active system administrator."""

from __future__ import annotations

from sqlalchemy import func, select

from learnhub.core.errors import Conflict, NotFound, ValidationFailed
from learnhub.core.transactions import take_turns
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member, Role, RoleGrant, Unit
from learnhub.org.permissions import forget_grants
from learnhub.org.units.services import UnitInactive


class LastAdmin(ValidationFailed):
    code = "last_admin"
    message = "这是最后一个系统管理员授权，撤销后将无人能管理系统。"


class DuplicateGrant(Conflict):
    code = "duplicate_grant"
    message = "该成员已在这个组织上拥有此角色。"


def get_grant(grant_id: int) -> RoleGrant:
    grant = db.session.get(RoleGrant, grant_id)
    if grant is None:
        raise NotFound()
    return grant


def grant_role(actor: Member | None, member: Member, role: Role, unit: Unit) -> RoleGrant:
    """The grant, made once: granting it again returns the existing one (the demo loader,
    `learnhub create-admin`)."""
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
        lock_admin_set()
        if db.session.scalar(select(RoleGrant.id).where(RoleGrant.id == grant.id)) is None:
            raise NotFound()  # revoked by someone else meanwhile
        holder = db.session.get(Member, grant.member_id, populate_existing=True)
        if holder is not None and holder.active:
            admins = db.session.scalar(
                select(func.count(RoleGrant.id)).join(Member, Member.id == RoleGrant.member_id)
                .where(RoleGrant.role == Role.ADMIN, Member.active.is_(True)))
            if (admins or 0) <= 1:
                raise LastAdmin()
    member = db.session.get(Member, grant.member_id)
    record_audit(actor, "grant.remove", "member", grant.member_id,
                 summary=f"{member.employee_no if member else ''} {grant.role.value}@{grant.unit.code}")
    db.session.delete(grant)
    db.session.flush()
    forget_grants()


# Any constant: the key of the PostgreSQL advisory lock held by every change that could
# leave the site without an active admin (revoking an admin grant, deactivating members).
ADMIN_SET_LOCK = 0x4C48_0002


def lock_admin_set() -> None:
    """Take turns before counting the admins, until the transaction ends.

    Two admins revoking each other's grant (or deactivating each other) at the same moment
    would each count two admins and together leave none: the second waits, and its count
    sees the first one's commit.
    """
    take_turns(db.session, ADMIN_SET_LOCK)


def active_admin_ids() -> set[int]:
    """The active members who hold the admin role somewhere."""
    return set(db.session.scalars(
        select(RoleGrant.member_id).join(Member, Member.id == RoleGrant.member_id)
        .where(RoleGrant.role == Role.ADMIN, Member.active.is_(True)).distinct()))
