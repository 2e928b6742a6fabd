"""A meeting about to start, its host, and members invited to it; the clock set in views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from learnhub.discussions.attendance import codes, views
from learnhub.discussions.models import Meeting
from learnhub.org.models import Member
from tests.discussions.builders import make_meeting
from tests.factories import make_member, make_unit

NOW = datetime(2026, 12, 8, 6, 0, 5, tzinfo=UTC)  # 14:00:05 in Shanghai
START = NOW + timedelta(minutes=5)


@dataclass
class Room:
    meeting: Meeting
    host: Member
    members: list[Member]


def make_room(invitees: int = 2, **fields) -> Room:
    unit = make_unit()
    host = make_member(unit)
    members = [make_member(unit) for _ in range(invitees)]
    meeting = make_meeting(unit, invitees=members, host=host,
                           starts_at=fields.pop("starts_at", START), **fields)
    return Room(meeting, host, members)


def at(monkeypatch, when: datetime) -> None:
    monkeypatch.setattr(views, "now_utc", lambda: when)


def code_at(secret: str, when: datetime) -> str:
    return codes.current_code(secret, when)


def signin_url(meeting: Meeting, **query) -> str:
    url = f"/meetings/{meeting.id}/signin"
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url
