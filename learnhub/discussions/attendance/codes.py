"""The rotating sign-in code and its QR image.

Like TOTP (RFC 6238): the code for a 30-second step is HMAC-SHA256(meeting's secret, step
number as 8 bytes), dynamically truncated to 6 digits. The current step and the one
before are accepted, so a code typed in its last seconds still works; any older code is
"expired". The QR code is made here as SVG (segno), never by an outside service.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

import segno
from markupsafe import Markup

STEP_SECONDS = 30
DIGITS = 6
ACCEPTED_STEPS = 2  # the current step and the previous one
EXPIRED_STEPS = 20  # a code of the last 10 minutes, no longer accepted, reads as expired


def new_secret() -> str:
    return secrets.token_hex(32)


def step_of(now: datetime) -> int:
    return int(now.timestamp()) // STEP_SECONDS


def seconds_left(now: datetime) -> int:
    """Seconds until the next code (1..30)."""
    return STEP_SECONDS - int(now.timestamp()) % STEP_SECONDS


def code_for_step(secret: str, step: int) -> str:
    digest = hmac.new(bytes.fromhex(secret), step.to_bytes(8, "big"), hashlib.sha256).digest()
    offset = digest[-1] & 0x0F
    number = int.from_bytes(digest[offset:offset + 4], "big") & 0x7FFFFFFF
    return str(number % 10**DIGITS).zfill(DIGITS)


def current_code(secret: str, now: datetime) -> str:
    return code_for_step(secret, step_of(now))


def normalise(code: str) -> str:
    """What the member typed, without spaces (a phone may add them) or full-width digits."""
    return "".join(str(int(ch)) if ch.isdigit() else ch for ch in code if not ch.isspace())


def check(secret: str, code: str, now: datetime) -> str:
    """"ok" for the current or previous step's code, "expired" for an older recent one,
    "wrong" otherwise. Compared in constant time."""
    typed = normalise(code)
    if len(typed) != DIGITS or not typed.isdigit():
        return "wrong"
    step = step_of(now)
    for back in range(EXPIRED_STEPS):
        if hmac.compare_digest(code_for_step(secret, step - back), typed):
            return "ok" if back < ACCEPTED_STEPS else "expired"
    return "wrong"


def qr_svg(url: str, title: str) -> Markup:
    """The QR code for `url` as inline SVG, sized by the page's CSS (no fixed size)."""
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=1, border=2, dark="#000000", light="#ffffff",
                        omitsize=True, title=title, svgclass="signin-qr__image")
    return Markup(svg)  # noqa: S704 - segno's markup; `title` is escaped by segno
