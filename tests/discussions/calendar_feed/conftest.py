"""Reading our iCalendar back with vobject, a parser that shares no code with the
`icalendar` library that wrote it, the way a calendar app would read it."""

from __future__ import annotations

import pytest
import vobject


def parse(body: bytes):
    """The VCALENDAR in `body`, after checking the octet-level rules a parser forgives:
    CRLF line ends, lines of at most 75 octets, folds that never split a character."""
    assert body.endswith(b"\r\n")
    for line in body.split(b"\r\n")[:-1]:
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold inside a multi-byte character would fail here
    return vobject.readOne(body.decode("utf-8"))


def events_by_uid(calendar) -> dict:
    return {event.uid.value: event for event in calendar.contents.get("vevent", [])}


@pytest.fixture
def ics():
    return parse
