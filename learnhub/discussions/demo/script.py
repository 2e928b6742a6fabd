"""What happens at one held demo meeting, decided before anything is written: who replies
or asks for leave (and the 书记's answer), who attends, the seminar's speakers, 心得 and
conclusions, the thread's posts, the minutes' action items and when they are approved.

Both writers play the same script: `history.live` through the real services (the
branches the demo accounts see), `bulk` as rows (every other branch). One generator per
meeting, drawn in one order, so a branch comes out the same either way.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from learnhub.core.timeutil import to_local
from learnhub.discussions.demo import texts
from learnhub.discussions.demo.upcoming import stable_rng
from learnhub.discussions.models import Attendance

SEED = 20261207
APPROVE_NOTE, REJECT_NOTE = "同意，请会后自学会议内容。", "本次会议重要，请调整安排参加。"


@dataclass(frozen=True)
class Leave:
    """A leave request (请假) and the host's decision three hours later."""

    member_id: int
    reason: str
    asked_at: datetime
    approved: bool

    @property
    def decided_at(self) -> datetime:
        return self.asked_at + timedelta(hours=3)

    @property
    def note(self) -> str:
        return APPROVE_NOTE if self.approved else REJECT_NOTE


@dataclass(frozen=True)
class Post:
    """A top-level post and, maybe, the host's reply two hours later."""

    author_id: int
    body: str
    reflection: bool
    at: datetime
    reply: str | None

    @property
    def reply_at(self) -> datetime:
        return self.at + timedelta(hours=2)


@dataclass(frozen=True)
class Task:
    task: str
    owner_id: int
    due_on: date


@dataclass(frozen=True)
class Seminar:
    speaker_ids: tuple[int, ...]
    reflections: tuple[tuple[int, str, datetime], ...]  # (member, text, when)


@dataclass(frozen=True)
class Cast:
    """Who is at the meeting, by id: invitees in id order, the host, the recorder and
    the demo learner (who attends more than most)."""

    invitee_ids: tuple[int, ...]
    host_id: int
    recorder_id: int
    learner_id: int | None


@dataclass(frozen=True)
class Held:
    rsvps: tuple[tuple[int, datetime], ...]  # (member, when) said they attend
    leaves: tuple[Leave, ...]
    attendance: dict[int, Attendance]  # member → set by hand in the minutes
    seminar: Seminar | None
    posts: tuple[Post, ...]
    items: tuple[Task, ...]
    drafted_at: datetime
    approved_at: datetime


def _outcome(rng: random.Random, presence: float) -> Attendance:
    pick = rng.random()
    if pick < presence * 0.96:
        return Attendance.PRESENT
    if pick < presence:
        return Attendance.LATE
    return Attendance.EXCUSED if pick < presence + (1 - presence) * 0.6 else Attendance.ABSENT


def held(unit_code: str, title: str, theme: str, is_seminar: bool, starts_at: datetime,
         ends_at: datetime, timezone: str, cast: Cast, presence: float) -> Held:
    """Replies and leave before it, the thread and 心得 around it, minutes after it. Seeded
    by the unit's code, not its id: ids differ from database to database (a PostgreSQL
    sequence is not rolled back), and the demo must come out the same everywhere."""
    rng = stable_rng(SEED, unit_code, title, starts_at.isoformat())
    rsvps, leaves = [], []
    attendance: dict[int, Attendance] = {}
    present: list[int] = []
    for member_id in cast.invitee_ids:
        status = _outcome(rng, 0.95 if member_id == cast.learner_id else presence)
        when = starts_at - timedelta(days=rng.randint(2, 8), hours=rng.randint(0, 8))
        if status is Attendance.EXCUSED:
            leaves.append(Leave(member_id, rng.choice(texts.LEAVE_REASONS), when, True))
            continue  # counted as excused when the minutes are approved
        if status is Attendance.ABSENT and rng.random() < 0.3:
            leaves.append(Leave(member_id, rng.choice(texts.LEAVE_REASONS), when, False))
        elif status is not Attendance.ABSENT and rng.random() < 0.4:
            rsvps.append((member_id, when))
        attendance[member_id] = status
        if status in (Attendance.PRESENT, Attendance.LATE):
            present.append(member_id)
    seminar = _seminar(theme, starts_at, ends_at, cast, present, rng) if is_seminar else None
    posts = _thread(starts_at, present, rng)
    items = tuple(Task(task, owner, to_local(ends_at, timezone).date()
                       + timedelta(days=rng.choice((7, 14, 30))))
                  for task, owner in zip(rng.sample(texts.ACTION_ITEMS, 2),
                                         (cast.recorder_id, rng.choice(present or [cast.host_id])),
                                         strict=True))
    return Held(tuple(rsvps), tuple(leaves), attendance, seminar, posts, items,
                drafted_at=ends_at + timedelta(hours=2),
                approved_at=ends_at + timedelta(days=rng.randint(1, 3)))


def _seminar(theme: str, starts_at: datetime, ends_at: datetime, cast: Cast,
             present: list[int], rng: random.Random) -> Seminar:
    """Speakers named a week ahead, 心得 from some who attend (the conclusions and tasks
    are the minutes' decisions and action items)."""
    speakers = rng.sample(present, min(3, len(present)))
    writers = speakers + rng.sample([m for m in present if m not in speakers],
                                    min(3, max(0, len(present) - len(speakers))))
    reflections = tuple((member_id, rng.choice(texts.REFLECTIONS),
                         starts_at + timedelta(hours=rng.randint(-72, 30)))
                        for member_id in writers)
    return Seminar(tuple(speakers), reflections)


def _thread(starts_at: datetime, present: list[int], rng: random.Random) -> tuple[Post, ...]:
    """A few posts on about half the meetings: a question before, reflections after."""
    if not present or rng.random() < 0.5:
        return ()
    posts = []
    for n in range(rng.randint(1, 3)):
        author = rng.choice(present)
        body = rng.choice(texts.POSTS)
        at = starts_at + timedelta(hours=rng.randint(-48, 48))
        posts.append(Post(author, body, n > 0, at,
                          rng.choice(texts.REPLIES) if rng.random() < 0.4 else None))
    return tuple(posts)


def cancel_reason(title: str, unit_code: str) -> str:
    return stable_rng(SEED, title, unit_code).choice(texts.CANCEL_REASONS)
