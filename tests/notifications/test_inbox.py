"""通知: the inbox, marking read (own only, CSRF), the menu badge and the home card."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from learnhub.extensions import db
from learnhub.notifications.models import Notification
from learnhub.notifications.services import notify
from tests.factories import make_member
from tests.html import find_all

NOW = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)


def note(member, title="组织生活邀请：主题党日", link="/meetings/7") -> Notification:
    notify([member.id], "meeting.invitation", title, "时间：3月4日", link, NOW)
    return db.session.scalars(select(Notification).where(Notification.member_id == member.id)
                              .order_by(Notification.id.desc())).first()


def test_the_inbox_shows_the_members_own_notifications_only(client, login_as):
    mine, other = make_member(), make_member()
    note(mine, "我的通知")
    note(other, "别人的通知")
    login_as(mine)
    page = client.get("/notifications").get_data(as_text=True)
    assert "我的通知" in page and "别人的通知" not in page
    assert "时间：3月4日" in page


def test_someone_elses_notification_cannot_be_marked(client, login_as, post):
    mine, other = make_member(), make_member()
    theirs = note(other)
    login_as(mine)
    assert post(f"/notifications/{theirs.id}/read").status_code == 404
    db.session.refresh(theirs)
    assert theirs.read_at is None


def test_marking_read_needs_the_csrf_token(client, login_as):
    member = make_member()
    item = note(member)
    login_as(member)
    assert client.post(f"/notifications/{item.id}/read").status_code == 400
    db.session.refresh(item)
    assert item.read_at is None


def test_opening_marks_read_and_goes_to_what_it_is_about(client, login_as, post):
    member = make_member()
    item = note(member)
    login_as(member)
    answer = post(f"/notifications/{item.id}/read", {"open": "1"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/meetings/7"
    db.session.refresh(item)
    assert item.read_at is not None


def test_mark_all_read_marks_only_the_members_own(client, login_as, post):
    mine, other = make_member(), make_member()
    note(mine), note(mine), note(other)
    login_as(mine)
    assert post("/notifications/read-all").status_code == 302
    unread = db.session.scalars(select(Notification.member_id)
                                .where(Notification.read_at.is_(None))).all()
    assert unread == [other.id]
    assert "已将 2 条通知标为已读。" in client.get("/notifications").get_data(as_text=True)


def test_a_link_outside_learnhub_is_refused():
    member = make_member()
    for link in ("https://evil.example.com/", "//evil.example.com/x", "meetings/7"):
        with pytest.raises(ValueError):
            notify([member.id], "x", "t", "b", link, NOW)


def badge(page: str) -> str:
    links = [a for a in find_all(page, "a") if a.get("href") == "/notifications"]
    return links[0].text if links else ""


def test_the_menu_badge_counts_unread_without_a_query_of_its_own(client, login_as,
                                                                  count_queries):
    member = make_member()
    login_as(member)
    client.get("/me/credits")  # warm the caches alike
    with count_queries() as none_unread:
        response = client.get("/me/credits")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "条未读" not in badge(page)
    note(member), note(member), note(member)
    with count_queries() as three_unread:
        response = client.get("/me/credits")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "3" in badge(page) and "3 条未读" in badge(page)
    assert len(three_unread) == len(none_unread)


def test_the_home_card_lists_unread_ones_and_disappears_when_all_are_read(
        client, login_as, post, count_queries):
    member = make_member()
    login_as(member)
    client.get("/")
    with count_queries() as without:
        home = client.get("/").get_data(as_text=True)
    assert "未读通知" not in home
    note(member, "组织生活提醒：党课")
    with count_queries() as with_one:
        home = client.get("/").get_data(as_text=True)
    assert "未读通知（1）" in home and "组织生活提醒：党课" in home
    assert len(with_one) == len(without) + 1  # the card's one query
    post("/notifications/read-all")
    assert "未读通知" not in client.get("/").get_data(as_text=True)
