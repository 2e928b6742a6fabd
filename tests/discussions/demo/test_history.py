"""The demo's year of meetings: made once, the same every time, every held meeting minuted
and credited as approval credits, gaps where a branch missed, and something coming up for
the learner and the manager."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import func, select

from learnhub.demo import load_demo
from learnhub.discussions.access import can_run
from learnhub.discussions.demo.history import history_needed, load_history
from learnhub.discussions.demo.plan import EXEMPLARY, PATCHY
from learnhub.discussions.kinds.defaults import ensure_default_kinds
from learnhub.discussions.minutes.models import ActionItem, MeetingMinutes, MinutesStatus
from learnhub.discussions.models import (
    Attendance,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Reply,
)
from learnhub.discussions.seminars.models import SeminarReflection
from learnhub.discussions.threads.models import MeetingPost
from learnhub.extensions import db
from learnhub.operator.demo_content import run_demo_steps
from learnhub.org.models import Member, Unit
from learnhub.records.models import LedgerEntry

NOW = datetime(2026, 12, 7, 2, 30, tzinfo=UTC)


def _member(employee_no: str) -> Member:
    member = db.session.scalar(select(Member).where(Member.employee_no == employee_no))
    assert member is not None
    return member


def _counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(model)) or 0
                 for model in (Meeting, Invitation, MeetingMinutes, LedgerEntry, MeetingPost,
                               SeminarReflection))


def test_history_is_made_once_credited_as_approval_credits_and_has_gaps(app, client, login_as):
    load_demo()
    lines, problems = run_demo_steps(NOW)
    assert problems == [] and any(line.startswith("Meeting history:") for line in lines)
    assert not history_needed()
    made = _counts()
    assert run_demo_steps(NOW) == ([], [])
    assert _counts() == made

    past = db.session.execute(
        select(Meeting, MeetingKind, Unit.code).join(MeetingKind, MeetingKind.id == Meeting.kind_id)
        .join(Unit, Unit.id == Meeting.unit_id).where(Meeting.starts_at < NOW)).all()
    held = [row for row in past if row[0].status is MeetingStatus.HELD]
    assert len(held) > 150 and all(row[0].ends_at < NOW for row in past)
    assert {row[0].status for row in past} == {MeetingStatus.HELD, MeetingStatus.CANCELLED}
    assert all(row[0].cancel_reason for row in past if row[0].status is MeetingStatus.CANCELLED)
    minutes = {m.meeting_id: m for m in db.session.scalars(select(MeetingMinutes))}
    assert all(minutes[row[0].id].status is MinutesStatus.APPROVED for row in held)
    assert all("示例" in row[0].agenda_markdown for row in past)

    # Every present (or late, where it counts) member has the kind's hours; nobody else.
    entries = {e.id: e for e in db.session.scalars(select(LedgerEntry).where(
        LedgerEntry.kind == "meeting"))}
    statuses: Counter[Attendance] = Counter()
    for meeting, kind, _code in held:
        for inv in db.session.scalars(select(Invitation).where(
                Invitation.meeting_id == meeting.id)):
            statuses[inv.attendance] += 1
            assert inv.attendance is not Attendance.UNKNOWN
            credited = inv.attendance is Attendance.PRESENT or (
                inv.attendance is Attendance.LATE and kind.late_counts)
            if not credited:
                assert inv.ledger_entry_id is None
                continue
            entry = entries.pop(inv.ledger_entry_id)
            assert (entry.member_id, entry.source_type, entry.source_id, entry.credit_hours) == (
                inv.member_id, "meeting", str(meeting.id), kind.credit_hours)
    assert entries == {}  # no credit the approvals did not give
    attended = statuses[Attendance.PRESENT] + statuses[Attendance.LATE]
    assert 0.85 <= attended / sum(statuses.values()) <= 0.95
    assert all(statuses[s] > 0 for s in (Attendance.LATE, Attendance.EXCUSED, Attendance.ABSENT))

    # The exemplary branch met every month; the patchy one missed several slots.
    by_branch = Counter((code, kind.code) for meeting, kind, code in held)
    assert by_branch[(EXEMPLARY, "theme_day")] == 12
    assert by_branch[(EXEMPLARY, "committee_meeting")] == 12
    assert by_branch[(EXEMPLARY, "life_meeting")] == 1
    patchy_held = sum(n for (code, _), n in by_branch.items() if code == PATCHY)
    exemplary_held = sum(n for (code, _), n in by_branch.items() if code == EXEMPLARY)
    assert exemplary_held - patchy_held >= 5
    # One seminar per branch per half-year, with 心得 and conclusions.
    seminars = [meeting for meeting, kind, _ in held if kind.is_seminar]
    assert len(seminars) == 12
    # Their conclusions and tasks are the minutes' decisions and action items.
    assert all("研讨成果" in minutes[m.id].decisions_html for m in seminars)
    assert db.session.scalar(select(func.count()).select_from(ActionItem).where(
        ActionItem.minutes_id.in_([minutes[m.id].id for m in seminars]))) == 24
    assert db.session.scalar(select(func.count()).select_from(SeminarReflection)) >= 36
    _learner_has_past_credit_and_upcoming_invitations(client, login_as)


def _learner_has_past_credit_and_upcoming_invitations(client, login_as) -> None:
    learner, manager = _member("learner"), _member("manager")
    credit = db.session.scalar(select(func.sum(LedgerEntry.credit_hours)).where(
        LedgerEntry.member_id == learner.id, LedgerEntry.kind == "meeting"))
    assert credit is not None and credit >= Decimal(40)
    upcoming = db.session.scalars(select(Meeting).join(
        Invitation, Invitation.meeting_id == Meeting.id).where(
        Invitation.member_id == learner.id, Meeting.starts_at > NOW,
        Meeting.status == MeetingStatus.SCHEDULED).order_by(Meeting.starts_at)).all()
    assert [m.title for m in upcoming].count("每月主题党日") == 6
    assert any(m.host_id == manager.id for m in upcoming)
    assert all(can_run(manager, m) for m in upcoming)
    # The next 主题党日 of each branch has replies, one leave waiting for the 书记.
    waiting = db.session.scalar(select(func.count()).select_from(Invitation).where(
        Invitation.reply == Reply.LEAVE_REQUESTED))
    assert waiting == 6
    page = login_as(learner).get(f"/meetings/{upcoming[0].id}")
    assert page.status_code == 200 and upcoming[0].title in page.get_data(as_text=True)


def _snapshot() -> list[tuple]:
    rows = db.session.execute(
        select(Unit.code, Meeting.title, Meeting.starts_at, Meeting.status,
               Meeting.cancel_reason, Member.employee_no, Invitation.reply,
               Invitation.attendance, LedgerEntry.credit_hours)
        .join(Unit, Unit.id == Meeting.unit_id)
        .outerjoin(Invitation, Invitation.meeting_id == Meeting.id)
        .outerjoin(Member, Member.id == Invitation.member_id)
        .outerjoin(LedgerEntry, LedgerEntry.id == Invitation.ledger_entry_id)).all()
    posts = db.session.execute(select(Member.employee_no, MeetingPost.body_markdown,
                                      MeetingPost.created_at)
                               .join(Member, Member.id == MeetingPost.author_id)).all()
    return sorted(map(tuple, rows)) + sorted(map(tuple, posts))


def test_history_is_the_same_every_time(app):
    load_demo()
    ensure_default_kinds()
    savepoint = db.session.begin_nested()
    load_history(NOW)
    first = _snapshot()
    savepoint.rollback()
    db.session.expunge_all()
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0
    load_history(NOW)
    assert _snapshot() == first
