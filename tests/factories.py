"""Functions that build valid objects and flush; pass keywords to override anything."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

from learnhub.auth.passwords import hash_password
from learnhub.extensions import db
from learnhub.org.grants.services import grant_role
from learnhub.org.models import Member, PoliticalStatus, Role, RoleGrant, Unit, UnitKind
from learnhub.org.units.services import create_unit

_serial = count(1)
PASSWORD = "correct-horse-battery"


def make_unit(parent: Unit | None = None, **overrides) -> Unit:
    n = next(_serial)
    values = {"code": f"U{n:05d}", "name": f"测试党支部{n}",
              "kind": UnitKind.BRANCH if parent else UnitKind.COMMITTEE}
    values.update(overrides)
    unit = create_unit(None, parent=parent, **values)
    db.session.flush()
    return unit


def make_member(unit: Unit | None = None, *, password: str | None = PASSWORD,
                roles: tuple[Role, ...] = (), **overrides) -> Member:
    n = next(_serial)
    unit = unit or make_unit()
    values = {
        "employee_no": f"T{n:06d}", "name": f"测试成员{n}", "unit": unit,
        "political_status": PoliticalStatus.MEMBER.value, "must_change_password": False,
        "password_hash": hash_password(password) if password else None,
        "joined_party_on": date(2015, 7, 1),
    }
    values.update(overrides)
    member = Member(**values)
    db.session.add(member)
    db.session.flush()
    for role in roles:
        grant_role(None, member, role, unit)
    return member


def make_grant(member: Member, role: Role, unit: Unit) -> RoleGrant:
    return grant_role(None, member, role, unit)


def make_credit(member: Member, hours: str = "2", *, kind: str = "manual",
                occurred_on: date | None = None, source_id: str | None = None):
    from learnhub.records.services import credit

    return credit(member, kind=kind, source_type="test", source_id=source_id or str(next(_serial)),
                  credit_hours=Decimal(hours), occurred_on=occurred_on or date(2026, 3, 1))
