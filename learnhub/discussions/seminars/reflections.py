"""心得: each invitee writes one, before or after the seminar, and may edit it until the
minutes are approved (the meeting is then `held`) — after that it is part of the record.

Length is counted on the rendered text without whitespace, so Markdown marks and line
breaks don't pad a 心得 past the seminar's minimum.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from learnhub.core.errors import Conflict, Forbidden, ValidationFailed
from learnhub.core.markdown import render
from learnhub.discussions import access
from learnhub.discussions.models import Meeting, MeetingStatus
from learnhub.discussions.seminars.models import SeminarReflection
from learnhub.discussions.seminars.setup import min_reflection_chars
from learnhub.extensions import db
from learnhub.org.models import Member

WHITESPACE = re.compile(r"\s+")


class NotInvited(Forbidden):
    code = "not_invited"
    message = "只有本次研讨的参会人员可以提交心得。"


class ReflectionsClosed(Conflict):
    code = "reflections_closed"
    message = "会议记录已审定，心得不能再修改。"


class SeminarCancelled(Conflict):
    code = "seminar_cancelled"
    message = "本次研讨已取消，不能提交心得。"


class ReflectionTooShort(ValidationFailed):
    code = "reflection_too_short"
    message = "心得至少需要 %(min)s 个字（不计空白），现在有 %(count)s 个字。"


def counted_chars(html: str, plain: str | None = None) -> int:
    return len(WHITESPACE.sub("", plain if plain is not None else html))


def own_reflection(meeting_id: int, member_id: int) -> SeminarReflection | None:
    return db.session.scalar(select(SeminarReflection).where(
        SeminarReflection.meeting_id == meeting_id, SeminarReflection.member_id == member_id))


def reflections_open(meeting: Meeting) -> bool:
    return meeting.status == MeetingStatus.SCHEDULED


def save_reflection(meeting: Meeting, actor: Member, markdown_text: str,
                    now: datetime) -> SeminarReflection:
    """Create or replace the actor's own 心得 (one per member: a lost race edits the row
    the other request created)."""
    if not access.is_invited(actor, meeting):
        raise NotInvited()
    if meeting.status == MeetingStatus.HELD:
        raise ReflectionsClosed()
    if meeting.status == MeetingStatus.CANCELLED:
        raise SeminarCancelled()
    text = markdown_text.strip()
    rendered = render(text)
    count, minimum = counted_chars(rendered.html, rendered.plain_text), min_reflection_chars(
        meeting.id)
    if count < minimum:
        raise ReflectionTooShort(fields={"markdown": "too_short"}, min=minimum, count=count)
    reflection = own_reflection(meeting.id, actor.id)
    if reflection is None:
        try:
            with db.session.begin_nested():
                reflection = SeminarReflection(meeting_id=meeting.id, member_id=actor.id,
                                               markdown=text, html=rendered.html,
                                               submitted_at=now, updated_at=now)
                db.session.add(reflection)
                db.session.flush()
            return reflection
        except IntegrityError:
            reflection = own_reflection(meeting.id, actor.id)
            if reflection is None:
                raise
    reflection.markdown, reflection.html, reflection.updated_at = text, rendered.html, now
    db.session.flush()
    return reflection
