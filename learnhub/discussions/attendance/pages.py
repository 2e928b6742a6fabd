"""What the sign-in, screen and attendance pages show, read in few queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from flask_babel import gettext
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from learnhub.core.errors import NotFound
from learnhub.discussions.attendance import codes
from learnhub.discussions.attendance.models import MeetingSignin
from learnhub.discussions.attendance.services import (
    accepting,
    get_signin,
    locked_until,
    own_invitation,
    window,
)
from learnhub.discussions.models import Invitation, Meeting
from learnhub.extensions import db
from learnhub.org.models import Member


def get_meeting(meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound()
    return meeting


@dataclass(frozen=True)
class SigninPage:
    meeting: Meeting
    invitation: Invitation | None
    signin: MeetingSignin | None
    accepting: bool
    opens_at: datetime
    closes_at: datetime
    locked_until: datetime | None


def signin_page(member: Member, meeting: Meeting, now: datetime) -> SigninPage:
    invitation = own_invitation(member, meeting)
    signin = get_signin(meeting)
    opens, closes = window(meeting)
    open_now = accepting(signin, meeting, now)
    locked = (locked_until(meeting, member, now)
              if open_now and signin is not None and signin.with_code and invitation is not None
              and invitation.signed_in_at is None else None)
    return SigninPage(meeting, invitation, signin, open_now, opens, closes, locked)


@dataclass(frozen=True)
class Screen:
    code: str
    seconds_left: int
    url: str
    qr: Markup
    signed_in: int
    invited: int


def signed_in_counts(meeting: Meeting) -> tuple[int, int]:
    """(signed in, invited) in one query."""
    row = db.session.execute(select(
        func.count(Invitation.signed_in_at), func.count(Invitation.id))
        .where(Invitation.meeting_id == meeting.id)).one()
    return int(row[0]), int(row[1])


def screen(meeting: Meeting, signin: MeetingSignin, now: datetime) -> Screen:
    """The projector's view: the code of this step and the QR code of its sign-in URL."""
    code = codes.current_code(signin.secret, now) if signin.with_code else ""
    url = url_for("discussions.signin", meeting_id=meeting.id, code=code or None,
                  _external=True)
    signed, invited = signed_in_counts(meeting)
    return Screen(code, codes.seconds_left(now), url,
                  codes.qr_svg(url, gettext("签到二维码：%(url)s", url=url)), signed, invited)


@dataclass(frozen=True)
class RosterRow:
    invitation: Invitation
    name: str
    employee_no: str
    set_by: str | None


def roster(meeting: Meeting) -> list[RosterRow]:
    """Every invitee with reply, attendance and who set it by hand, in one query."""
    setter = aliased(Member)
    rows = db.session.execute(
        select(Invitation, Member.name, Member.employee_no, setter.name)
        .join(Member, Member.id == Invitation.member_id)
        .outerjoin(setter, setter.id == Invitation.attendance_set_by_id)
        .where(Invitation.meeting_id == meeting.id)
        .order_by(Member.employee_no)).all()
    return [RosterRow(inv, name, no, by) for inv, name, no, by in rows]


def get_invitation(meeting: Meeting, invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.meeting_id != meeting.id:
        raise NotFound()
    return invitation
