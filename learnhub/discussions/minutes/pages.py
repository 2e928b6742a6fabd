"""What the minutes pages show and read: the form filled from the stored minutes and
invitations, its rows changed by buttons, its answers as the service's arguments, and
the context of the read-only and printable pages (a constant number of statements)."""

from __future__ import annotations

from typing import Any

from learnhub.discussions.minutes.attendance import invitations, summary
from learnhub.discussions.minutes.forms import ATTENDANCE_LABELS, MinutesForm
from learnhub.discussions.minutes.models import MeetingMinutes
from learnhub.discussions.minutes.services import (
    MAX_ACTION_ITEMS,
    ActionItemInput,
    action_items,
)
from learnhub.discussions.models import Attendance, Meeting
from learnhub.extensions import db
from learnhub.org.forms import choices
from learnhub.org.models import Member


def filled_form(meeting: Meeting, record: MeetingMinutes | None) -> MinutesForm:
    items = [{"task": item.task, "owner": item.owner_id, "due_on": item.due_on}
             for item, _name in action_items(record)] or [{}]
    return MinutesForm(data={
        "revision": str(record.revision) if record else "",
        "topics": record.topics_markdown if record else "",
        "decisions": record.decisions_markdown if record else "",
        "items": items,
        "attendance": [{"invitation_id": str(inv.id), "status": inv.attendance.value}
                       for inv, _name in invitations(meeting)],
    })


def change_rows(form: MinutesForm, action: str) -> None:
    """`add` appends an empty action-item row; `remove-N` drops the Nth (from 0)."""
    if action == "add" and len(form.items.entries) < MAX_ACTION_ITEMS:
        form.items.append_entry()
    elif action.startswith("remove-") and action[7:].isdigit():
        position = int(action[7:])
        if position < len(form.items.entries):
            form.items.entries.pop(position)


def form_context(meeting: Meeting, form: MinutesForm) -> dict[str, Any]:
    """Owner choices on every row (the invitees, host and recorder) and each attendance
    row's member name."""
    invited = invitations(meeting)
    people = {inv.member_id: name for inv, name in invited}
    others = {meeting.host_id, meeting.recorder_id} - set(people) - {None}
    if others:
        for member_id, name in db.session.execute(
                Member.__table__.select().with_only_columns(Member.id, Member.name)
                .where(Member.id.in_(others))).all():
            people[member_id] = name
    owners = choices([("", "—"), *sorted(people.items(), key=lambda pair: pair[1])])
    for row in form.items:
        row.form.owner.choices = owners
    return {"names": {str(inv.id): name for inv, name in invited},
            "attendance": summary(meeting), "labels": ATTENDANCE_LABELS}


def draft_fields(form: MinutesForm) -> dict[str, Any]:
    items = [ActionItemInput(row.form.task.data or "", row.form.owner.data,
                             row.form.due_on.data)
             for row in form.items if not row.form.blank]
    attendance = {}
    for row in form.attendance:
        raw_id = row.form.invitation_id.data or ""
        if raw_id.isdigit():
            attendance[int(raw_id)] = Attendance(row.form.status.data)
    revision = form.revision.data or ""
    return {"topics": form.topics.data or "", "decisions": form.decisions.data or "",
            "items": items, "attendance": attendance,
            "revision": int(revision) if revision.isdigit() else None}


def minutes_context(meeting: Meeting, record: MeetingMinutes) -> dict[str, Any]:
    approver = db.session.get(Member, record.approved_by_id) if record.approved_by_id else None
    return {"meeting": meeting, "record": record, "items": action_items(record),
            "attendance": summary(meeting), "labels": ATTENDANCE_LABELS,
            "approver": approver, "statuses": (Attendance.PRESENT, Attendance.LATE,
                                               Attendance.EXCUSED, Attendance.ABSENT)}
