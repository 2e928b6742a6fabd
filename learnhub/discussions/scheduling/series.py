"""Materialising a series: one `Meeting` row per occurrence, up to the rule's end or a
horizon (`HORIZON`, 12 months ahead). `extend_series(now)` moves the horizon on; the jobs
command calls it daily.

New occurrences copy what they show (agenda, place, host, recorder, audience, reading)
from the series' latest occurrence, so an edit of "this and the following" carries on into
occurrences made later. `(series_id, occurrence_start)` is unique: two runs at once make
each occurrence once (a savepoint per insert; the loser skips it).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from learnhub.discussions.models import (
    Meeting,
    MeetingReading,
    MeetingSeries,
    MeetingStatus,
)
from learnhub.discussions.scheduling import recurrence
from learnhub.discussions.scheduling.audience import Audience, expand, sync_invitations
from learnhub.extensions import db

HORIZON = timedelta(days=366)
# A series expanded at once never makes more than this many rows (a weekly rule for years).
MAX_PER_RUN = 400


def new_uid() -> str:
    return f"{uuid.uuid4()}@learnhub"


def materialise(series: MeetingSeries, template: Meeting, *, up_to: datetime,
                after: datetime | None = None) -> list[Meeting]:
    """Make the occurrences of `series` with a UTC start in [after, up_to) that have no
    row yet, copied from `template`; with their invitations. Returns the new rows."""
    zone = ZoneInfo(series.timezone)
    have = set(db.session.scalars(select(Meeting.occurrence_start).where(
        Meeting.series_id == series.id)))
    readings = list(db.session.scalars(select(MeetingReading).where(
        MeetingReading.meeting_id == template.id).order_by(MeetingReading.position)))
    member_ids = expand(Audience.from_json(template.audience), series.unit)
    made: list[Meeting] = []
    for _, start in recurrence.occurrences(series.rrule, series.first_start_local, zone,
                                           after=after, before=up_to):
        if start in have:
            continue
        if len(made) >= MAX_PER_RUN:
            break
        meeting = copy_of(template, series, start)
        try:
            with db.session.begin_nested():
                db.session.add(meeting)
                db.session.flush()
        except IntegrityError:
            continue  # made by a concurrent run
        for position, reading in enumerate(readings, start=1):
            db.session.add(MeetingReading(meeting_id=meeting.id, position=position,
                                          course_id=reading.course_id,
                                          lesson_key=reading.lesson_key))
        sync_invitations(meeting, member_ids)
        made.append(meeting)
    db.session.flush()
    return made


def copy_of(template: Meeting, series: MeetingSeries, start: datetime) -> Meeting:
    return Meeting(
        uid=new_uid(), unit_id=series.unit_id, kind_id=template.kind_id, series_id=series.id,
        occurrence_start=start, title=template.title, theme=template.theme,
        agenda_markdown=template.agenda_markdown, agenda_html=template.agenda_html,
        starts_at=start, ends_at=start + timedelta(minutes=series.duration_minutes),
        timezone=series.timezone, place=template.place, online_url=template.online_url,
        host_id=template.host_id, recorder_id=template.recorder_id,
        audience=dict(template.audience), status=MeetingStatus.SCHEDULED,
        sequence=0, created_by_id=template.created_by_id)


def latest_occurrence(series_id: int) -> Meeting | None:
    return db.session.scalar(select(Meeting).where(Meeting.series_id == series_id)
                             .order_by(Meeting.occurrence_start.desc()).limit(1))


def extend_series(now: datetime) -> int:
    """Make every series' occurrences up to `now + HORIZON`; returns how many were made.
    For `learnhub jobs run` (daily is plenty). A series whose rule ended is skipped."""
    up_to = now + HORIZON
    made = 0
    last_starts = {series_id: last for series_id, last in db.session.execute(
        select(Meeting.series_id, func.max(Meeting.occurrence_start))
        .where(Meeting.series_id.is_not(None)).group_by(Meeting.series_id))}
    for series in db.session.scalars(select(MeetingSeries).order_by(MeetingSeries.id)):
        last = last_starts.get(series.id)
        if last is None:
            continue  # nothing to copy from (every occurrence was split away)
        nxt = next(recurrence.occurrences(series.rrule, series.first_start_local,
                                          ZoneInfo(series.timezone),
                                          after=last + timedelta(seconds=1)), None)
        if nxt is None or nxt[1] >= up_to:
            continue
        template = latest_occurrence(series.id)
        assert template is not None
        made += len(materialise(series, template, up_to=up_to, after=nxt[1]))
    return made
