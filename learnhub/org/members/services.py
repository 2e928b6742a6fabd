"""Rules for members: creating and editing them, initial passwords, locks and deactivation.
Members are never deleted; their records stay."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from learnhub.auth.passwords import password_problems
from learnhub.auth.services import end_sessions, is_locked, set_password, unlock
from learnhub.core.errors import Conflict, NotFound, ValidationFailed
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.grants.services import LastAdmin, active_admin_ids, lock_admin_set
from learnhub.org.models import PARTY_POST_VALUES, Member, PoliticalStatus, Unit
from learnhub.org.permissions import can_view_member
from learnhub.org.units.services import UnitInactive


class DuplicateEmployeeNo(Conflict):
    code = "duplicate_employee_no"
    message = "工号 %(employee_no)s 已存在。"


# Letters and digits a person can read aloud without confusing 0/O or 1/l/I.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
INITIAL_PASSWORD_LENGTH = 12

MEMBER_FIELDS = ("employee_no", "name", "unit_id", "political_status", "position",
                 "cadre_level", "party_post", "joined_party_on", "email", "phone")


@dataclass(frozen=True)
class MemberValues:
    """What an admin may set on a member (the form's cleaned data)."""

    employee_no: str
    name: str
    unit: Unit
    political_status: str
    position: str = ""
    cadre_level: str = ""
    party_post: str = ""  # a PartyPost value, or "" for none
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


def visible_member(actor: Member, member_id: int) -> Member:
    """The member if the actor may see them; NotFound otherwise, so ids outside the actor's
    scope say nothing."""
    member = get_member(member_id)
    if not can_view_member(actor, member):
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
    if values.party_post and values.party_post not in PARTY_POST_VALUES:
        raise ValidationFailed("党内职务无效。", fields={"party_post": "invalid"})
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
                    party_post=values.party_post, joined_party_on=values.joined_party_on, email=values.email.strip(),
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
           "party_post": values.party_post,
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


def deactivate_members(members: Sequence[Member]) -> None:
    """The one way members become inactive (admin page, member import, CLI): they can no
    longer log in and every session they had ends, so a cookie copied before cannot come
    back when they are reactivated. The site keeps at least one active admin."""
    if not members:
        return
    lock_admin_set()
    admins = active_admin_ids()
    if admins and admins <= {member.id for member in members}:
        raise LastAdmin("停用后将没有在册的系统管理员，请先把系统管理员角色授予其他成员。")
    for member in members:
        member.active = False
        end_sessions(member)
