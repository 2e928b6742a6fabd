"""Making, listing and reading notifications. Any feature calls `notify`; nothing here
knows what the notifications are about."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import ColumnElement, func, insert, select, update

from learnhub.core.errors import NotFound
from learnhub.core.messages import N_
from learnhub.core.pagination import Page, paginate
from learnhub.extensions import db
from learnhub.notifications.models import Notification
from learnhub.org.models import Member

HOME_PANEL_SIZE = 5


@dataclass(frozen=True)
class Reader:
    """Whom a text is rendered for: their language and time zone (name)."""

    locale: str
    timezone: str


# A text is given as is, or as a function rendered once per language and zone of the
# recipients (called inside `force_locale`, so gettext answers in that language).
Text = str | Callable[[Reader], str]


class NotificationNotFound(NotFound):
    """No such notification, or not the member's own (the same answer: a 404)."""

    code = "notification_not_found"
    message = N_("找不到这条通知。")


def notify(member_ids: Iterable[int], kind: str, title: Text, body: Text, link: str,
           now: datetime) -> int:
    """A notification for each active member, in their language; the number made.
    `link` must be a path inside LearnHub (it is followed from the inbox)."""
    if not link.startswith("/") or link.startswith("//"):
        raise ValueError(f"notification link must be a local path: {link!r}")
    ids = sorted(set(member_ids))
    if not ids:
        return 0
    members = db.session.execute(select(Member.id, Member.locale, Member.timezone)
                                 .where(Member.id.in_(ids), Member.active.is_(True))).all()
    config = current_app.config
    rendered: dict[Reader, tuple[str, str]] = {}
    rows = []
    for member_id, locale, zone in members:
        language = locale if locale in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]
        reader = Reader(str(language), str(zone or config["TIMEZONE"]))
        if reader not in rendered:
            with force_locale(reader.locale):
                rendered[reader] = (_render(title, reader)[:200], _render(body, reader))
        shown_title, shown_body = rendered[reader]
        rows.append({"member_id": member_id, "kind": kind, "title": shown_title,
                     "body": shown_body, "link": link, "created_at": now,
                     "email_error": "", "email_attempts": 0})
    if rows:
        db.session.execute(insert(Notification), rows)
    return len(rows)


def _render(text: Text, reader: Reader) -> str:
    return text if isinstance(text, str) else text(reader)


def unread_count_expression() -> ColumnElement[int]:
    """The member's unread count as a scalar subquery correlated with `member.id`: the
    menu badge (core.feature.NavItem.badge), read with the member on every page."""
    return (select(func.count(Notification.id))
            .where(Notification.member_id == Member.id, Notification.read_at.is_(None))
            .correlate(Member).scalar_subquery())


def inbox(member: Member, *, page: int, per_page: int) -> Page:
    """The member's notifications, newest first."""
    query = (select(Notification).where(Notification.member_id == member.id)
             .order_by(Notification.created_at.desc(), Notification.id.desc()))
    return paginate(query, page=page, per_page=per_page)


def unread(member: Member, limit: int = HOME_PANEL_SIZE) -> list[Notification]:
    return list(db.session.scalars(
        select(Notification).where(Notification.member_id == member.id,
                                   Notification.read_at.is_(None))
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


def get_own(member: Member, notification_id: int) -> Notification:
    """The member's own notification; anyone else's is not found (404, not 403)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.member_id != member.id:
        raise NotificationNotFound()
    return notification


def mark_read(notification: Notification, now: datetime) -> None:
    if notification.read_at is None:
        notification.read_at = now
        db.session.flush()


def mark_all_read(member: Member, now: datetime) -> int:
    """One statement; the number marked."""
    result = db.session.execute(
        update(Notification).where(Notification.member_id == member.id,
                                   Notification.read_at.is_(None))
        .values(read_at=now).execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)
