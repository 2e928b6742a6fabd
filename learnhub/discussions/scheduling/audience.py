"""Who a meeting invites: a unit's active members, optionally its whole subtree, and/or
chosen members (of that unit's subtree), expanded to `Invitation` rows.

Changing the audience adds invitations for new members and removes those of members no
longer in it, except an invitation that already carries something (a reply, a leave
decision, attendance, a sign-in, credit): that one is kept, so no record is lost; the
member stays invited and the host can excuse them or mark them absent as usual.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, or_, select

from learnhub.discussions.models import Attendance, Invitation, Meeting, Reply
from learnhub.extensions import db
from learnhub.org.models import Member, Unit


@dataclass(frozen=True)
class Audience:
    unit_id: int
    subtree: bool = False
    member_ids: tuple[int, ...] = ()
    whole_unit: bool = True  # False: only the chosen members

    def as_json(self) -> dict:
        return {"unit_id": self.unit_id, "subtree": self.subtree,
                "member_ids": list(self.member_ids), "whole_unit": self.whole_unit}

    @classmethod
    def from_json(cls, data: dict) -> Audience:
        return cls(unit_id=int(data["unit_id"]), subtree=bool(data.get("subtree")),
                   member_ids=tuple(int(i) for i in data.get("member_ids") or ()),
                   whole_unit=bool(data.get("whole_unit", True)))


@dataclass
class InvitationChanges:
    added: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    kept: list[int] = field(default_factory=list)  # not in the audience, but with a record


def in_subtree(unit: Unit):
    """Members of `unit` or any unit under it (one indexed LIKE on the path)."""
    return Member.unit_id.in_(select(Unit.id).where(Unit.path.startswith(unit.path)))


def expand(audience: Audience, unit: Unit) -> list[int]:
    """The active members the audience names, by id (one query)."""
    conditions = []
    if audience.whole_unit:
        conditions.append(in_subtree(unit) if audience.subtree else Member.unit_id == unit.id)
    if audience.member_ids:
        conditions.append(Member.id.in_(audience.member_ids) & in_subtree(unit))
    if not conditions:
        return []
    return list(db.session.scalars(select(Member.id).where(
        Member.active.is_(True), or_(*conditions)).order_by(Member.id)))


def has_record(invitation: Invitation) -> bool:
    return (invitation.reply is not Reply.NONE or invitation.attendance is not Attendance.UNKNOWN
            or invitation.signed_in_at is not None or invitation.ledger_entry_id is not None)


def sync_invitations(meeting: Meeting, member_ids: Iterable[int]) -> InvitationChanges:
    """Make the meeting's invitations match `member_ids` (see the module docstring)."""
    wanted = set(member_ids)
    current = {inv.member_id: inv for inv in db.session.scalars(
        select(Invitation).where(Invitation.meeting_id == meeting.id))}
    changes = InvitationChanges()
    for member_id in sorted(wanted - current.keys()):
        db.session.add(Invitation(meeting_id=meeting.id, member_id=member_id))
        changes.added.append(member_id)
    for member_id, invitation in sorted(current.items()):
        if member_id in wanted:
            continue
        if has_record(invitation):
            changes.kept.append(member_id)
        else:
            changes.removed.append(member_id)
    if changes.removed:
        db.session.execute(delete(Invitation).where(
            Invitation.meeting_id == meeting.id, Invitation.member_id.in_(changes.removed)))
    db.session.flush()
    return changes
