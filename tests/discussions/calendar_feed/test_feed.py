"""The personal feed: a secret URL, kept hashed, that lists only the member's own
meetings, stops working when revoked or replaced, and costs the same queries for any
number of meetings."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from learnhub.core.timeutil import now_utc
from learnhub.discussions.calendar_feed import tokens
from learnhub.discussions.calendar_feed.models import CalendarFeedToken
from learnhub.discussions.models import MeetingStatus
from learnhub.extensions import db, limiter
from learnhub.org.models import AuditEvent
from tests.discussions.builders import make_meeting
from tests.discussions.calendar_feed.conftest import events_by_uid, parse
from tests.factories import make_member, make_unit
from tests.html import find

FEED_PATH = re.compile(r"http://localhost(/meetings/feed/[A-Za-z0-9_-]{43}\.ics)")


def issue_url(post, member, login_as) -> str:
    """Make (or regenerate) the member's URL on the page, as they would; its path."""
    login_as(member)
    response = post("/meetings/calendar-feed")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    field = find(page, "textarea", id="feed-url")
    assert field is not None
    match = FEED_PATH.fullmatch(field.text.strip())
    assert match, field.text
    return match.group(1)


def test_page_offers_to_make_a_url(login_as):
    page = login_as(make_member()).get("/meetings/calendar-feed")
    assert page.status_code == 200
    assert "生成订阅地址" in page.get_data(as_text=True)


def test_url_is_shown_once_and_only_its_hash_is_stored(post, login_as, client):
    member = make_member()
    path = issue_url(post, member, login_as)
    token = path.removeprefix("/meetings/feed/").removesuffix(".ics")
    row = db.session.scalar(select(CalendarFeedToken).where(
        CalendarFeedToken.member_id == member.id))
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(
        [getattr(row, c.key) for c in CalendarFeedToken.__table__.columns])
    audit = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "calendar_feed_token")).all()
    assert [e.action for e in audit] == ["calendar_feed.issue"]
    assert token not in repr([(e.summary, e.details, e.object_id) for e in audit])
    again = client.get("/meetings/calendar-feed").get_data(as_text=True)
    assert token not in again
    assert "正在使用" in again


def test_feed_needs_no_login_and_is_not_cached(post, login_as, app):
    unit = make_unit()
    member = make_member(unit)
    meeting = make_meeting(unit, invitees=[member])
    path = issue_url(post, member, login_as)
    response = app.test_client().get(path)  # no session cookie
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "private, no-store"
    calendar = parse(response.data)
    assert list(events_by_uid(calendar)) == [meeting.uid]
    assert calendar.method.value == "PUBLISH"
    assert calendar.contents["x-wr-calname"][0].value == f"组织生活 · {member.name}"


def test_unknown_token_is_404(client):
    assert client.get("/meetings/feed/" + "A" * 43 + ".ics").status_code == 404
    assert client.get("/meetings/feed/" + "A" * 500 + ".ics").status_code == 404


def test_revoked_url_is_404(post, login_as, client):
    member = make_member()
    path = issue_url(post, member, login_as)
    confirm = client.get("/meetings/calendar-feed/revoke")
    assert "将立即失效" in confirm.get_data(as_text=True)
    response = post("/meetings/calendar-feed/revoke")
    assert response.status_code == 302
    page = client.get("/meetings/calendar-feed").get_data(as_text=True)
    assert "订阅地址已停用" in page and "你还没有订阅地址" in page
    assert client.get(path).status_code == 404


def test_regenerating_kills_the_old_url_and_the_new_one_works(post, login_as, client):
    member = make_member()
    old = issue_url(post, member, login_as)
    assert "确认重新生成" in client.get(
        "/meetings/calendar-feed/regenerate").get_data(as_text=True)
    new = issue_url(post, member, login_as)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    rows = db.session.scalars(select(CalendarFeedToken).where(
        CalendarFeedToken.member_id == member.id).order_by(CalendarFeedToken.id)).all()
    assert [r.revoked_at is None for r in rows] == [False, True]


def test_deactivated_member_feed_is_404(post, login_as, client):
    member = make_member()
    path = issue_url(post, member, login_as)
    member.active = False
    db.session.flush()
    assert client.get(path).status_code == 404


def test_confirm_without_a_url_goes_back_to_the_page(login_as):
    response = login_as(make_member()).get("/meetings/calendar-feed/revoke")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/meetings/calendar-feed")


def test_feed_lists_only_the_members_own_meetings_in_the_window(post, login_as, client):
    unit = make_unit()
    member, colleague = make_member(unit), make_member(unit)
    now = now_utc().replace(microsecond=0)
    mine = make_meeting(unit, invitees=[member, colleague], starts_at=now + timedelta(days=2))
    recent = make_meeting(unit, invitees=[member], starts_at=now - timedelta(days=29))
    cancelled = make_meeting(unit, invitees=[member], starts_at=now + timedelta(days=40),
                             status=MeetingStatus.CANCELLED, sequence=1)
    make_meeting(unit, invitees=[colleague], starts_at=now + timedelta(days=3))  # not mine
    make_meeting(unit, invitees=[member], starts_at=now - timedelta(days=31))  # too old
    make_meeting(unit, invitees=[member], starts_at=now + timedelta(days=370))  # too far
    path = issue_url(post, member, login_as)
    events = events_by_uid(parse(client.get(path).data))
    assert set(events) == {mine.uid, recent.uid, cancelled.uid}
    assert events[cancelled.uid].status.value == "CANCELLED"


def test_feed_queries_do_not_grow_with_the_number_of_meetings(post, login_as, app,
                                                               count_queries):
    unit = make_unit()
    member = make_member(unit)
    host = make_member(unit, email="host@example.com")
    path = issue_url(post, member, login_as)
    anonymous = app.test_client()

    def queries_for(n: int) -> int:
        for _ in range(n):
            make_meeting(unit, invitees=[member], host=host)
        with count_queries() as queries:
            assert anonymous.get(path).status_code == 200
        return len(queries)

    assert queries_for(1) == queries_for(20) == 2


@pytest.fixture
def limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, CALENDAR_FEED_LIMIT_PER_TOKEN="3 per hour",
                   CALENDAR_FEED_LIMIT_PER_IP="5 per minute")
    limiter.reset()
    return app.test_client()


def test_feed_is_rate_limited_per_token(limited):
    member = make_member()
    token = tokens.issue(member, now=now_utc())
    path = f"/meetings/feed/{token}.ics"
    assert [limited.get(path).status_code for _ in range(4)] == [200, 200, 200, 429]
    other = tokens.issue(make_member(), now=now_utc())
    assert limited.get(f"/meetings/feed/{other}.ics").status_code == 200


def test_feed_is_rate_limited_per_address(limited):
    statuses = [limited.get(f"/meetings/feed/guess{n}.ics").status_code for n in range(6)]
    assert statuses == [404] * 5 + [429]


def test_making_a_url_needs_the_csrf_token(login_as):
    member = make_member()
    response = login_as(member).post("/meetings/calendar-feed")
    assert response.status_code == 400
    assert tokens.live_token(member) is None


def test_made_url_page_offers_webcal_and_instructions(post, login_as):
    login_as(make_member())
    page = post("/meetings/calendar-feed").get_data(as_text=True)
    link = find(page, "a", href=re.compile(r"webcal://localhost/meetings/feed/.+\.ics"))
    assert link is not None
    assert "从 Internet 订阅" in page and "添加已订阅的日历" in page


def test_two_regenerations_at_once_keep_the_first_url_and_tell_the_second(
        post, login_as, client, monkeypatch):
    """The other request's new row lands between this one's revoke and its insert (what
    two clicks at once do on PostgreSQL); the partial unique index refuses the second."""
    member = make_member()
    first = issue_url(post, member, login_as)
    winner = "w" * 43

    def revoke_then_lose_the_race(member, *, now):
        db.session.execute(db.update(CalendarFeedToken).where(
            CalendarFeedToken.member_id == member.id).values(revoked_at=now))
        db.session.add(CalendarFeedToken(member_id=member.id,
                                         token_hash=tokens.hash_token(winner), created_at=now))
        db.session.flush()
        return False  # this request's own revoke saw nothing left to revoke

    monkeypatch.setattr(tokens, "revoke", revoke_then_lose_the_race)
    response = post("/meetings/calendar-feed")
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "另一个窗口或请求中重新生成" in text
    assert 'role="alert"' in text or "flash--error" in text
    assert find(text, "textarea", id="feed-url") is None  # no URL that would not work
    # The losing request wrote nothing (here the "winner" was in its transaction too, so
    # it went with the rollback): one live URL, the one made before.
    live = db.session.scalars(select(CalendarFeedToken).where(
        CalendarFeedToken.member_id == member.id, CalendarFeedToken.revoked_at.is_(None))).all()
    assert len(live) == 1
    assert client.get(first).status_code == 200
