"""Emailing notifications (`learnhub jobs run`, when LEARNHUB_SMTP_HOST is set).

Each run takes the notifications not yet emailed (claimed with a lease and committed, so
a second run at the same time takes none of them), opens one SMTP connection, sends each
as a plain-text UTF-8 message, and records per notification the time sent or the error.
A failed one is tried again on later runs, up to SMTP_MAX_ATTEMPTS times. Nothing here
raises to the runner for an SMTP problem: the errors are in the rows and in the summary.

The SMTP conversation happens outside any open transaction: it may take seconds, and on
SQLite a transaction that has written holds the database's one write lock.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import or_, select, update

from learnhub.extensions import db
from learnhub.notifications.models import Notification
from learnhub.org.models import Member

LEASE = timedelta(minutes=15)  # a run that died while sending: its rows are free again
MAX_AGE = timedelta(days=2)  # older notifications are not worth an email any more
BATCH = 500


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str | None
    password: str | None
    sender: str
    starttls: bool
    ssl: bool
    timeout: float
    max_attempts: int
    base_url: str  # for absolute links in emails; "" leaves the path

    @classmethod
    def from_config(cls, config) -> SmtpSettings | None:
        if not config.get("SMTP_HOST"):
            return None
        return cls(host=config["SMTP_HOST"], port=int(config["SMTP_PORT"]),
                   user=config.get("SMTP_USER"), password=config.get("SMTP_PASSWORD"),
                   sender=config["SMTP_FROM"], starttls=bool(config.get("SMTP_STARTTLS")),
                   ssl=bool(config.get("SMTP_SSL")),
                   timeout=float(config.get("SMTP_TIMEOUT", 10)),
                   max_attempts=int(config.get("SMTP_MAX_ATTEMPTS", 5)),
                   base_url=(config.get("BASE_URL") or "").rstrip("/"))


@dataclass
class EmailRun:
    sent: int = 0
    failed: int = 0

    def line(self) -> str:
        return f"emailed {self.sent} notification(s), {self.failed} failed"


def email_job(now: datetime) -> str:
    """The `jobs run` entry: email what is due, or say that email is off."""
    settings = SmtpSettings.from_config(current_app.config)
    if settings is None:
        return "email off (LEARNHUB_SMTP_HOST not set)"
    return send_pending(settings, now).line()


def send_pending(settings: SmtpSettings, now: datetime) -> EmailRun:
    """Claim, commit, send, record, commit (see the module's docstring)."""
    db.session.commit()  # what the runner did before is not ours to hold open
    claimed = _claim(settings, now)
    db.session.commit()
    run = EmailRun()
    if not claimed:
        return run
    outcomes: dict[int, str | None] = {}  # id -> error, None when sent
    try:
        connection = _connect(settings)
    except (OSError, smtplib.SMTPException) as error:
        outcomes = {item.id: _describe(error) for item in claimed}
    else:
        try:
            for item in claimed:
                try:
                    connection.send_message(_message(settings, item, now))
                    outcomes[item.id] = None
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError,
                        smtplib.SMTPSenderRefused) as error:
                    outcomes[item.id] = _describe(error)
                except (OSError, smtplib.SMTPException) as error:  # the connection is gone
                    for rest in claimed:
                        outcomes.setdefault(rest.id, _describe(error))
                    break
        finally:
            try:
                connection.quit()
            except (OSError, smtplib.SMTPException):
                connection.close()
    _record(outcomes, now)
    db.session.commit()
    run.sent = sum(1 for error in outcomes.values() if error is None)
    run.failed = len(outcomes) - run.sent
    return run


@dataclass(frozen=True)
class Claimed:
    id: int
    email: str
    locale: str
    title: str
    body: str
    link: str


def _claim(settings: SmtpSettings, now: datetime) -> list[Claimed]:
    """Take the due notifications of members with an address, in one conditional UPDATE:
    under a concurrent run the row is either ours (RETURNING) or not, never both's."""
    free = or_(Notification.email_claimed_at.is_(None),
               Notification.email_claimed_at < now - LEASE)
    due = (select(Notification.id)
           .join(Member, Member.id == Notification.member_id)
           .where(Notification.email_sent_at.is_(None),
                  Notification.read_at.is_(None),
                  Notification.created_at >= now - MAX_AGE,
                  Notification.email_attempts < settings.max_attempts,
                  free, Member.email != "", Member.active.is_(True))
           .order_by(Notification.id).limit(BATCH))
    # The UPDATE is the first statement: on SQLite it takes the write lock before reading;
    # on PostgreSQL a row another run took is checked again after its commit (not free).
    taken = db.session.execute(
        update(Notification)
        .where(Notification.id.in_(due),
               Notification.email_sent_at.is_(None), free)
        .values(email_claimed_at=now, email_attempts=Notification.email_attempts + 1)
        .returning(Notification.id)
        .execution_options(synchronize_session=False)).scalars().all()
    if not taken:
        return []
    rows = db.session.execute(
        select(Notification.id, Member.email, Member.locale, Notification.title,
               Notification.body, Notification.link)
        .join(Member, Member.id == Notification.member_id)
        .where(Notification.id.in_(taken)).order_by(Notification.id)).all()
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    return [Claimed(id=row.id, email=row.email,
                    locale=row.locale if row.locale in languages else default,
                    title=row.title, body=row.body, link=row.link) for row in rows]


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    connection: smtplib.SMTP
    if settings.ssl:
        connection = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                      context=ssl.create_default_context())
    else:
        connection = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        if settings.starttls:
            connection.starttls(context=ssl.create_default_context())
    if settings.user:
        connection.login(settings.user, settings.password or "")
    return connection


def _message(settings: SmtpSettings, item: Claimed, now: datetime) -> EmailMessage:
    """A plain-text UTF-8 email in the member's language (title and body already are)."""
    message = EmailMessage()
    message["Subject"] = item.title
    message["From"] = settings.sender
    message["To"] = item.email
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(f"notification-{item.id}",
                                       domain=settings.sender.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
    link = f"{settings.base_url}{item.link}" if settings.base_url else item.link
    with force_locale(item.locale):
        footer = gettext("此邮件由 LearnHub 自动发送，请勿回复。在 LearnHub 的“通知”中可查看全部通知。")
    parts = [item.body, link, "--", footer]
    # base64: 7-bit clean, so no server needs 8BITMIME for the Chinese text.
    message.set_content("\n\n".join(part for part in parts if part), charset="utf-8",
                        cte="base64")
    return message


def _record(outcomes: dict[int, str | None], now: datetime) -> None:
    sent = [nid for nid, error in outcomes.items() if error is None]
    if sent:
        db.session.execute(update(Notification).where(Notification.id.in_(sent))
                           .values(email_sent_at=now, email_error="", email_claimed_at=None)
                           .execution_options(synchronize_session=False))
    for nid, error in outcomes.items():
        if error is not None:
            db.session.execute(update(Notification).where(Notification.id == nid)
                               .values(email_error=error[:500], email_claimed_at=None)
                               .execution_options(synchronize_session=False))


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:500]
