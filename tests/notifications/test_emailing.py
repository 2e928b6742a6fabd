"""Emailing notifications through a local SMTP server (127.0.0.1 only)."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import gettext
from sqlalchemy import select

from learnhub.extensions import db
from learnhub.notifications.emailing import email_job
from learnhub.notifications.models import Notification
from learnhub.notifications.services import notify
from tests.factories import make_member
from tests.notifications.smtp_server import smtp_server

NOW = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)


@pytest.fixture
def mailbox(app, monkeypatch):
    with smtp_server() as box:
        for key, value in {"SMTP_HOST": box.host, "SMTP_PORT": box.port,
                           "SMTP_FROM": "learnhub@party.example.cn",
                           "BASE_URL": "https://learnhub.example.cn/"}.items():
            monkeypatch.setitem(app.config, key, value)
        yield box


def title(reader) -> str:
    return gettext("组织生活邀请：%(title)s", title="主题党日")


def test_each_notification_is_emailed_once_in_the_members_language(mailbox):
    zh = make_member(email="zhang@party.example.cn")
    en = make_member(email="li@party.example.cn", locale="en")
    silent = make_member(email="")
    notify([zh.id, en.id, silent.id], "meeting.invitation", title, "正文：三楼会议室", "/meetings/7",
           NOW)
    assert email_job(NOW) == "emailed 2 notification(s), 0 failed"
    assert email_job(NOW + timedelta(minutes=5)) == "emailed 0 notification(s), 0 failed"
    assert mailbox.connections == 1
    by_address = {r.recipients[0]: r.message for r in mailbox.received}
    assert set(by_address) == {"zhang@party.example.cn", "li@party.example.cn"}
    chinese = by_address["zhang@party.example.cn"]
    assert chinese["Subject"] == "组织生活邀请：主题党日"
    assert "=?utf-8?" in mailbox.received[0].data.decode("ascii").split("\r\n\r\n")[0]
    assert chinese["From"] == "learnhub@party.example.cn"
    assert chinese["Auto-Submitted"] == "auto-generated"
    assert chinese.get_content_type() == "text/plain"
    assert chinese.get_content_charset() == "utf-8"
    text = chinese.get_content()
    assert "正文：三楼会议室" in text and "https://learnhub.example.cn/meetings/7" in text
    assert "此邮件由 LearnHub 自动发送" in text
    english = by_address["li@party.example.cn"]
    assert english["Subject"] == "Meeting invitation: 主题党日"
    assert "LearnHub sent this email automatically" in english.get_content()
    rows = db.session.scalars(select(Notification).order_by(Notification.id)).all()
    assert [(r.email_sent_at is not None, r.email_attempts) for r in rows] == \
        [(True, 1), (True, 1), (False, 0)]


def test_a_refused_recipient_is_recorded_and_retried_on_the_next_run(mailbox):
    ok = make_member(email="ok@party.example.cn")
    refused = make_member(email="gone@party.example.cn")
    notify([ok.id, refused.id], "test", "标题", "正文", "/notifications", NOW)
    mailbox.refuse.add("gone@party.example.cn")
    assert email_job(NOW) == "emailed 1 notification(s), 1 failed"
    failed = db.session.scalars(select(Notification).where(
        Notification.member_id == refused.id)).one()
    assert "550" in failed.email_error and failed.email_sent_at is None
    mailbox.refuse.clear()
    assert email_job(NOW + timedelta(minutes=5)) == "emailed 1 notification(s), 0 failed"
    db.session.refresh(failed)
    assert (failed.email_error, failed.email_attempts) == ("", 2)
    assert [r.recipients for r in mailbox.received] == \
        [["ok@party.example.cn"], ["gone@party.example.cn"]]


def test_an_unreachable_server_is_recorded_and_given_up_after_the_last_attempt(app, monkeypatch):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    for key, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": port, "SMTP_TIMEOUT": 2,
                       "SMTP_MAX_ATTEMPTS": 2}.items():
        monkeypatch.setitem(app.config, key, value)
    member = make_member(email="a@party.example.cn")
    notify([member.id], "test", "标题", "正文", "/notifications", NOW)
    assert email_job(NOW) == "emailed 0 notification(s), 1 failed"
    assert email_job(NOW) == "emailed 0 notification(s), 1 failed"
    assert email_job(NOW) == "emailed 0 notification(s), 0 failed"  # given up
    row = db.session.scalars(select(Notification)).one()
    assert row.email_attempts == 2 and "ConnectionRefusedError" in row.email_error


def test_without_smtp_nothing_is_emailed_and_the_inbox_still_works(app, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_HOST", None)
    member = make_member(email="a@party.example.cn")
    notify([member.id], "test", "标题", "正文", "/notifications", NOW)
    assert email_job(NOW) == "email off (LEARNHUB_SMTP_HOST not set)"
    assert db.session.scalars(select(Notification)).one().email_attempts == 0


def test_read_or_old_notifications_are_not_emailed(mailbox):
    member = make_member(email="a@party.example.cn")
    notify([member.id], "test", "旧的", "正文", "/notifications", NOW - timedelta(days=3))
    notify([member.id], "test", "已读", "正文", "/notifications", NOW)
    db.session.scalars(select(Notification).where(Notification.title == "已读")).one() \
        .read_at = NOW
    db.session.flush()
    assert email_job(NOW) == "emailed 0 notification(s), 0 failed"
    assert mailbox.received == []
