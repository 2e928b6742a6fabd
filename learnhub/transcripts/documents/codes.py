"""Verification codes: 16 random characters and an 8-character keyed check.

The random part (80 bits from `secrets`) makes a code unguessable; the check, an HMAC of
the random part under LEARNHUB_SECRET_KEY, tells a code someone altered or mistyped
("not valid") apart from a well-formed one that was never issued ("no such document")
without a database row for every guess. Codes are stored, so a changed secret key leaves
issued codes verifiable; only the altered/unknown distinction of new guesses moves.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

RANDOM_CHARS = 16
CHECK_CHARS = 8
CODE_LENGTH = RANDOM_CHARS + CHECK_CHARS
_ALPHABET = re.compile(r"[A-Z2-7]+")  # RFC 4648 base32: no 0/1/8/9, so no O/0 or I/1 mix-up


def _check(random_part: str, key: str) -> str:
    digest = hmac.new(key.encode(), b"learnhub-document:" + random_part.encode(),
                      hashlib.sha256).digest()
    return base64.b32encode(digest[:5]).decode()


def new_code(key: str) -> str:
    random_part = base64.b32encode(secrets.token_bytes(10)).decode()
    return random_part + _check(random_part, key)


def normalise(text: str) -> str:
    """What a person typed or scanned: spaces and dashes dropped, upper case."""
    return re.sub(r"[\s\-]", "", text or "").upper()


def is_well_formed(code: str, key: str) -> bool:
    """The code has the right shape and its check matches: it could have been issued."""
    if len(code) != CODE_LENGTH or not _ALPHABET.fullmatch(code):
        return False
    return hmac.compare_digest(code[RANDOM_CHARS:], _check(code[:RANDOM_CHARS], key))


def grouped(code: str) -> str:
    """For print: XXXX-XXXX-… (normalise() takes the dashes out again)."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))
