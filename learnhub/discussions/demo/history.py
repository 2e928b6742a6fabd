"""A year of meetings for the demo organisation (`learnhub demo`), lived through the real
services with the clock set back: each branch's 书记 schedules (`schedule`), members reply
and ask for leave (`reply`, `decide_leave`), the 委员 who records writes the minutes with
attendance (`save_draft`), seminars get speakers, 心得 and conclusions, members post in the
thread, and the 书记 approves (`approve_minutes`), which credits present members exactly
as live use would. Missed slots are never scheduled or were called off (`cancel_one`).

Deterministic for a given day (seeded per unit and meeting; only the iCalendar uids are
random) and done once: `history_needed` is false as soon as a demo unit has a meeting.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import exists, select

from learnhub.core.timeutil import site_zone, to_local
from learnhub.demo import ROOT_CODE
from learnhub.discussions.demo import texts
from learnhub.discussions.demo.plan import (
    BRANCH_KINDS,
    GROUP_KINDS,
    Profile,
    Slot,
    plan_slots,
    profile_for,
)
from learnhub.discussions.demo.upcoming import (
    PLACE,
    Cast,
    cast_of,
    demo_units,
    kinds_by_code,
    readings_for,
    schedule_upcoming,
    stable_rng,
)
from learnhub.discussions.minutes.services import ActionItemInput, approve_minutes, save_draft
from learnhub.discussions.models import Attendance, Invitation, Meeting, MeetingKind
from learnhub.discussions.scheduling.audience import Audience
from learnhub.discussions.scheduling.details import MeetingDetails, When
from learnhub.discussions.scheduling.recurrence import localise
from learnhub.discussions.scheduling.replies import decide_leave, reply
from learnhub.discussions.scheduling.services import cancel_one, schedule
from learnhub.discussions.seminars.reflections import save_reflection
from learnhub.discussions.seminars.setup import SeminarSetup, save_setup
from learnhub.discussions.threads.services import add_post
from learnhub.extensions import db
from learnhub.org.models import Member, Unit
from learnhub.org.units.services import unit_by_code

SEED = 20261207
LEARNER = "learner"
# Above this many branches (--scale 10 has 60) the copies beyond the first (GB03 on) get
# fewer months of history, so `--scale 100` stays minutes, not an hour: every meeting goes
# through the services one by one. The demo accounts' GB01 and GB02 always get the year.
FULL_YEAR_BRANCHES = 60
SHORT_MONTHS = 3
FULL_YEAR_UNITS = ("GB01-", "GB02-")


@dataclass
class Tally:
    held: int = 0
    missed: int = 0
    cancelled: int = 0
    credits: int = 0
    profiles: dict[str, int] = field(default_factory=dict)


def history_needed() -> bool:
    """The demo organisation is there and none of its units has a meeting yet."""
    root = unit_by_code(ROOT_CODE)
    if root is None:
        return False
    return not db.session.scalar(select(exists().where(
        Meeting.unit_id == Unit.id, Unit.path.startswith(root.path))))


def load_history(now: datetime) -> str:
    """The step: each branch's (and 党小组's) past year, then the upcoming series."""
    zone = site_zone()
    today = to_local(now, zone).date()
    units = demo_units()
    short = sum(1 for _, kind in units if kind == "branch") > FULL_YEAR_BRANCHES
    tally = Tally()
    for unit_id, unit_kind in units:
        kinds = kinds_by_code()
        unit = db.session.get(Unit, unit_id)
        assert unit is not None
        cast = cast_of(unit)
        if cast is not None:
            rng = stable_rng(SEED, unit.code)
            profile = profile_for(unit.code, rng)
            tally.profiles[profile.name] = tally.profiles.get(profile.name, 0) + 1
            codes = BRANCH_KINDS if unit_kind == "branch" else GROUP_KINDS
            months = SHORT_MONTHS if short and not unit.code.startswith(FULL_YEAR_UNITS) else 12
            for slot in plan_slots(codes, today, profile, rng, months):
                if slot.kind_code in kinds:
                    live(unit, kinds[slot.kind_code], slot, cast, profile, tally)
        db.session.flush()
        db.session.expunge_all()  # a branch at a time: the session stays small
    upcoming = schedule_upcoming(now)
    return (f"Meeting history: {tally.held} held, {tally.missed} missed "
            f"({tally.cancelled} called off), {tally.credits} credits"
            f"{f' ({SHORT_MONTHS} months beyond GB01–GB02)' if short else ''}; "
            f"{upcoming} upcoming meetings scheduled; branches "
            + ", ".join(f"{n} {name}" for name, n in sorted(tally.profiles.items())) + ".")


def live(unit: Unit, kind: MeetingKind, slot: Slot, cast: Cast, profile: Profile,
         tally: Tally) -> None:
    """Schedule the slot's meeting ten days ahead; then call it off, leave it, or hold it."""
    if slot.missed and not slot.cancelled:
        tally.missed += 1
        return
    zone = site_zone()
    start = localise(slot.start_local, zone)
    invitees = cast.committee if slot.kind_code == "committee_meeting" else cast.members
    details = MeetingDetails(
        kind=kind, title=slot.title,
        audience=Audience(unit.id, member_ids=tuple(m.id for m in invitees), whole_unit=False),
        agenda_markdown=texts.agenda(slot.kind_code, slot.topic),
        theme=slot.topic if kind.is_seminar else "", host_id=cast.host.id,
        recorder_id=cast.recorder.id, place=PLACE, readings=readings_for(slot.kind_code))
    meeting = schedule(cast.scheduler, unit, details,
                       When(slot.start_local, slot.minutes, zone.key), None,
                       now=start - timedelta(days=10))
    if slot.missed:
        cancel_one(cast.scheduler, meeting, stable_rng(SEED, meeting.title, unit.code)
                   .choice(texts.CANCEL_REASONS))
        tally.missed += 1
        tally.cancelled += 1
        return
    hold(meeting, kind, cast, profile, tally)


def _outcome(rng: random.Random, presence: float) -> Attendance:
    pick = rng.random()
    if pick < presence * 0.96:
        return Attendance.PRESENT
    if pick < presence:
        return Attendance.LATE
    return Attendance.EXCUSED if pick < presence + (1 - presence) * 0.6 else Attendance.ABSENT


def hold(meeting: Meeting, kind: MeetingKind, cast: Cast, profile: Profile,
         tally: Tally) -> None:
    """Replies and leave before it, the thread and 心得 around it, minutes after it."""
    rng = stable_rng(SEED, meeting.unit_id, meeting.title, meeting.starts_at.isoformat())
    start, end = meeting.starts_at, meeting.ends_at
    invitations = {inv.member_id: inv for inv in db.session.scalars(
        select(Invitation).where(Invitation.meeting_id == meeting.id))}
    people = [m for m in cast.everyone if m.id in invitations]
    attendance: dict[int, Attendance] = {}
    present: list[Member] = []
    for member in people:
        status = _outcome(rng, 0.95 if member.employee_no == LEARNER else profile.presence)
        when = start - timedelta(days=rng.randint(2, 8), hours=rng.randint(0, 8))
        if status is Attendance.EXCUSED:
            reply(member, meeting, attending=False, reason=rng.choice(texts.LEAVE_REASONS),
                  now=when)
            decide_leave(cast.host, meeting, invitations[member.id].id, approve=True,
                         note="同意，请会后自学会议内容。", now=when + timedelta(hours=3))
            continue  # counted as excused when the minutes are approved
        if status is Attendance.ABSENT and rng.random() < 0.3:
            reply(member, meeting, attending=False, reason=rng.choice(texts.LEAVE_REASONS),
                  now=when)
            decide_leave(cast.host, meeting, invitations[member.id].id, approve=False,
                         note="本次会议重要，请调整安排参加。", now=when + timedelta(hours=3))
        elif status is not Attendance.ABSENT and rng.random() < 0.4:
            reply(member, meeting, attending=True, reason="", now=when)
        attendance[invitations[member.id].id] = status
        if status in (Attendance.PRESENT, Attendance.LATE):
            present.append(member)
    if kind.is_seminar:
        seminar_work(meeting, cast, present, rng)
    thread(meeting, cast, present, rng)
    items = [ActionItemInput(task, owner.id, to_local(end, meeting.timezone).date()
                             + timedelta(days=rng.choice((7, 14, 30))))
             for task, owner in zip(rng.sample(texts.ACTION_ITEMS, 2),
                                    (cast.recorder, rng.choice(present or [cast.host])),
                                    strict=True)]
    save_draft(cast.recorder, meeting, topics=texts.topics(kind.code, meeting.title),
               decisions=texts.decisions(kind.code), items=items, attendance=attendance,
               revision=None, now=end + timedelta(hours=2))
    approval = approve_minutes(cast.host, meeting, now=end + timedelta(days=rng.randint(1, 3)))
    tally.held += 1
    tally.credits += len(approval.credited)


def seminar_work(meeting: Meeting, cast: Cast, present: list[Member],
                 rng: random.Random) -> None:
    """Speakers named a week ahead, 心得 from some who attend (the conclusions and tasks
    are the minutes' decisions and action items, written in `hold`)."""
    start = meeting.starts_at
    speakers = rng.sample(present, min(3, len(present)))
    save_setup(meeting, cast.host, SeminarSetup(theme=meeting.theme, min_reflection_chars=100,
                                                speaker_ids=frozenset(m.id for m in speakers)))
    writers = speakers + rng.sample([m for m in present if m not in speakers],
                                    min(3, max(0, len(present) - len(speakers))))
    for member in writers:
        save_reflection(meeting, member, rng.choice(texts.REFLECTIONS),
                        now=start + timedelta(hours=rng.randint(-72, 30)))


def thread(meeting: Meeting, cast: Cast, present: list[Member], rng: random.Random) -> None:
    """A few posts on about half the meetings: a question before, reflections after."""
    if not present or rng.random() < 0.5:
        return
    for n in range(rng.randint(1, 3)):
        author = rng.choice(present)
        post = add_post(author, meeting, rng.choice(texts.POSTS), reflection=n > 0,
                        now=meeting.starts_at + timedelta(hours=rng.randint(-48, 48)))
        if rng.random() < 0.4:
            add_post(cast.host, meeting, rng.choice(texts.REPLIES), parent_id=post.id,
                     now=post.created_at + timedelta(hours=2))
