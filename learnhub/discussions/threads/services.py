"""A meeting's discussion: who may post, reply, edit and hide, and one page of the thread
in a constant number of statements (count, top-level posts with authors, their replies)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from learnhub.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from learnhub.core.markdown import MarkdownLimits, MarkdownRefused, render
from learnhub.core.pagination import Page, paginate
from learnhub.discussions.access import can_run, can_view
from learnhub.discussions.models import Meeting, MeetingStatus
from learnhub.discussions.threads.models import MeetingPost
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member

POST_MAX_CHARS = 5000
EDIT_WINDOW = timedelta(minutes=30)  # an author corrects a post this long after writing it
POSTS_PER_PAGE = 20


class PostNotEditable(Conflict):
    code = "post_not_editable"
    message = "发言发布 30 分钟后或被隐藏后不能再修改。"


class ThreadClosed(Conflict):
    code = "thread_closed"
    message = "会议已取消，不能再发言。"


@dataclass(frozen=True)
class Thread:
    """One page of top-level posts and, for each, its replies in order."""

    page: Page
    replies: dict[int, list[MeetingPost]]

    @property
    def posts(self) -> Sequence[MeetingPost]:
        return self.page.items


def get_meeting(actor: Member, meeting_id: int) -> Meeting:
    """The meeting, if the actor may see it (404 either way, so ids reveal nothing)."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or not can_view(actor, meeting):
        raise NotFound()
    return meeting


def get_post(actor: Member, meeting: Meeting, post_id: int) -> MeetingPost:
    post = db.session.scalar(select(MeetingPost).options(joinedload(MeetingPost.author))
                             .where(MeetingPost.id == post_id,
                                    MeetingPost.meeting_id == meeting.id))
    if post is None:
        raise NotFound()
    return post


def thread(meeting: Meeting, *, page: int, per_page: int = POSTS_PER_PAGE) -> Thread:
    query = (select(MeetingPost).options(joinedload(MeetingPost.author))
             .where(MeetingPost.meeting_id == meeting.id, MeetingPost.parent_id.is_(None))
             .order_by(MeetingPost.id))
    found = paginate(query, page=page, per_page=per_page)
    replies: dict[int, list[MeetingPost]] = defaultdict(list)
    ids = [post.id for post in found.items]
    if ids:
        for reply in db.session.scalars(
                select(MeetingPost).options(joinedload(MeetingPost.author))
                .where(MeetingPost.parent_id.in_(ids)).order_by(MeetingPost.id)):
            assert reply.parent_id is not None
            replies[reply.parent_id].append(reply)
    return Thread(page=found, replies=dict(replies))


def page_of(post: MeetingPost, per_page: int = POSTS_PER_PAGE) -> int:
    """The thread page a post (or the post it replies to) is on."""
    top = post.parent_id or post.id
    before = db.session.scalar(select(func.count()).select_from(MeetingPost).where(
        MeetingPost.meeting_id == post.meeting_id, MeetingPost.parent_id.is_(None),
        MeetingPost.id <= top)) or 1
    return (before - 1) // per_page + 1


def may_see_hidden(actor: Member, meeting: Meeting, post: MeetingPost) -> bool:
    """A hidden post's text is shown, marked, to its author and to whoever runs the meeting."""
    return post.author_id == actor.id or can_run(actor, meeting)


def may_edit(actor: Member, post: MeetingPost, now: datetime) -> bool:
    return (post.author_id == actor.id and not post.hidden
            and now - post.created_at <= EDIT_WINDOW)


def _rendered(body: str) -> tuple[str, str]:
    body = body.strip()
    if not body:
        raise ValidationFailed("请填写发言内容。", fields={"body": "required"})
    if len(body) > POST_MAX_CHARS:
        raise ValidationFailed("发言最多 %(max)s 个字符，现在有 %(count)s 个。",
                               fields={"body": "too_long"}, max=POST_MAX_CHARS, count=len(body))
    try:
        html = render(body, limits=MarkdownLimits(max_chars=POST_MAX_CHARS)).html
    except MarkdownRefused as refused:
        raise ValidationFailed(refused.message, fields={"body": "refused"},
                               **refused.params) from None
    return body, html


def add_post(actor: Member, meeting: Meeting, body: str, *, reflection: bool = False,
             parent_id: int | None = None, now: datetime) -> MeetingPost:
    """A question or reflection (心得), or a reply to a top-level post of the meeting."""
    if not can_view(actor, meeting):
        raise Forbidden()
    if meeting.status == MeetingStatus.CANCELLED:
        raise ThreadClosed()
    body, html = _rendered(body)
    if parent_id is not None:
        parent = db.session.get(MeetingPost, parent_id)
        if parent is None or parent.meeting_id != meeting.id:
            raise NotFound()
        if parent.parent_id is not None:  # a reply to a reply joins the same conversation
            parent_id = parent.parent_id
        reflection = False
    post = MeetingPost(meeting_id=meeting.id, parent_id=parent_id, author_id=actor.id,
                       body_markdown=body, body_html=html, reflection=reflection,
                       created_at=now, hidden_reason="")
    db.session.add(post)
    db.session.flush()
    return post


def edit_post(actor: Member, post: MeetingPost, body: str, *, reflection: bool | None = None,
              now: datetime) -> MeetingPost:
    """The author corrects their post within EDIT_WINDOW, unless it was hidden; audited
    with the text it replaced."""
    if post.author_id != actor.id:
        raise Forbidden()
    if not may_edit(actor, post, now):
        raise PostNotEditable()
    body, html = _rendered(body)
    record_audit(actor, "meeting_post.edit", "meeting_post", post.id,
                 summary=body[:200], details={"meeting_id": post.meeting_id,
                                              "previous": post.body_markdown})
    post.body_markdown, post.body_html, post.edited_at = body, html, now
    if reflection is not None and post.parent_id is None:
        post.reflection = reflection
    db.session.flush()
    return post


def hide_post(actor: Member, meeting: Meeting, post: MeetingPost, reason: str, *,
              now: datetime) -> MeetingPost:
    """The host hides a post with a reason everyone else sees in its place; audited."""
    if not can_run(actor, meeting):
        raise Forbidden()
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("请填写隐藏原因。", fields={"reason": "required"})
    if post.hidden:
        raise Conflict("该发言已被隐藏。")
    post.hidden_at, post.hidden_by_id, post.hidden_reason = now, actor.id, reason[:500]
    record_audit(actor, "meeting_post.hide", "meeting_post", post.id, summary=reason,
                 details={"meeting_id": meeting.id, "author_id": post.author_id})
    db.session.flush()
    return post
