"""Password rules and hashing. One hash per login; parameters come from config."""

from __future__ import annotations

from functools import cache
from importlib import resources

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from learnhub.core.messages import N_

MIN_LENGTH = 10

# Verified against when the 工号 is unknown, so a failed login costs the same either way.
_DUMMY_HASHES: dict[str, str] = {}


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("learnhub.data").joinpath("common-passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def password_problems(password: str, employee_no: str) -> list[str]:
    """Msgids of every rule the password breaks (empty when it is acceptable)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(N_("密码至少需要 10 个字符。"))
    if password.strip().lower() == employee_no.strip().lower():
        problems.append(N_("密码不能与工号相同。"))
    if password.lower() in common_passwords():
        problems.append(N_("这个密码太常见，容易被猜到，请换一个。"))
    return problems


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        # Spend the same work as a real check so timing does not reveal unknown accounts.
        method = current_app.config["PASSWORD_HASH_METHOD"]
        if method not in _DUMMY_HASHES:
            _DUMMY_HASHES[method] = generate_password_hash("not-a-password", method=method)
        check_password_hash(_DUMMY_HASHES[method], password)
        return False
    return check_password_hash(password_hash, password)
