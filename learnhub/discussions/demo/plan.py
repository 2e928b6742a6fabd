"""When each demo unit met in the past year, and which slots it missed.

Each kind has a fixed place in the month (the committee on the first Tuesday, 主题党日 on
the second Friday ...), so the history looks like a branch's real rhythm; every slot whose
date lies in the year before the demo's day is planned. A branch's profile decides how
many it missed: the demo learner's branch is exemplary, one branch has several gaps, the
others miss one to three. Seminars (one per half-year) are never missed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from learnhub.discussions.demo.texts import BRANCH_MEETINGS, LECTURES, SEMINARS, THEME_DAYS

EXEMPLARY, PATCHY = "GB01-B01", "GB02-B03"  # at scale 1; other copies draw a profile


@dataclass(frozen=True)
class Rhythm:
    """Where a kind falls: on the `nth` `weekday` (0 = Monday, -1 nth = last) of the
    months listed (None: every month), at `at` local, for `minutes`."""

    months: tuple[int, ...] | None
    nth: int
    weekday: int
    at: time
    minutes: int


RHYTHMS = {
    "committee_meeting": Rhythm(None, 1, 1, time(16, 30), 60),
    "group_meeting": Rhythm(None, -1, 0, time(17, 0), 60),
    "theme_day": Rhythm(None, 2, 4, time(14, 30), 120),
    "branch_meeting": Rhythm((2, 5, 8, 11), 3, 2, time(15, 0), 90),
    "party_lecture": Rhythm((3, 6, 9, 12), 3, 3, time(15, 0), 90),
    "life_meeting": Rhythm((1,), -1, 3, time(14, 0), 180),
    "seminar": Rhythm((5, 11), 4, 2, time(14, 30), 120),
}
BRANCH_KINDS = ("committee_meeting", "theme_day", "branch_meeting", "party_lecture",
                "life_meeting", "seminar")
GROUP_KINDS = ("group_meeting",)


@dataclass(frozen=True)
class Slot:
    kind_code: str
    start_local: datetime  # naive, in the site's zone
    minutes: int
    title: str
    topic: str
    missed: bool = False
    cancelled: bool = False  # missed, after it was scheduled and then called off


@dataclass(frozen=True)
class Profile:
    name: str
    misses: int  # slots missed in the year
    presence: float  # the chance an invitee attends (present or late)


def nth_weekday(year: int, month: int, nth: int, weekday: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    following = date(year + month // 12, month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def months_before(today: date, count: int = 13) -> list[tuple[int, int]]:
    """(year, month) of this month and the `count - 1` before it, oldest first."""
    index = today.year * 12 + today.month - 1
    return [(i // 12, i % 12 + 1) for i in range(index - count + 1, index + 1)]


def title_of(kind_code: str, day: date) -> tuple[str, str]:
    """(title, topic) of a meeting of this kind on this day."""
    quarter = (day.month - 1) // 3 + 1
    if kind_code == "theme_day":
        topic = THEME_DAYS[day.month]
        return f"{day.month}月主题党日：{topic}", topic
    if kind_code == "committee_meeting":
        return f"{day.month}月支部委员会", f"{day.month}月党建工作安排"
    if kind_code == "group_meeting":
        return f"{day.month}月党小组会", "交流学习和工作情况"
    if kind_code == "branch_meeting":
        topic = BRANCH_MEETINGS[quarter]
        return f"第{quarter}季度支部党员大会：{topic}", topic
    if kind_code == "party_lecture":
        return LECTURES[quarter], LECTURES[quarter].split("：", 1)[-1]
    if kind_code == "life_meeting":
        return f"{day.year - 1}年度组织生活会", "对照检查，开展批评和自我批评"
    title, theme = SEMINARS[1 if day.month <= 6 else 2]
    return title, theme


def profile_for(unit_code: str, rng: random.Random) -> Profile:
    if unit_code == EXEMPLARY:
        return Profile("exemplary", 0, 0.95)
    if unit_code == PATCHY:
        return Profile("patchy", 7, 0.82)
    pick = rng.random()
    if unit_code.startswith(("GB01-", "GB02-")):
        pick = 1.0  # the first copy's other branches are ordinary: one exemplary, one patchy
    if pick < 0.15:
        return Profile("exemplary", 0, 0.95)
    if pick < 0.3:
        return Profile("patchy", rng.randint(5, 8), 0.82)
    return Profile("ordinary", rng.randint(1, 3), rng.uniform(0.86, 0.92))


def plan_slots(kind_codes: tuple[str, ...], today: date, profile: Profile,
               rng: random.Random, months: int = 12) -> list[Slot]:
    """Every slot of these kinds in the `months` before `today` (strictly before it),
    with `profile.misses` a year of them missed (about a third of those cancelled, after
    they were scheduled), in time order."""
    first = today - timedelta(days=365 * months // 12)
    slots: list[Slot] = []
    for year, month in months_before(today):
        for code in kind_codes:
            rhythm = RHYTHMS[code]
            if rhythm.months is not None and month not in rhythm.months:
                continue
            day = nth_weekday(year, month, rhythm.nth, rhythm.weekday)
            if not first <= day < today:
                continue
            title, topic = title_of(code, day)
            slots.append(Slot(code, datetime.combine(day, rhythm.at), rhythm.minutes,
                              title, topic))
    slots.sort(key=lambda slot: (slot.start_local, slot.kind_code))
    missable = [n for n, slot in enumerate(slots) if slot.kind_code != "seminar"]
    misses = -(-profile.misses * months // 12)  # a share of the year's, rounded up
    for n in rng.sample(missable, min(misses, len(missable))):
        slot = slots[n]
        slots[n] = Slot(slot.kind_code, slot.start_local, slot.minutes, slot.title,
                        slot.topic, missed=True, cancelled=rng.random() < 0.35)
    return slots
