"""Scheduling: a one-off meeting or a series; editing one occurrence or this and the
following; cancelling one or the rest, with a reason. Every change an invitee would see
bumps the meeting's `sequence` (iCalendar's SEQUENCE; notifications read it too), and
every action is audited.

"This and the following" splits the series (RFC 5545's usual way): the old rule ends just
before the occurrence, a new series starts from it, and the old series' scheduled
occurrences from there on are moved onto the new rule in order (same rows, same `uid`,
`sequence` up), so replies survive; any the new rule has no place for are cancelled, and
any extra ones are made.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from learnhub.core.errors import Conflict, Forbidden, ValidationFailed
from learnhub.core.messages import N_
from learnhub.discussions.access import can_run, can_schedule_for
from learnhub.discussions.models import Meeting, MeetingSeries, MeetingStatus
from learnhub.discussions.scheduling import recurrence
from learnhub.discussions.scheduling.audience import expand, sync_invitations
from learnhub.discussions.scheduling.details import (
    InvalidMeeting,
    MeetingDetails,
    When,
    agenda_html,
    apply,
    check,
    replace_readings,
)
from learnhub.discussions.scheduling.series import HORIZON, materialise, new_uid
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member, Unit

SPLIT_CANCEL_REASON = "会议安排调整，本次不再举行。"


class MeetingNotOpen(Conflict):
    code = "meeting_not_open"
    message = "会议已取消或已举行，不能再修改。"


class ReasonRequired(ValidationFailed):
    code = "reason_required"
    message = "请填写取消原因。"
    fields = {"reason": ""}

    def field_messages(self) -> dict[str, str]:
        return {"reason": self.translated()}


class NotASeries(ValidationFailed):
    code = "not_a_series"
    message = "这次会议不属于周期会议。"


def _first_start(rule: str, start_local: datetime, when: When) -> tuple[datetime, datetime]:
    """The rule's first occurrence at or after the chosen start (local, UTC)."""
    first = next(recurrence.occurrences(rule, start_local, when.zone), None)
    if first is None:
        raise InvalidMeeting(N_("按这个重复规则没有任何一次会议，请检查结束日期或次数。"),
                             fields={"repeat": ""})
    return first


def _future(start_utc: datetime, now: datetime) -> None:
    if start_utc <= now:
        raise InvalidMeeting(N_("开始时间须晚于现在。"), fields={"start_date": ""})


def schedule(actor: Member, unit: Unit, details: MeetingDetails, when: When,
             rule: recurrence.RuleChoice | None, now: datetime) -> Meeting:
    """Schedule a one-off meeting (`rule` None) or a series; returns the (first) meeting.
    A series is materialised up to its end or `HORIZON`."""
    if not can_schedule_for(actor, unit):
        raise Forbidden()
    check(unit, details, when)
    html = agenda_html(details.agenda_markdown)
    series = None
    start_local = when.start_local
    if rule is not None and rule.repeat is not recurrence.Repeat.NONE:
        text = recurrence.build_rrule(rule, when.zone)
        start_local, start = _first_start(text, when.start_local, when)
        series = MeetingSeries(unit_id=unit.id, kind_id=details.kind.id,
                               title=details.title.strip(), rrule=text,
                               first_start_local=start_local, timezone=when.timezone,
                               duration_minutes=when.duration_minutes,
                               created_by_id=actor.id)
    else:
        start = recurrence.localise(start_local, when.zone)
    _future(start, now)
    if series is not None:
        db.session.add(series)
        db.session.flush()
    meeting = Meeting(uid=new_uid(), unit_id=unit.id, series_id=series.id if series else None,
                      occurrence_start=start if series else None, created_by_id=actor.id,
                      sequence=0, status=MeetingStatus.SCHEDULED)
    apply(meeting, details, html, starts_at=start, duration_minutes=when.duration_minutes,
          timezone=when.timezone)
    db.session.add(meeting)
    db.session.flush()
    replace_readings(meeting, details.readings)
    sync_invitations(meeting, expand(details.audience, unit))
    made = materialise(series, meeting, up_to=now + HORIZON,
                       after=start + timedelta(seconds=1)) if series else []
    record_audit(actor, "meeting.schedule", "meeting", meeting.id, summary=meeting.title,
                 details={"series_id": series.id if series else None,
                          "rrule": series.rrule if series else None,
                          "occurrences": 1 + len(made)})
    db.session.flush()
    return meeting


def _runnable(actor: Member, meeting: Meeting) -> None:
    if not can_run(actor, meeting):
        raise Forbidden()
    if meeting.status is not MeetingStatus.SCHEDULED:
        raise MeetingNotOpen()


def edit_one(actor: Member, meeting: Meeting, details: MeetingDetails, when: When,
             now: datetime) -> bool:
    """Change this meeting only (an occurrence keeps its series and RECURRENCE-ID).
    Returns whether invitees see a change."""
    _runnable(actor, meeting)
    check(meeting.unit, details, when)
    html = agenda_html(details.agenda_markdown)
    start = recurrence.localise(when.start_local, when.zone)
    if start != meeting.starts_at:
        _future(start, now)
    changed = apply(meeting, details, html, starts_at=start,
                    duration_minutes=when.duration_minutes, timezone=when.timezone)
    invitations = sync_invitations(meeting, expand(details.audience, meeting.unit))
    record_audit(actor, "meeting.edit", "meeting", meeting.id, summary=meeting.title,
                 details={"sequence": meeting.sequence, "invited": invitations.added,
                          "uninvited": invitations.removed, "kept": invitations.kept})
    db.session.flush()
    return changed


def following(meeting: Meeting, *, status: MeetingStatus | None = MeetingStatus.SCHEDULED
              ) -> list[Meeting]:
    """This occurrence and the later ones of its series, in order."""
    query = select(Meeting).where(Meeting.series_id == meeting.series_id,
                                  Meeting.occurrence_start >= meeting.occurrence_start)
    if status is not None:
        query = query.where(Meeting.status == status)
    return list(db.session.scalars(query.order_by(Meeting.occurrence_start)))


def edit_following(actor: Member, meeting: Meeting, details: MeetingDetails, when: When,
                   rule: recurrence.RuleChoice, now: datetime) -> MeetingSeries:
    """Split the series at `meeting` (see the module docstring); returns the new series."""
    _runnable(actor, meeting)
    old = meeting.series
    if old is None or meeting.occurrence_start is None:
        raise NotASeries()
    check(meeting.unit, details, when)
    html = agenda_html(details.agenda_markdown)
    text = recurrence.build_rrule(rule, when.zone)
    start_local, start = _first_start(text, when.start_local, when)
    if start != meeting.starts_at:
        _future(start, now)
    rows = following(meeting)
    old.rrule = recurrence.with_until(old.rrule, meeting.occurrence_start - timedelta(seconds=1))
    new = MeetingSeries(unit_id=old.unit_id, kind_id=details.kind.id, title=details.title.strip(),
                        rrule=text, first_start_local=start_local, timezone=when.timezone,
                        duration_minutes=when.duration_minutes, created_by_id=actor.id)
    db.session.add(new)
    db.session.flush()
    starts = [utc for _, utc in recurrence.occurrences(text, start_local, when.zone,
                                                       before=now + HORIZON)]
    member_ids = expand(details.audience, meeting.unit)
    for index, row in enumerate(rows):
        if index < len(starts):
            row.series_id, row.occurrence_start = new.id, starts[index]
            apply(row, details, html, starts_at=starts[index],
                  duration_minutes=when.duration_minutes, timezone=when.timezone)
            sync_invitations(row, member_ids)
        else:
            _cancel(row, SPLIT_CANCEL_REASON)
    db.session.flush()
    template = rows[0] if rows and rows[0].series_id == new.id else None
    made = materialise(new, template, up_to=now + HORIZON) if template else []
    record_audit(actor, "meeting.edit_following", "meeting_series", new.id,
                 summary=new.title, details={"split_from": old.id, "at": meeting.id,
                                             "rrule": text, "moved": min(len(rows), len(starts)),
                                             "made": len(made)})
    db.session.flush()
    return new


def _cancel(meeting: Meeting, reason: str) -> None:
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason
    meeting.sequence = (meeting.sequence or 0) + 1


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    return reason[:500]


def cancel_one(actor: Member, meeting: Meeting, reason: str) -> None:
    _runnable(actor, meeting)
    _cancel(meeting, _reason(reason))
    record_audit(actor, "meeting.cancel", "meeting", meeting.id, summary=meeting.title,
                 details={"reason": meeting.cancel_reason, "sequence": meeting.sequence})
    db.session.flush()


def cancel_following(actor: Member, meeting: Meeting, reason: str) -> int:
    """Cancel this occurrence and every later one, and end the rule before it (no more
    are made). Returns how many were cancelled."""
    _runnable(actor, meeting)
    if meeting.series is None or meeting.occurrence_start is None:
        raise NotASeries()
    text = _reason(reason)
    rows = following(meeting)
    for row in rows:
        _cancel(row, text)
    meeting.series.rrule = recurrence.with_until(
        meeting.series.rrule, meeting.occurrence_start - timedelta(seconds=1))
    record_audit(actor, "meeting.cancel_following", "meeting_series", meeting.series_id,
                 summary=meeting.title, details={"reason": text, "from": meeting.id,
                                                 "cancelled": [r.id for r in rows]})
    db.session.flush()
    return len(rows)
