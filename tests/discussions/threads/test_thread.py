"""A meeting's discussion: posting, replying, 心得, editing within the window, the host
hiding a post with a reason (audited), access, CSRF and the page's query budget."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learnhub.core.timeutil import now_utc
from learnhub.discussions.threads.models import MeetingPost
from learnhub.discussions.threads.services import (
    EDIT_WINDOW,
    POST_MAX_CHARS,
    add_post,
    hide_post,
)
from learnhub.extensions import db
from learnhub.org.models import AuditEvent
from tests.discussions.builders import make_meeting
from tests.factories import make_member, make_unit


def _setup():
    branch = make_unit()
    host, member, other, stranger = (make_member(branch) for _ in range(4))
    meeting = make_meeting(branch, invitees=[member, other], host=host)
    return meeting, host, member, other, stranger


def _posts(meeting):
    return db.session.scalars(select(MeetingPost).where(MeetingPost.meeting_id == meeting.id)
                              .order_by(MeetingPost.id)).all()


def test_an_invitee_posts_sanitised_markdown_marked_as_reflection(login_as, post):
    meeting, _host, member, _other, _stranger = _setup()
    login_as(member)
    response = post(f"/meetings/{meeting.id}/discussion",
                    {"body": "**学习体会**<script>alert(1)</script>", "reflection": "y"})
    assert response.status_code == 302
    (saved,) = _posts(meeting)
    assert saved.reflection and saved.author_id == member.id
    assert "<strong>学习体会</strong>" in saved.body_html and "<script" not in saved.body_html
    page = login_as(member).get(f"/meetings/{meeting.id}/discussion").get_data(as_text=True)
    assert "学习体会" in page and "心得" in page and "alert(1)" not in page


def test_a_stranger_neither_sees_nor_posts(login_as, post):
    meeting, *_rest, stranger = _setup()
    login_as(stranger)
    assert login_as(stranger).get(f"/meetings/{meeting.id}/discussion").status_code == 404
    assert post(f"/meetings/{meeting.id}/discussion", {"body": "hi"}).status_code == 404
    assert _posts(meeting) == []


def test_posting_without_a_csrf_token_is_refused(login_as):
    meeting, _host, member, *_rest = _setup()
    client = login_as(member)
    response = client.post(f"/meetings/{meeting.id}/discussion", data={"body": "hi"})
    assert response.status_code == 400 and _posts(meeting) == []


def test_a_too_long_post_keeps_what_was_typed(login_as, post):
    meeting, _host, member, *_rest = _setup()
    login_as(member)
    text = "长" * (POST_MAX_CHARS + 1)
    response = post(f"/meetings/{meeting.id}/discussion", {"body": text, "reflection": "y"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert text in page and "error-summary" in page and 'checked' in page
    assert _posts(meeting) == []


def test_replies_go_one_level_deep(login_as, post):
    meeting, _host, member, other, _stranger = _setup()
    now = now_utc()
    question = add_post(member, meeting, "什么时候交心得？", now=now)
    first = add_post(other, meeting, "会后一周内。", parent_id=question.id, now=now)
    login_as(member)
    response = post(f"/meetings/{meeting.id}/discussion/{first.id}/reply", {"body": "谢谢"})
    assert response.status_code == 302
    reply = _posts(meeting)[-1]
    assert reply.parent_id == question.id and not reply.reflection
    page = login_as(member).get(f"/meetings/{meeting.id}/discussion").get_data(as_text=True)
    assert page.index("什么时候交心得") < page.index("会后一周内") < page.index("谢谢")


def test_a_reply_with_an_error_keeps_the_text(login_as, post):
    meeting, _host, member, *_rest = _setup()
    question = add_post(member, meeting, "问题", now=now_utc())
    login_as(member)
    response = post(f"/meetings/{meeting.id}/discussion/{question.id}/reply",
                    {"body": "x" * (POST_MAX_CHARS + 5)})
    assert response.status_code == 422 and "x" * (POST_MAX_CHARS + 5) in response.get_data(
        as_text=True)


def test_the_author_edits_within_the_window_audited(login_as, post):
    meeting, _host, member, other, _stranger = _setup()
    mine = add_post(member, meeting, "初稿", now=now_utc())
    login_as(other)
    assert post(f"/meetings/{meeting.id}/discussion/{mine.id}/edit",
                {"body": "改了"}).status_code == 403
    login_as(member)
    response = post(f"/meetings/{meeting.id}/discussion/{mine.id}/edit", {"body": "定稿"})
    assert response.status_code == 302
    db.session.refresh(mine)
    assert mine.body_markdown == "定稿" and mine.edited_at is not None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "meeting_post.edit",
                                                       AuditEvent.object_id == str(mine.id)))
    assert event is not None and event.details["previous"] == "初稿"


def test_no_edit_after_the_window(login_as, post):
    meeting, _host, member, *_rest = _setup()
    old = add_post(member, meeting, "旧的", now=now_utc() - EDIT_WINDOW - timedelta(minutes=1))
    login_as(member)
    response = post(f"/meetings/{meeting.id}/discussion/{old.id}/edit", {"body": "新的"})
    assert response.status_code == 422 and "新的" in response.get_data(as_text=True)
    db.session.refresh(old)
    assert old.body_markdown == "旧的"


def test_the_host_hides_with_a_reason_others_see_the_reason(login_as, post):
    meeting, host, member, other, _stranger = _setup()
    bad = add_post(member, meeting, "不当言论原文", now=now_utc())
    login_as(other)
    assert login_as(other).get(f"/meetings/{meeting.id}/discussion/{bad.id}/hide").status_code == 403
    login_as(host)
    assert post(f"/meetings/{meeting.id}/discussion/{bad.id}/hide",
                {"reason": ""}).status_code == 422
    assert post(f"/meetings/{meeting.id}/discussion/{bad.id}/hide",
                {"reason": "与主题无关"}).status_code == 302
    others = login_as(other).get(f"/meetings/{meeting.id}/discussion").get_data(as_text=True)
    assert "该发言已被隐藏：与主题无关" in others and "不当言论原文" not in others
    for viewer in (member, host):
        page = login_as(viewer).get(f"/meetings/{meeting.id}/discussion").get_data(as_text=True)
        assert "不当言论原文" in page and "该发言已被隐藏：与主题无关" in page
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "meeting_post.hide"))
    assert event is not None and event.summary == "与主题无关"
    login_as(member)
    assert post(f"/meetings/{meeting.id}/discussion/{bad.id}/edit",
                {"body": "洗白"}).status_code == 422


def test_hiding_is_for_the_host_only_in_the_service():
    meeting, _host, member, other, _stranger = _setup()
    target = add_post(member, meeting, "文字", now=now_utc())
    import pytest

    from learnhub.core.errors import Forbidden
    with pytest.raises(Forbidden):
        hide_post(other, meeting, target, "理由", now=now_utc())


def test_the_thread_page_costs_the_same_for_3_or_30_posts(login_as, count_queries):
    meeting, host, member, other, _stranger = _setup()
    now = now_utc()

    def fill(n):
        for i in range(n):
            top = add_post(member, meeting, f"发言{i}", now=now)
            add_post(other, meeting, f"回复{i}", parent_id=top.id, now=now)

    def measure():
        login_as(host)
        with count_queries(on=db.engine) as queries:
            assert login_as(host).get(f"/meetings/{meeting.id}/discussion").status_code == 200
        return len(queries)

    fill(3)
    few = measure()
    fill(17)  # 20 top-level posts: a full page
    assert measure() == few
    assert few <= 14
