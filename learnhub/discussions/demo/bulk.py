"""The demo's meeting history as rows, for the branches nobody logs into: the same rows
the services write when `history.live` plays the same script — the meeting as `schedule`
makes it (then `cancel_one` or `approve_minutes` changes it), readings, invitations with
replies, leave decisions, attendance as `save_draft` sets it and credit as
`approve_minutes` gives it (ledger entries with the values `records.services.credit`
stores), the minutes and action items, seminar settings, speakers and 心得,
thread posts, and the audit events each service records. A few bulk inserts per fifty
branches instead of a few hundred statements per meeting; a test holds both equal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from learnhub.core.markdown import MarkdownLimits, render
from learnhub.core.timeutil import now_utc, site_zone, to_local
from learnhub.discussions.demo import script, texts
from learnhub.discussions.demo.plan import Slot
from learnhub.discussions.demo.rows import Made, insert_rows
from learnhub.discussions.demo.scene import Scene, Tally
from learnhub.discussions.minutes.attendance import counts_of, credited_marks, final_mark
from learnhub.discussions.minutes.models import MinutesStatus
from learnhub.discussions.minutes.services import TEXT_MAX_CHARS
from learnhub.discussions.models import (
    Attendance,
    MeetingKind,
    MeetingStatus,
    Reply,
)
from learnhub.discussions.scheduling.details import agenda_html
from learnhub.discussions.scheduling.recurrence import localise
from learnhub.discussions.scheduling.series import new_uid
from learnhub.discussions.seminars.models import (
    DEFAULT_MIN_REFLECTION_CHARS,
)
from learnhub.discussions.threads.services import POST_MAX_CHARS
from learnhub.records.services import CREDIT_QUANTUM

SEMINAR_MIN_CHARS = 100


def _audit(actor_id: int, action: str, object_type: str, summary: str,
           what: Callable[[Made], tuple[object, dict]]) -> Callable[[Made], dict]:
    """An audit row as `record_audit` writes it, once the ids it names are known."""
    def row(made: Made) -> dict:
        object_id, details = what(made)
        return {"at": now_utc(), "actor_id": actor_id, "action": action,
                "object_type": object_type, "object_id": str(object_id or ""),
                "summary": summary[:500], "details": details}
    return row


def _invitation(member_id: int) -> dict:
    return {"member_id": member_id, "reply": Reply.NONE, "leave_reason": "",
            "leave_decided_by_id": None, "leave_decided_at": None, "leave_decision_note": "",
            "attendance": Attendance.UNKNOWN, "attendance_reason": "", "signed_in_at": None,
            "attendance_set_by_id": None, "ledger_entry_id": None, "speaker": False,
            "notified_sequence": None, "reminded_at": None}


def _leave_details(member_id: int, note: str, made: Made) -> tuple[object, dict]:
    return made.id, {"invitation_id": made.invitation_ids[member_id], "note": note}


def _attendance_details(member_id: int, status: Attendance, at: datetime,
                        made: Made) -> tuple[object, dict]:
    return made.invitation_ids[member_id], {
        "meeting_id": made.id, "member_id": member_id, "at": at.isoformat(),
        "before": {"attendance": Attendance.UNKNOWN.value, "reason": ""},
        "after": {"attendance": status.value, "reason": ""}}


class BulkWriter:
    """Collects meetings branch by branch (`add`), writes them on `write`."""

    def __init__(self) -> None:
        self.made: list[Made] = []
        self.units: set[int] = set()
        self.html: dict[tuple[str, str], str] = {}

    def units_waiting(self) -> int:
        return len(self.units)

    def _html(self, how: str, text: str) -> str:
        key = (how, text)
        if key not in self.html:
            limit = {"minutes": TEXT_MAX_CHARS, "post": POST_MAX_CHARS}.get(how)
            self.html[key] = (agenda_html(text) if how == "agenda" else render(
                text, limits=MarkdownLimits(max_chars=limit) if limit else None).html)
        return self.html[key]

    def add(self, scene: Scene, slot: Slot, presence: float, tally: Tally) -> None:
        """The slot's meeting as `history.live` would leave it."""
        if slot.missed and not slot.cancelled:
            tally.missed += 1
            return
        self.units.add(scene.unit.id)
        zone = site_zone()
        start = localise(slot.start_local, zone)
        details = scene.details(slot)
        cast = scene.cast
        title = details.title.strip()
        row: dict[str, Any] = {"uid": new_uid(), "unit_id": scene.unit.id, "series_id": None,
               "occurrence_start": None, "created_by_id": cast.scheduler.id, "sequence": 0,
               "status": MeetingStatus.SCHEDULED, "kind_id": details.kind.id, "title": title,
               "theme": details.theme.strip(), "agenda_markdown": details.agenda_markdown,
               "agenda_html": self._html("agenda", details.agenda_markdown),
               "starts_at": start, "ends_at": start + timedelta(minutes=slot.minutes),
               "timezone": zone.key,
               "place": details.place.strip(), "online_url": details.online_url.strip(),
               "host_id": details.host_id, "recorder_id": details.recorder_id,
               "audience": details.audience.as_json(), "cancel_reason": ""}
        made = Made(row, [{"position": n, "course_id": r.course_id, "lesson_key": r.lesson_key}
                          for n, r in enumerate(details.readings, start=1)],
                    {m.id: _invitation(m.id) for m in scene.invitees(slot)})
        made.audits.append(_audit(cast.scheduler.id, "meeting.schedule", "meeting", title,
                                  lambda m: (m.id, {"series_id": None, "rrule": None,
                                                    "occurrences": 1})))
        self.made.append(made)
        if slot.missed:
            reason = script.cancel_reason(title, scene.unit.code)
            row.update(status=MeetingStatus.CANCELLED, cancel_reason=reason, sequence=1)
            made.audits.append(_audit(cast.scheduler.id, "meeting.cancel", "meeting", title,
                                      lambda m: (m.id, {"reason": reason, "sequence": 1})))
            tally.missed += 1
            tally.cancelled += 1
            return
        kind = details.kind
        plan = script.held(scene.unit.code, title, details.theme.strip(), kind.is_seminar, start,
                           start + timedelta(minutes=slot.minutes), zone.key, scene.script_cast(slot), presence)
        self._replies(made, plan, cast.host.id)
        if plan.seminar is not None:
            self._seminar(made, plan.seminar, cast.host.id, cast.recorder.id)
        for post in plan.posts:
            made.posts.append((self._post(made, post.author_id, post.body, post.reflection,
                                          post.at),
                               None if post.reply is None else
                               self._post(made, cast.host.id, post.reply, False, post.reply_at)))
        self._minutes(made, plan, kind.code, cast.recorder.id)
        names = {m.id: m.name for m in cast.members}
        self._approve(made, plan, scene.kinds[slot.kind_code], cast.host.id, names)
        tally.held += 1
        tally.credits += len(made.credited)

    def _replies(self, made: Made, plan: script.Held, host_id: int) -> None:
        title = made.row["title"]
        for member_id, _when in plan.rsvps:
            made.invitations[member_id]["reply"] = Reply.ATTENDING
        for leave in plan.leaves:
            approve = "approve" if leave.approved else "reject"
            made.invitations[leave.member_id].update(
                reply=Reply.LEAVE_APPROVED if leave.approved else Reply.LEAVE_REJECTED,
                leave_reason=leave.reason.strip()[:500], leave_decided_by_id=host_id,
                leave_decided_at=leave.decided_at, leave_decision_note=leave.note)
            made.audits.append(_audit(
                host_id, f"meeting.leave_{approve}", "meeting", f"{title}: {leave.member_id}",
                partial(_leave_details, leave.member_id, leave.note)))

    def _seminar(self, made: Made, seminar: script.Seminar, host_id: int,
                 recorder_id: int) -> None:
        """`save_setup` (the theme unchanged, a shorter minimum, speakers), each 心得 by
        `save_reflection` (the conclusions are the minutes')."""
        title = made.row["title"]
        made.setting = {"min_reflection_chars": SEMINAR_MIN_CHARS}
        for member_id in seminar.speaker_ids:
            made.invitations[member_id]["speaker"] = True
        changes: dict[str, object] = {
            "min_reflection_chars": [DEFAULT_MIN_REFLECTION_CHARS, SEMINAR_MIN_CHARS]}
        if seminar.speaker_ids:
            changes["speakers_added"] = sorted(seminar.speaker_ids)
        made.audits.append(_audit(host_id, "seminar.setup", "meeting", f"专题研讨设置：{title}",
                                  lambda m: (m.id, changes)))
        for member_id, text, when in seminar.reflections:
            made.reflections.append({"member_id": member_id, "markdown": text.strip(),
                                     "html": self._html("", text.strip()),
                                     "submitted_at": when, "updated_at": when})

    def _post(self, made: Made, author_id: int, body: str, reflection: bool,
              at: datetime) -> dict:
        body = body.strip()
        return {"parent_id": None, "author_id": author_id, "body_markdown": body,
                "body_html": self._html("post", body), "reflection": reflection,
                "created_at": at, "edited_at": None, "hidden_at": None, "hidden_by_id": None,
                "hidden_reason": ""}

    def _minutes(self, made: Made, plan: script.Held, kind_code: str, recorder_id: int) -> None:
        """`save_draft`: attendance by hand (audited one by one), the texts, the items."""
        title, at = made.row["title"], plan.drafted_at
        for member_id, status in plan.attendance.items():
            made.invitations[member_id].update(attendance=status, attendance_reason="",
                                               attendance_set_by_id=recorder_id)
            made.audits.append(_audit(
                recorder_id, "meeting.attendance.set", "meeting_invitation",
                f"{title}: {Attendance.UNKNOWN.value} → {status.value}",
                partial(_attendance_details, member_id, status, at)))
        topics = texts.topics(kind_code, title).strip()
        decisions = texts.decisions(kind_code).strip()
        made.minutes = {"status": MinutesStatus.DRAFT, "revision": 1,
                        "topics_markdown": topics, "topics_html": self._html("minutes", topics),
                        "decisions_markdown": decisions,
                        "decisions_html": self._html("minutes", decisions),
                        "saved_by_id": recorder_id, "saved_at": at,
                        "approved_by_id": None, "approved_at": None}
        made.minute_items = [{"position": n, "task": t.task.strip()[:500],
                              "owner_id": t.owner_id, "due_on": t.due_on}
                             for n, t in enumerate(plan.items, start=1)]

    def _approve(self, made: Made, plan: script.Held, kind: MeetingKind, host_id: int,
                 names: dict[int, str]) -> None:
        """`approve_minutes`: the rest counted (excused on approved leave), present (and
        late where it counts) credited in the order of the attendance list, by name."""
        row, title = made.row, made.row["title"]
        counted = credited_marks(kind.late_counts)
        hours = Decimal(str(kind.credit_hours)).quantize(CREDIT_QUANTUM)
        day = to_local(row["starts_at"], row["timezone"]).date()
        finalised = 0
        for member_id in sorted(made.invitations, key=lambda i: (names[i], i)):
            invitation = made.invitations[member_id]
            if invitation["attendance"] is Attendance.UNKNOWN:
                finalised += 1
                invitation["attendance"] = final_mark(invitation["attendance"],
                                                      invitation["reply"])
                invitation["attendance_set_by_id"] = host_id
            if invitation["attendance"] not in counted:
                continue
            made.credited.append(member_id)
            made.ledger.append({"member_id": member_id, "kind": "meeting",
                                "source_type": "meeting", "credit_hours": hours,
                                "occurred_on": day, "recorded_by_id": host_id,
                                "reverses_id": None, "note": title[:200]})
        assert made.minutes is not None
        made.minutes.update(status=MinutesStatus.APPROVED, approved_by_id=host_id,
                            approved_at=plan.approved_at)
        row["status"] = MeetingStatus.HELD
        row.update(counts_of([inv["attendance"] for inv in made.invitations.values()]))
        made.audits.append(_audit(host_id, "meeting_minutes.approve", "meeting", title,
                                  lambda m: (m.id, {"revision": 1, "credited": m.ledger_ids,
                                                    "finalised": finalised})))

    def write(self) -> None:
        """Insert what was collected, and start over."""
        made, self.made, self.units = self.made, [], set()
        if made:
            insert_rows(made)
