"""The host's part: the theme, the minimum length of a 心得 and who is named to speak
(重点发言). Every change is audited; a new theme bumps the meeting's iCalendar SEQUENCE
because invitees see it in their calendars."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select, update

from learnhub.core.errors import ValidationFailed
from learnhub.discussions.models import Invitation, Meeting
from learnhub.discussions.seminars.models import DEFAULT_MIN_REFLECTION_CHARS, SeminarSetting
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member

MAX_MIN_REFLECTION_CHARS = 5000


class NotAnInvitee(ValidationFailed):
    code = "speaker_not_invited"
    message = "重点发言人必须是本次研讨的参会人员。"


@dataclass(frozen=True)
class SeminarSetup:
    theme: str
    min_reflection_chars: int
    speaker_ids: frozenset[int]


def min_reflection_chars(meeting_id: int) -> int:
    found = db.session.get(SeminarSetting, meeting_id)
    return found.min_reflection_chars if found is not None else DEFAULT_MIN_REFLECTION_CHARS


def speaker_ids(meeting_id: int) -> frozenset[int]:
    return frozenset(db.session.scalars(select(Invitation.member_id).where(
        Invitation.meeting_id == meeting_id, Invitation.speaker.is_(True))))


def current_setup(meeting: Meeting) -> SeminarSetup:
    return SeminarSetup(theme=meeting.theme, speaker_ids=speaker_ids(meeting.id),
                        min_reflection_chars=min_reflection_chars(meeting.id))


def save_setup(meeting: Meeting, actor: Member, wanted: SeminarSetup) -> bool:
    """Apply the host's choices; True when anything changed (then one audit event says
    what). Speakers must be invitees."""
    invitee_ids = set(db.session.scalars(select(Invitation.member_id)
                                         .where(Invitation.meeting_id == meeting.id)))
    if not wanted.speaker_ids <= invitee_ids:
        raise NotAnInvitee(fields={"speakers": "not_invited"})
    before = current_setup(meeting)
    details: dict[str, object] = {}
    if wanted.theme != before.theme:
        details["theme"] = [before.theme, wanted.theme]
        meeting.theme = wanted.theme
        meeting.sequence += 1
    if wanted.min_reflection_chars != before.min_reflection_chars:
        details["min_reflection_chars"] = [before.min_reflection_chars,
                                           wanted.min_reflection_chars]
        setting = db.session.get(SeminarSetting, meeting.id)
        if setting is None:
            db.session.add(SeminarSetting(meeting_id=meeting.id,
                                          min_reflection_chars=wanted.min_reflection_chars))
        else:
            setting.min_reflection_chars = wanted.min_reflection_chars
    added = sorted(wanted.speaker_ids - before.speaker_ids)
    removed = sorted(before.speaker_ids - wanted.speaker_ids)
    _set_speakers(meeting.id, added, True)
    _set_speakers(meeting.id, removed, False)
    if added:
        details["speakers_added"] = added
    if removed:
        details["speakers_removed"] = removed
    if not details:
        return False
    db.session.flush()
    record_audit(actor, "seminar.setup", "meeting", meeting.id,
                 summary=f"专题研讨设置：{meeting.title}", details=details)
    return True


def _set_speakers(meeting_id: int, member_ids: Collection[int], speaker: bool) -> None:
    if member_ids:
        db.session.execute(update(Invitation).where(
            Invitation.meeting_id == meeting_id, Invitation.member_id.in_(list(member_ids)))
            .values(speaker=speaker))
