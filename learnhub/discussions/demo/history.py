"""A year of meetings for the demo organisation (`learnhub demo`). Each branch's slots
(`plan`) and what happens at each held meeting (`script`) are decided first; then the
branches the demo accounts see (GB01's: the `learner`'s and the `manager`'s 党总支) live
them through the real services with the clock set back: the 书记 schedules (`schedule`),
members reply and ask for leave (`reply`, `decide_leave`), the 委员 who records writes
the minutes with attendance (`save_draft`), seminars get speakers, 心得 and conclusions,
members post in the thread, and the 书记 approves (`approve_minutes`), which credits
present members. Every other branch is written as rows equal to those (`bulk`), so
`--scale 100` gets the whole year in about two minutes of CPU; a test holds the two
equal.

Deterministic for a given day (seeded per unit and meeting; only the iCalendar uids are
random) and done once: `history_needed` is false as soon as a demo unit has a meeting.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import exists, select

from learnhub.core.timeutil import site_zone, to_local
from learnhub.demo import ROOT_CODE
from learnhub.discussions.demo import script, texts
from learnhub.discussions.demo.bulk import BulkWriter
from learnhub.discussions.demo.plan import BRANCH_KINDS, GROUP_KINDS, Slot, plan_slots, profile_for
from learnhub.discussions.demo.scene import Scene, Tally
from learnhub.discussions.demo.upcoming import (
    Cast,
    cast_of,
    demo_units,
    kinds_by_code,
    readings_for,
    schedule_upcoming,
    stable_rng,
)
from learnhub.discussions.minutes.services import ActionItemInput, approve_minutes, save_draft
from learnhub.discussions.models import Invitation, Meeting, MeetingKind
from learnhub.discussions.scheduling.details import When
from learnhub.discussions.scheduling.recurrence import localise
from learnhub.discussions.scheduling.replies import decide_leave, reply
from learnhub.discussions.scheduling.services import cancel_one, schedule
from learnhub.discussions.seminars.reflections import save_reflection
from learnhub.discussions.seminars.setup import SeminarSetup, save_setup
from learnhub.discussions.threads.services import add_post
from learnhub.extensions import db
from learnhub.org.models import Unit
from learnhub.org.units.services import unit_by_code

SEED = script.SEED
# Branches whose meetings go through the services one by one: what the demo accounts
# click through (the learner's branch and the rest of the manager's 党总支 GB01).
LIVED_UNITS = ("GB01-",)
BULK_UNITS = 50  # branches written per bulk flush (memory stays small at --scale 100)


def history_needed() -> bool:
    """The demo organisation is there and none of its units has a meeting yet."""
    root = unit_by_code(ROOT_CODE)
    if root is None:
        return False
    return not db.session.scalar(select(exists().where(
        Meeting.unit_id == Unit.id, Unit.path.startswith(root.path))))


def lived(unit_code: str) -> bool:
    return unit_code.startswith(LIVED_UNITS)


def load_history(now: datetime) -> str:
    """The step: each branch's (and 党小组's) past year, then the upcoming series."""
    today = to_local(now, site_zone()).date()
    tally = Tally()
    writer = BulkWriter()
    for unit_id, unit_kind in demo_units():
        unit = db.session.get(Unit, unit_id)
        assert unit is not None
        unit_history(unit, unit_kind, today, tally, None if lived(unit.code) else writer)
        if writer.units_waiting() >= BULK_UNITS:
            writer.write()
        db.session.flush()
        db.session.expunge_all()  # a branch at a time: the session stays small
    writer.write()
    upcoming = schedule_upcoming(now)
    return (f"Meeting history: {tally.held} held, {tally.missed} missed "
            f"({tally.cancelled} called off), {tally.credits} credits; "
            f"{upcoming} upcoming meetings scheduled; branches "
            + ", ".join(f"{n} {name}" for name, n in sorted(tally.profiles.items())) + ".")


def unit_history(unit: Unit, unit_kind: str, today: date, tally: Tally,
                 writer: BulkWriter | None) -> None:
    """One unit's year: through the services, or into `writer` when one is given."""
    cast = cast_of(unit)
    if cast is None:
        return
    kinds = kinds_by_code()
    scene = Scene(unit, cast, kinds, {code: readings_for(code) for code in kinds})
    rng = stable_rng(SEED, unit.code)
    profile = profile_for(unit.code, rng)
    tally.profiles[profile.name] = tally.profiles.get(profile.name, 0) + 1
    codes = BRANCH_KINDS if unit_kind == "branch" else GROUP_KINDS
    for slot in plan_slots(codes, today, profile, rng):
        if slot.kind_code in kinds:
            (live if writer is None else writer.add)(scene, slot, profile.presence, tally)


def live(scene: Scene, slot: Slot, presence: float, tally: Tally) -> None:
    """Schedule the slot's meeting ten days ahead; then call it off, leave it, or hold it."""
    if slot.missed and not slot.cancelled:
        tally.missed += 1
        return
    zone = site_zone()
    start = localise(slot.start_local, zone)
    cast = scene.cast
    meeting = schedule(cast.scheduler, scene.unit, scene.details(slot),
                       When(slot.start_local, slot.minutes, zone.key), None,
                       now=start - timedelta(days=10))
    if slot.missed:
        cancel_one(cast.scheduler, meeting, script.cancel_reason(meeting.title, scene.unit.code))
        tally.missed += 1
        tally.cancelled += 1
        return
    kind = scene.kinds[slot.kind_code]
    plan = script.held(scene.unit.code, meeting.title, meeting.theme, kind.is_seminar,
                       meeting.starts_at, meeting.ends_at, meeting.timezone,
                       scene.script_cast(slot), presence)
    hold(meeting, kind, cast, plan, tally)


def hold(meeting: Meeting, kind: MeetingKind, cast: Cast, plan: script.Held,
         tally: Tally) -> None:
    """Play the script through the services, in the order people would."""
    members = {m.id: m for m in cast.members}
    invitations = {inv.member_id: inv for inv in db.session.scalars(
        select(Invitation).where(Invitation.meeting_id == meeting.id))}
    for member_id, when in plan.rsvps:
        reply(members[member_id], meeting, attending=True, reason="", now=when)
    for leave in plan.leaves:
        reply(members[leave.member_id], meeting, attending=False, reason=leave.reason,
              now=leave.asked_at)
        decide_leave(cast.host, meeting, invitations[leave.member_id].id,
                     approve=leave.approved, note=leave.note, now=leave.decided_at)
    if plan.seminar is not None:
        seminar = plan.seminar
        save_setup(meeting, cast.host, SeminarSetup(
            theme=meeting.theme, min_reflection_chars=100,
            speaker_ids=frozenset(seminar.speaker_ids)))
        for member_id, text, when in seminar.reflections:
            save_reflection(meeting, members[member_id], text, now=when)
    for post in plan.posts:
        made = add_post(members[post.author_id], meeting, post.body, reflection=post.reflection,
                        now=post.at)
        if post.reply is not None:
            add_post(cast.host, meeting, post.reply, parent_id=made.id, now=post.reply_at)
    save_draft(cast.recorder, meeting, topics=texts.topics(kind.code, meeting.title),
               decisions=texts.decisions(kind.code),
               items=[ActionItemInput(t.task, t.owner_id, t.due_on) for t in plan.items],
               attendance={invitations[m].id: status for m, status in plan.attendance.items()},
               revision=None, now=plan.drafted_at)
    approval = approve_minutes(cast.host, meeting, now=plan.approved_at)
    tally.held += 1
    tally.credits += len(approval.credited)
