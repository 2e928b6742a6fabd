"""Read-side queries about role grants: the grant list and one member's grants."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import aliased

from learnhub.core.pagination import Page, paginate
from learnhub.extensions import db
from learnhub.org.models import Member, Role, RoleGrant


def grant_page(*, role: str = "", employee_no: str = "", page: int, per_page: int) -> Page:
    """Rows of (grant, member, granted-by name or None), newest first.

    Only the granter's name is selected: loading the whole entity would bring its
    inner-joined unit, which would drop the grants nobody granted (demo, CLI)."""
    granter = aliased(Member)
    query = (select(RoleGrant, Member, granter.name.label("granted_by"))
             .join(Member, Member.id == RoleGrant.member_id)
             .outerjoin(granter, granter.id == RoleGrant.granted_by_id))
    if role:
        query = query.where(RoleGrant.role == Role(role))
    if employee_no:
        query = query.where(Member.employee_no.istartswith(employee_no, autoescape=True))
    query = query.order_by(RoleGrant.granted_at.desc(), RoleGrant.id.desc())
    return paginate(query, page=page, per_page=per_page, scalars=False)


def member_grants(member: Member) -> Sequence[RoleGrant]:
    return db.session.scalars(select(RoleGrant).where(RoleGrant.member_id == member.id)
                              .order_by(RoleGrant.granted_at)).all()
