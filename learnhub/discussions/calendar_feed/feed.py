"""What a member's feed lists: the meetings they are invited to, from a month ago to a
year ahead (past ones so a calendar keeps the recent record; cancelled ones so it drops
them). One query whatever the number of meetings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from learnhub.discussions.models import Invitation, Meeting
from learnhub.extensions import db
from learnhub.org.models import Member

PAST = timedelta(days=30)
AHEAD = relativedelta(months=12)


def feed_meetings(member: Member, *, now: datetime) -> Sequence[Meeting]:
    return db.session.scalars(
        select(Meeting)
        .join(Invitation, Invitation.meeting_id == Meeting.id)
        .where(Invitation.member_id == member.id,
               Meeting.starts_at >= now - PAST, Meeting.starts_at < now + AHEAD)
        .options(joinedload(Meeting.host))
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
