"""The rotating code: TOTP-like steps of 30 seconds, the previous step accepted, older
codes expired, and the QR code made on the server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import segno

from learnhub.discussions.attendance import codes

SECRET = "00" * 31 + "01"
T0 = datetime(2026, 12, 8, 6, 0, 0, tzinfo=UTC)  # a step boundary (timestamp % 30 == 0)


def test_the_code_is_six_digits_and_stays_the_same_within_a_step():
    code = codes.current_code(SECRET, T0)
    assert len(code) == 6 and code.isdigit()
    assert codes.current_code(SECRET, T0 + timedelta(seconds=29)) == code
    assert codes.seconds_left(T0) == 30 and codes.seconds_left(T0 + timedelta(seconds=29)) == 1


def test_the_code_changes_every_thirty_seconds():
    seen = [codes.current_code(SECRET, T0 + timedelta(seconds=30 * n)) for n in range(20)]
    assert len(set(seen)) >= 19  # a repeat of 6 digits in 20 steps is a 1-in-5000 chance


def test_the_code_is_hmac_sha256_of_the_step_like_totp():
    import hashlib
    import hmac

    step = int(T0.timestamp()) // 30
    digest = hmac.new(bytes.fromhex(SECRET), step.to_bytes(8, "big"), hashlib.sha256).digest()
    offset = digest[-1] & 0x0F
    expected = (int.from_bytes(digest[offset:offset + 4], "big") & 0x7FFFFFFF) % 1_000_000
    assert codes.current_code(SECRET, T0) == f"{expected:06d}"


def test_each_meeting_has_its_own_codes():
    other = codes.new_secret()
    assert len(other) == 64 and other != codes.new_secret()
    assert codes.current_code("ab" * 32, T0) != codes.current_code(SECRET, T0)


def test_the_current_and_the_previous_step_are_accepted():
    now = T0 + timedelta(seconds=3)  # the previous code was shown until 3 seconds ago
    assert codes.check(SECRET, codes.current_code(SECRET, now), now) == "ok"
    previous = codes.current_code(SECRET, now - timedelta(seconds=30))
    assert codes.check(SECRET, previous, now) == "ok"


def test_a_code_two_steps_old_is_expired():
    now = T0 + timedelta(seconds=3)
    old = codes.current_code(SECRET, now - timedelta(seconds=60))
    assert codes.check(SECRET, old, now) == "expired"
    assert codes.check(SECRET, codes.current_code(SECRET, now), now + timedelta(seconds=60)) \
        == "expired"


def test_a_future_code_is_not_accepted():
    now = T0 + timedelta(seconds=3)
    future = codes.current_code(SECRET, now + timedelta(seconds=30))
    assert codes.check(SECRET, future, now) == "wrong"


def test_wrong_shapes_are_wrong_and_spaces_and_full_width_digits_are_forgiven():
    code = codes.current_code(SECRET, T0)
    assert codes.check(SECRET, f"{code[:3]} {code[3:]}", T0) == "ok"
    full_width = "".join(chr(ord(ch) - ord("0") + ord("０")) for ch in code)
    assert codes.check(SECRET, full_width, T0) == "ok"
    for typed in ("", "12345", "1234567", "abcdef", code + "0"):
        assert codes.check(SECRET, typed, T0) == "wrong"


def test_the_qr_code_is_inline_svg_of_the_url():
    url = "http://learnhub.example/meetings/7/signin?code=123456"
    svg = str(codes.qr_svg(url, f"签到二维码：{url}"))
    assert svg.startswith("<svg") and "<title>签到二维码：" + url + "</title>" in svg
    assert "http" not in svg.split("</title>", 1)[1]  # no outside image: paths only
    assert svg == segno.make(url, error="m").svg_inline(
        scale=1, border=2, dark="#000000", light="#ffffff", omitsize=True,
        title=f"签到二维码：{url}", svgclass="signin-qr__image")
