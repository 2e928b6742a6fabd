"""Who runs the demo's meetings (each branch's 书记 and a recording 委员) and what is coming
up: a monthly 主题党日 series per branch for the next six months, scheduled through
`schedule` as a secretary would, with the first replies in (one leave request waiting
for the 书记), and a 党课 the demo `manager` hosts for the whole of GB01."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from learnhub.core.timeutil import site_zone, to_local
from learnhub.courses.models import Course
from learnhub.demo import ROOT_CODE
from learnhub.discussions.access import can_schedule_for
from learnhub.discussions.demo import texts
from learnhub.discussions.demo.plan import RHYTHMS
from learnhub.discussions.models import Meeting, MeetingKind
from learnhub.discussions.scheduling.audience import Audience
from learnhub.discussions.scheduling.details import MeetingDetails, Reading, When
from learnhub.discussions.scheduling.recurrence import Repeat, RuleChoice
from learnhub.discussions.scheduling.replies import reply
from learnhub.discussions.scheduling.services import schedule
from learnhub.extensions import db
from learnhub.org.models import Member, PartyPost, PoliticalStatus, Unit, UnitKind
from learnhub.org.units.services import unit_by_code

SEED = 20261207
PLACE = "党员活动室"
UPCOMING_MONTHS = 6
MANAGER, ADMIN = "manager", "admin"
PARTY = (PoliticalStatus.MEMBER.value, PoliticalStatus.PROBATIONARY.value)


def stable_rng(*parts: object) -> random.Random:
    """A generator seeded by its parts (string seeds hash the same in every process)."""
    return random.Random(":".join(str(part) for part in parts))


@dataclass(frozen=True)
class Cast:
    scheduler: Member  # who schedules: the 书记, or the admin for a 党小组
    host: Member
    recorder: Member
    committee: list[Member]
    members: list[Member]  # the party members invited to the unit's meetings

    @property
    def everyone(self) -> list[Member]:
        return self.members


def kinds_by_code() -> dict[str, MeetingKind]:
    return {kind.code: kind for kind in db.session.scalars(
        select(MeetingKind).where(MeetingKind.active.is_(True)))}


def demo_units() -> list[tuple[int, str]]:
    """(id, "branch" or "group") of every 党支部 of the demo and the 党小组 under them."""
    root = unit_by_code(ROOT_CODE)
    if root is None:
        return []
    rows = db.session.execute(select(Unit.id, Unit.kind).where(
        Unit.path.startswith(root.path), Unit.kind.in_((UnitKind.BRANCH, UnitKind.GROUP)))
        .order_by(Unit.path)).all()
    return [(row.id, "branch" if row.kind == UnitKind.BRANCH else "group") for row in rows]


def cast_of(unit: Unit) -> Cast | None:
    """The unit's party members, its 书记 (a 党小组's 组长) as host and a 委员 as recorder;
    None when it has no one to hold a meeting."""
    members = list(db.session.scalars(select(Member).where(
        Member.unit_id == unit.id, Member.active.is_(True),
        Member.political_status.in_(PARTY)).order_by(Member.id)))
    committee = [m for m in members if m.party_post]
    by_post = {post: [m for m in committee if m.party_post == post.value] for post in PartyPost}
    host = next(iter(by_post[PartyPost.SECRETARY] + by_post[PartyPost.GROUP_LEADER]), None)
    recorder = next(iter(by_post[PartyPost.COMMITTEE_MEMBER]
                         + by_post[PartyPost.DEPUTY_SECRETARY]), host)
    if host is None or recorder is None:
        return None
    scheduler = host
    if not can_schedule_for(host, unit):
        admin = db.session.scalar(select(Member).where(Member.employee_no == ADMIN))
        if admin is None:
            return None
        scheduler = admin
    return Cast(scheduler, host, recorder, committee, members)


def readings_for(kind_code: str) -> tuple[Reading, ...]:
    slug = texts.READINGS.get(kind_code)
    course_id = db.session.scalar(select(Course.id).where(Course.slug == slug)) if slug else None
    return (Reading(course_id),) if course_id is not None else ()


def schedule_upcoming(now: datetime) -> int:
    """Each branch's 主题党日 series and the manager's 党课; returns the meetings made."""
    zone = site_zone()
    today = to_local(now, zone).date()
    kinds = kinds_by_code()
    made = 0
    if "theme_day" not in kinds:
        return 0
    rhythm = RHYTHMS["theme_day"]
    for unit_id, unit_kind in demo_units():
        unit = db.session.get(Unit, unit_id)
        cast = cast_of(unit) if unit is not None and unit_kind == "branch" else None
        if unit is None or cast is None:
            continue
        details = MeetingDetails(
            kind=kinds["theme_day"], title="每月主题党日",
            audience=Audience(unit.id, member_ids=tuple(m.id for m in cast.members),
                              whole_unit=False),
            agenda_markdown=texts.agenda("theme_day", "每月固定学习和实践活动"),
            host_id=cast.host.id, recorder_id=cast.recorder.id, place=PLACE,
            readings=readings_for("theme_day"))
        rule = RuleChoice(Repeat.MONTHLY_WEEKDAY, weekday=rhythm.weekday, nth=rhythm.nth,
                          count=UPCOMING_MONTHS)
        first = schedule(cast.scheduler, unit, details,
                         When(datetime.combine(today + timedelta(days=1), rhythm.at),
                              rhythm.minutes, zone.key), rule, now=now)
        made += db.session.scalar(select(func.count()).select_from(Meeting).where(
            Meeting.series_id == first.series_id)) or 0
        first_replies(first, unit.code, cast, now)
        db.session.flush()
        db.session.expunge_all()
    return made + manager_lecture(now, today)


def first_replies(meeting: Meeting, unit_code: str, cast: Cast, now: datetime) -> None:
    """About a third have said they attend the next 主题党日; one asks for leave."""
    rng = stable_rng(SEED, "upcoming", unit_code)
    others = [m for m in cast.members if m.employee_no != "learner" and m.id != cast.host.id]
    for member in others:
        if rng.random() < 0.35:
            reply(member, meeting, attending=True, reason="", now=now)
    if others:
        reply(rng.choice(others), meeting, attending=False,
              reason=rng.choice(texts.LEAVE_REASONS), now=now)


def manager_lecture(now: datetime, today: date) -> int:
    """A 党课 for every party member of GB01, hosted by `manager`, three weeks ahead."""
    manager = db.session.scalar(select(Member).where(Member.employee_no == MANAGER))
    unit = unit_by_code("GB01")
    kinds = kinds_by_code()
    if manager is None or unit is None or "party_lecture" not in kinds \
            or not can_schedule_for(manager, unit):
        return 0
    day = today + timedelta(days=21)
    details = MeetingDetails(
        kind=kinds["party_lecture"], title="党总支书记讲党课：国有企业党员的责任与担当",
        audience=Audience(unit.id, subtree=True, whole_unit=False,
                          member_ids=tuple(db.session.scalars(select(Member.id).where(
                              Member.political_status.in_(PARTY), Member.active.is_(True),
                              Member.unit_id.in_(select(Unit.id).where(
                                  Unit.path.startswith(unit.path))))))),
        agenda_markdown=texts.agenda("party_lecture", "国有企业党员的责任与担当"),
        host_id=manager.id, recorder_id=manager.id, place="公司三楼报告厅",
        readings=readings_for("party_lecture"))
    schedule(manager, unit, details, When(datetime.combine(day, time(15, 0)), 90,
                                          site_zone().key), None, now=now)
    return 1

