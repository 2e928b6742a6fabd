"""Authentication rules: one message for every failure, locks, session versions."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from learnhub.auth.passwords import hash_password, password_problems, verify_password
from learnhub.core.errors import DomainError, ValidationFailed
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member


class LoginFailed(DomainError):
    """Wrong 工号, wrong password, locked or inactive: the member hears the same thing."""

    code = "login_failed"
    status = 401
    message = "工号或密码不正确，或账号暂时被锁定。"


class WeakPassword(ValidationFailed):
    code = "weak_password"


def find_by_employee_no(employee_no: str) -> Member | None:
    return db.session.scalar(select(Member).where(Member.employee_no == employee_no.strip()))


def is_locked(member: Member, now: datetime) -> bool:
    return member.locked_until is not None and member.locked_until > now


def authenticate(employee_no: str, password: str, *, now: datetime) -> Member:
    """Return the member or raise LoginFailed; counts failures and locks after too many."""
    member = find_by_employee_no(employee_no)
    if member is None or not member.active:
        verify_password(None, password)
        raise LoginFailed()
    locked = is_locked(member, now)
    if not verify_password(member.password_hash, password) or locked:
        if not locked:
            _count_failure(member, now)
        raise LoginFailed()
    member.failed_logins = 0
    member.locked_until = None
    member.last_login_at = now
    return member


def _count_failure(member: Member, now: datetime) -> None:
    member.failed_logins += 1
    if member.failed_logins >= current_app.config["LOCKOUT_THRESHOLD"]:
        member.locked_until = now + timedelta(minutes=current_app.config["LOCKOUT_MINUTES"])
        member.failed_logins = 0
        record_audit(None, "member.lock", "member", member.id,
                     summary=f"{member.employee_no} locked after repeated failed logins")


def unlock(actor: Member, member: Member) -> None:
    member.locked_until = None
    member.failed_logins = 0
    record_audit(actor, "member.unlock", "member", member.id, summary=member.employee_no)


def check_new_password(member: Member, new_password: str) -> None:
    problems = password_problems(new_password, member.employee_no)
    if problems:
        raise WeakPassword(problems[0], fields={"new_password": problems[0]})


def change_password(member: Member, *, current_password: str, new_password: str) -> None:
    """Change the password; every other copy of the session stops working."""
    if not verify_password(member.password_hash, current_password):
        raise ValidationFailed("当前密码不正确。", fields={"current_password": "wrong"})
    if current_password == new_password:
        raise WeakPassword("新密码不能与当前密码相同。",
                           fields={"new_password": "same"})
    check_new_password(member, new_password)
    set_password(member, new_password, must_change=False)
    record_audit(member, "member.password_change", "member", member.id,
                 summary=member.employee_no)


def set_password(member: Member, password: str, *, must_change: bool) -> None:
    member.password_hash = hash_password(password)
    member.must_change_password = must_change
    end_sessions(member)


def set_locale(member: Member, locale: str) -> None:
    """The member's language from now on, on every device."""
    if locale not in current_app.config["LANGUAGES"]:
        raise ValidationFailed("不支持该语言。", fields={"lang": "不支持该语言。"})
    member.locale = locale


def end_sessions(member: Member) -> None:
    """Bump the session version: every cookie issued before now is refused."""
    member.session_version = (member.session_version or 1) + 1
