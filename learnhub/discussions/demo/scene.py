"""One unit's part in the demo history, as both writers need it: who runs its meetings,
the kinds and readings, and what `schedule` is told for a slot; and the running tally."""

from __future__ import annotations

from dataclasses import dataclass, field

from learnhub.discussions.demo import script, texts
from learnhub.discussions.demo.plan import Slot
from learnhub.discussions.demo.upcoming import PLACE, Cast
from learnhub.discussions.models import MeetingKind
from learnhub.discussions.scheduling.audience import Audience
from learnhub.discussions.scheduling.details import MeetingDetails, Reading
from learnhub.org.models import Member, Unit

LEARNER = "learner"


@dataclass
class Tally:
    held: int = 0
    missed: int = 0
    cancelled: int = 0
    credits: int = 0
    profiles: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Scene:
    """One unit's part in the history: who, and what the services are told."""

    unit: Unit
    cast: Cast
    kinds: dict[str, MeetingKind]
    readings: dict[str, tuple[Reading, ...]]

    def invitees(self, slot: Slot) -> list[Member]:
        return self.cast.committee if slot.kind_code == "committee_meeting" else self.cast.members

    def details(self, slot: Slot) -> MeetingDetails:
        kind = self.kinds[slot.kind_code]
        return MeetingDetails(
            kind=kind, title=slot.title,
            audience=Audience(self.unit.id, member_ids=tuple(m.id for m in self.invitees(slot)),
                              whole_unit=False),
            agenda_markdown=texts.agenda(slot.kind_code, slot.topic),
            theme=slot.topic if kind.is_seminar else "", host_id=self.cast.host.id,
            recorder_id=self.cast.recorder.id, place=PLACE, readings=self.readings[slot.kind_code])

    def script_cast(self, slot: Slot) -> script.Cast:
        invitees = self.invitees(slot)
        learner = next((m.id for m in invitees if m.employee_no == LEARNER), None)
        return script.Cast(tuple(m.id for m in invitees), self.cast.host.id,
                           self.cast.recorder.id, learner)
