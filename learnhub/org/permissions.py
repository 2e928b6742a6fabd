"""Who may do what. Roles are granted on a unit and cover its subtree; `admin` covers all.

Checks take the actor's grants once per request (cached on `flask.g`), and list
queries use `scope_filter` so scoping happens in SQL, not after loading.
"""

from __future__ import annotations

import functools

from flask import current_app, g, has_app_context, has_request_context
from sqlalchemy import ColumnElement, Select, bindparam, false, or_, select, true
from sqlalchemy.orm import aliased, contains_eager, defer

from learnhub.extensions import db
from learnhub.org.models import Member, Role, RoleGrant, Unit


def grants_of(actor: Member) -> list[RoleGrant]:
    cache: dict[int, list[RoleGrant]] | None = None
    if has_request_context():
        cache = g.setdefault("_grants", {})
        if actor.id in cache:
            return cache[actor.id]
    grants = list(db.session.scalars(select(RoleGrant).where(RoleGrant.member_id == actor.id)))
    if cache is not None:
        cache[actor.id] = grants
    return grants


@functools.cache
def _member_with_grants_query(badges: tuple = ()) -> Select:
    """Built once (bound parameter): constructing it costs more CPU than running it.
    `badges`: the menu's badge functions (core.feature.NavItem.badge), read as columns."""
    grant_unit = aliased(Unit)
    return (select(Member, RoleGrant, *(badge() for badge in badges))
            .outerjoin(RoleGrant, RoleGrant.member_id == Member.id)
            .outerjoin(grant_unit, grant_unit.id == RoleGrant.unit_id)
            .options(contains_eager(RoleGrant.unit.of_type(grant_unit))
                     .load_only(grant_unit.path),
                     defer(Member.password_hash), defer(Member.failed_logins),
                     defer(Member.locked_until), defer(Member.last_login_at),
                     defer(Member.created_at), defer(Member.updated_at))
            .where(Member.id == bindparam("member_id")))


def load_member_with_grants(member_id: int) -> Member | None:
    """The member and their role grants in one statement, the grants kept for this request.

    Every page needs both (the session check, then the navigation and access checks), so
    one round trip instead of two on every request. Columns that only sign-in and the
    admin pages read (the password hash, lock-out state, timestamps) are left out; they
    load on access.
    """
    items = _badge_items()
    query = _member_with_grants_query(tuple(item.badge for item in items))
    rows = db.session.execute(query, {"member_id": member_id}).all()
    if not rows:
        return None
    member = rows[0][0]
    if has_request_context():
        g.setdefault("_grants", {})[member.id] = [row[1] for row in rows if row[1] is not None]
        g.nav_badges = {item.endpoint: rows[0][2 + i] for i, item in enumerate(items)}
    return member


def _badge_items() -> tuple:
    """The menu entries with a badge (core.feature.NavItem.badge), from the registry."""
    from learnhub.core.feature import REGISTRY_KEY

    if not has_app_context():
        return ()
    installed = current_app.extensions.get(REGISTRY_KEY)
    return installed.nav_badges if installed is not None else ()


def forget_grants() -> None:
    if has_request_context():
        g.pop("_grants", None)


def is_admin(actor: Member | None) -> bool:
    if actor is None or not actor.is_authenticated:
        return False
    return any(gr.role == Role.ADMIN for gr in grants_of(actor))


def has_role(actor: Member | None, role: Role, unit: Unit | None = None) -> bool:
    """True if the actor holds `role` (on `unit`'s ancestors when given); admin implies all."""
    if actor is None or not actor.is_authenticated:
        return False
    for grant in grants_of(actor):
        if grant.role not in (role, Role.ADMIN):
            continue
        if unit is None or unit.path.startswith(grant.unit.path):
            return True
    return False


def role_names(actor: Member) -> list[str]:
    return sorted({gr.role.value for gr in grants_of(actor)})


def roles_by_member(path: str | None = None) -> dict[int, frozenset[str]]:
    """Member id → role names, for every member with a grant (of the subtree at `path`,
    when given): one query, for the lists that match many members against role rules."""
    query = select(RoleGrant.member_id, RoleGrant.role)
    if path is not None:
        query = (query.join(Member, RoleGrant.member_id == Member.id)
                 .join(Unit, Member.unit_id == Unit.id).where(Unit.path.startswith(path)))
    found: dict[int, set[str]] = {}
    for member_id, role in db.session.execute(query):
        found.setdefault(member_id, set()).add(getattr(role, "value", role))
    return {member_id: frozenset(names) for member_id, names in found.items()}


def scope_paths(actor: Member, role: Role) -> list[str] | None:
    """Unit paths whose subtrees the actor covers with `role`; None means everything."""
    if is_admin(actor):
        return None
    return [gr.unit.path for gr in grants_of(actor) if gr.role == role]


def scope_filter(actor: Member, role: Role, path_column=Unit.path) -> ColumnElement[bool]:
    """SQL condition: `path_column` lies in a subtree the actor covers with `role`."""
    paths = scope_paths(actor, role)
    if paths is None:
        return true()
    if not paths:
        return false()
    return or_(*[path_column.like(p + "%") for p in paths])


def can_view_member(actor: Member, member: Member) -> bool:
    """A member sees themself; a manager sees their subtree; an admin sees everyone."""
    return actor.id == member.id or has_role(actor, Role.MANAGER, member.unit)


def can_train_for(actor: Member, unit: Unit | None = None) -> bool:
    """Trainer on `unit` or above it (on some unit, without one); an admin, a site role,
    trains for every unit."""
    return is_admin(actor) or has_role(actor, Role.TRAINER, unit)
