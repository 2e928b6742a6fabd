"""Sign-in rules: opening and closing it, a member's sign-in, attendance set by hand.

- Window: from `OPENS_BEFORE` (30 minutes) before the start to the end. The host may open
  sign-in only inside it; members sign in while it is open and inside the window.
- Late: signing in more than `LATE_GRACE` (10 minutes) after the start records 迟到.
- Online meetings: the host may open sign-in without a code (`with_code=False`): invitees
  then sign in with a button during the same window.
- Guessing: `MAX_WRONG_CODES` wrong (or expired) codes within `WRONG_CODE_WINDOW` lock
  code entry for that member at that meeting until the oldest of them is that old.
- Signing in twice is one sign-in: a conditional UPDATE (`signed_in_at IS NULL`) wins once;
  a repeat, or a racing twin, gets the first sign-in back.
- Once the minutes are approved (status held) attendance is locked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from learnhub.core.formatting import local_datetime
from learnhub.discussions.attendance import codes
from learnhub.discussions.attendance.failures import (
    AttendanceLocked,
    BadAttendance,
    CannotOpenSignin,
    ExpiredCode,
    MeetingNotOn,
    NotInvited,
    SigninClosed,
    SigninNotOpen,
    TooManyWrongCodes,
    WrongCode,
)
from learnhub.discussions.attendance.lock import attendance_turn, ensure_attendance_open
from learnhub.discussions.attendance.models import MeetingSignin, SigninFailure
from learnhub.discussions.models import Attendance, Invitation, Meeting, MeetingStatus
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member

OPENS_BEFORE = timedelta(minutes=30)
LATE_GRACE = timedelta(minutes=10)
MAX_WRONG_CODES = 10
WRONG_CODE_WINDOW = timedelta(minutes=5)
SETTABLE = (Attendance.PRESENT, Attendance.LATE, Attendance.EXCUSED, Attendance.ABSENT)


@dataclass(frozen=True)
class SignedIn:
    attendance: Attendance
    signed_in_at: datetime
    already: bool  # signed in before this request


def window(meeting: Meeting) -> tuple[datetime, datetime]:
    return meeting.starts_at - OPENS_BEFORE, meeting.ends_at


def get_signin(meeting: Meeting) -> MeetingSignin | None:
    return db.session.get(MeetingSignin, meeting.id)


def accepting(signin: MeetingSignin | None, meeting: Meeting, now: datetime) -> bool:
    """Sign-in takes members now: opened, not closed, inside the window, meeting on."""
    opens, closes = window(meeting)
    return (signin is not None and signin.is_open and opens <= now < closes
            and meeting.status == MeetingStatus.SCHEDULED)


def _refuse_unless_scheduled(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingNotOn()
    if meeting.status == MeetingStatus.HELD:
        raise AttendanceLocked()


def open_signin(actor: Member, meeting: Meeting, now: datetime, *,
                with_code: bool = True) -> MeetingSignin:
    """Open (or reopen) sign-in; the secret is made once and kept, so a reopened screen
    shows the same codes as a second screen left open."""
    _refuse_unless_scheduled(meeting)
    opens, closes = window(meeting)
    if not opens <= now < closes:
        raise CannotOpenSignin(start=local_datetime(opens), end=local_datetime(closes))
    signin = get_signin(meeting)
    if signin is None:
        signin = MeetingSignin(meeting_id=meeting.id, secret=codes.new_secret(),
                               with_code=with_code, opened_at=now, opened_by_id=actor.id)
        try:
            with db.session.begin_nested():
                db.session.add(signin)
        except IntegrityError:  # a second click of the host won the insert
            signin = db.session.get(MeetingSignin, meeting.id, populate_existing=True)
            assert signin is not None
    signin.with_code, signin.closed_at = with_code, None
    signin.opened_at, signin.opened_by_id = now, actor.id
    record_audit(actor, "meeting.signin.open", "meeting", meeting.id,
                 summary=meeting.title, details={"with_code": with_code})
    db.session.flush()
    return signin


def close_signin(actor: Member, meeting: Meeting, now: datetime) -> None:
    signin = get_signin(meeting)
    if signin is None or not signin.is_open:
        return
    signin.closed_at = now
    record_audit(actor, "meeting.signin.close", "meeting", meeting.id, summary=meeting.title)
    db.session.flush()


def locked_until(meeting: Meeting, member: Member, now: datetime) -> datetime | None:
    """When code entry opens again for this member, if too many wrong codes locked it."""
    recent = db.session.scalars(
        select(SigninFailure.at).where(
            SigninFailure.meeting_id == meeting.id, SigninFailure.member_id == member.id,
            SigninFailure.at > now - WRONG_CODE_WINDOW)
        .order_by(SigninFailure.at.desc()).limit(MAX_WRONG_CODES)).all()
    if len(recent) < MAX_WRONG_CODES:
        return None
    return recent[-1] + WRONG_CODE_WINDOW


def own_invitation(member: Member, meeting: Meeting) -> Invitation | None:
    return db.session.scalar(select(Invitation).where(
        Invitation.meeting_id == meeting.id, Invitation.member_id == member.id))


def _sign_in_state(member: Member, meeting: Meeting, now: datetime
                   ) -> tuple[Invitation, MeetingSignin | None, int] | None:
    """The invitation, the sign-in state and the count of recent wrong codes in one
    statement (a sign-in is a hot path: 200 phones within a minute)."""
    recent_wrong = (
        select(func.count()).select_from(SigninFailure)
        .where(SigninFailure.meeting_id == meeting.id, SigninFailure.member_id == member.id,
               SigninFailure.at > now - WRONG_CODE_WINDOW)
        .scalar_subquery())
    row = db.session.execute(
        select(Invitation, MeetingSignin, recent_wrong)
        .outerjoin(MeetingSignin, MeetingSignin.meeting_id == Invitation.meeting_id)
        .where(Invitation.meeting_id == meeting.id, Invitation.member_id == member.id)
    ).one_or_none()
    return None if row is None else (row[0], row[1], int(row[2]))


def sign_in(member: Member, meeting: Meeting, code: str | None, now: datetime) -> SignedIn:
    """Record the member present (or late). A wrong code is stored (flushed) before the
    failure is raised: the caller commits it, so every wrong code counts. Takes the
    meeting's attendance turn, so an approval of the minutes sees it or refuses it."""
    attendance_turn(meeting)
    db.session.refresh(meeting, ["status"])
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingNotOn()
    found = _sign_in_state(member, meeting, now)
    if found is None:
        raise NotInvited()
    invitation, signin, recent_wrong = found
    if invitation.signed_in_at is not None:
        return SignedIn(invitation.attendance, invitation.signed_in_at, already=True)
    opens, closes = window(meeting)
    if meeting.status == MeetingStatus.HELD or now >= closes or (
            signin is not None and not signin.is_open):
        raise SigninClosed()
    if signin is None or now < opens:
        raise SigninNotOpen()
    if signin.with_code:
        until = locked_until(meeting, member, now) if recent_wrong >= MAX_WRONG_CODES else None
        if until is not None:
            raise TooManyWrongCodes(when=local_datetime(until))
        verdict = codes.check(signin.secret, code or "", now)
        if verdict != "ok":
            db.session.add(SigninFailure(meeting_id=meeting.id, member_id=member.id, at=now))
            db.session.flush()
            raise ExpiredCode() if verdict == "expired" else WrongCode()
    attendance = Attendance.LATE if now > meeting.starts_at + LATE_GRACE else Attendance.PRESENT
    won = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.signed_in_at.is_(None))
        .values(attendance=attendance, signed_in_at=now, attendance_set_by_id=None)
        .execution_options(synchronize_session=False)).rowcount  # type: ignore[attr-defined]
    if won:  # what the UPDATE wrote, without reading it back
        set_committed_value(invitation, "attendance", attendance)
        set_committed_value(invitation, "signed_in_at", now)
    else:  # a twin request signed in first: show its time
        db.session.refresh(invitation, ["attendance", "signed_in_at"])
    assert invitation.signed_in_at is not None
    return SignedIn(invitation.attendance, invitation.signed_in_at, already=not won)


def set_attendance(actor: Member, invitation: Invitation, status: str, reason: str,
                   now: datetime) -> bool:
    """The host or recorder sets an invitee's attendance by hand (access is the caller's
    check); audited with before and after. False when nothing changed."""
    meeting = invitation.meeting
    attendance_turn(meeting)
    db.session.refresh(meeting, ["status"])
    ensure_attendance_open(meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingNotOn()
    try:
        new = Attendance(status)
    except ValueError:
        raise BadAttendance() from None
    if new not in SETTABLE:
        raise BadAttendance()
    reason = reason.strip()[:500]
    before = {"attendance": invitation.attendance.value, "reason": invitation.attendance_reason}
    after = {"attendance": new.value, "reason": reason}
    if before == after:
        return False
    invitation.attendance, invitation.attendance_reason = new, reason
    invitation.attendance_set_by_id = actor.id
    record_audit(actor, "meeting.attendance.set", "meeting_invitation", invitation.id,
                 summary=f"{meeting.title}: {before['attendance']} → {new.value}",
                 details={"meeting_id": meeting.id, "member_id": invitation.member_id,
                          "at": now.isoformat(), "before": before, "after": after})
    db.session.flush()
    return True
