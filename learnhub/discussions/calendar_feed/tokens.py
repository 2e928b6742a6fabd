"""Secret feed tokens: made, replaced and revoked by their member, looked up by hash.

A token is 32 random bytes (urlsafe base64); the database keeps only its SHA-256, so a
leaked backup or database read gives no working URL. Lookup is by the hash in an indexed
equality, so no comparison of the secret ever depends on how many of its characters are
right (the timing of a B-tree search over hashes says nothing about the token). Tokens are
never logged: no function here logs, and audit events carry the row id only.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from learnhub.core.errors import Conflict
from learnhub.discussions.calendar_feed.models import CalendarFeedToken
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member

TOKEN_BYTES = 32
# token_urlsafe(32) gives 43 characters; anything far from that is not ours (and not
# worth hashing).
MAX_TOKEN_CHARS = 64


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def live_token(member: Member) -> CalendarFeedToken | None:
    """The member's unrevoked token row (its hash and dates; the token is gone)."""
    return db.session.scalar(select(CalendarFeedToken).where(
        CalendarFeedToken.member_id == member.id, CalendarFeedToken.revoked_at.is_(None)))


def revoke(member: Member, *, now: datetime) -> bool:
    """Revoke the member's live token, if any; True when one was revoked."""
    revoked = db.session.execute(
        update(CalendarFeedToken)
        .where(CalendarFeedToken.member_id == member.id, CalendarFeedToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .returning(CalendarFeedToken.id)
    ).scalars().all()
    for token_id in revoked:
        record_audit(member, "calendar_feed.revoke", "calendar_feed_token", token_id)
    return bool(revoked)


class TokenRaced(Conflict):
    """Another request made a new URL at the same moment; that one stands."""

    code = "calendar_feed_raced"
    message = "订阅地址刚刚已在另一个窗口或请求中重新生成，以那一次显示的地址为准。如果没有看到它，请再次重新生成。"


def issue(member: Member, *, now: datetime) -> str:
    """Revoke any live token and make a new one; returns the token, which only this
    response will ever show (the caller puts it in the URL and forgets it).

    Two clicks at once: the second one's revoke finds nothing to revoke (the first one's
    row is not committed, or not visible to it, yet) and its insert then hits the partial
    unique index; it raises `TokenRaced`, so the first URL, already shown, stays valid."""
    revoke(member, now=now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row = CalendarFeedToken(member_id=member.id, token_hash=hash_token(token), created_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        raise TokenRaced() from None
    record_audit(member, "calendar_feed.issue", "calendar_feed_token", row.id)
    return token


def member_for_token(token: str) -> Member | None:
    """The active member whose live token this is, or None (unknown, revoked, or the
    member was deactivated). One query: the token row and its member together."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        return None
    row = db.session.scalar(
        select(CalendarFeedToken)
        .join(CalendarFeedToken.member)
        .options(contains_eager(CalendarFeedToken.member))
        .where(CalendarFeedToken.token_hash == hash_token(token),
               CalendarFeedToken.revoked_at.is_(None), Member.active.is_(True)))
    return row.member if row is not None else None
