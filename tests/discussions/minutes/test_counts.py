"""The attendance counts approval writes on the meeting for the compliance view: written
from the final marks, cleared on reopening, rewritten on approving again."""

from __future__ import annotations

from sqlalchemy import select

from learnhub.core.timeutil import now_utc
from learnhub.discussions.minutes.services import approve_minutes, reopen_minutes, save_draft
from learnhub.discussions.models import Attendance, Invitation, Reply
from learnhub.extensions import db
from tests.discussions.minutes.conftest import Held


def _counts(held: Held) -> tuple[int | None, ...]:
    m = held.meeting
    return (m.invited_count, m.present_count, m.late_count, m.excused_count, m.absent_count)


def _invitation(held: Held, member) -> Invitation:
    return db.session.scalars(select(Invitation).where(
        Invitation.meeting_id == held.meeting.id, Invitation.member_id == member.id)).one()


def test_approval_counts_the_final_marks_reopening_clears_and_approving_again_rewrites(held):
    _invitation(held, held.present).attendance = Attendance.PRESENT
    _invitation(held, held.late).attendance = Attendance.LATE
    _invitation(held, held.excused).reply = Reply.LEAVE_APPROVED  # unset: becomes excused
    db.session.flush()
    save_draft(held.recorder, held.meeting, topics="学习", decisions="", items=[],
               attendance={}, revision=None, now=now_utc())
    assert _counts(held) == (None,) * 5
    approve_minutes(held.host, held.meeting, now=now_utc())
    assert _counts(held) == (4, 1, 1, 1, 1)  # the absent one was unset: absent

    reopen_minutes(held.host, held.meeting, "迟到人员登记错误")
    assert _counts(held) == (None,) * 5
    late = _invitation(held, held.late)
    save_draft(held.recorder, held.meeting, topics="学习", decisions="", items=[],
               attendance={late.id: Attendance.ABSENT}, revision=1, now=now_utc())
    approve_minutes(held.host, held.meeting, now=now_utc())
    db.session.expire_all()
    assert _counts(held) == (4, 1, 0, 1, 2)
