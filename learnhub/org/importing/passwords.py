"""Initial passwords for imported members, hashed with the site's password hash.

The site hash is slow on purpose, so hashing is most of the cost of a large import. The
hashes run on a few threads (hashlib's scrypt releases the GIL), which divides that cost by
about the number of cores; the preview estimates it from one timed hash.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from flask import current_app

from learnhub.auth.passwords import hash_password
from learnhub.core.exports import csv_bytes
from learnhub.org.members.services import generate_initial_password


def hash_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def initial_passwords(employee_nos: Sequence[str]) -> list[tuple[str, str]]:
    """(password, hash) for each 工号, in order."""
    passwords = [generate_initial_password(number) for number in employee_nos]
    if len(passwords) < 8:
        return [(password, hash_password(password)) for password in passwords]
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def hash_in_app(password: str) -> str:
        with app.app_context():
            return hash_password(password)

    with ThreadPoolExecutor(max_workers=hash_workers()) as pool:
        hashes = list(pool.map(hash_in_app, passwords))
    return list(zip(passwords, hashes, strict=True))


def estimated_seconds(count: int) -> float:
    """How long hashing `count` initial passwords will take here, from one timed hash."""
    if count <= 0:
        return 0.0
    started = time.perf_counter()
    hash_password("estimate-only-password")
    one = time.perf_counter() - started
    workers = hash_workers() if count >= 8 else 1
    return one * count / workers


PASSWORD_CSV_HEADER = ("工号", "姓名", "初始密码")


def passwords_csv(issued: Sequence) -> bytes:
    """工号,姓名,初始密码 for the admin to hand out (UTF-8 BOM, formula-safe cells)."""
    return csv_bytes(PASSWORD_CSV_HEADER, [(p.employee_no, p.name, p.password) for p in issued])
