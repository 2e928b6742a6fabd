"""A branch meeting that has taken place: host, recorder, four invitees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from learnhub.discussions.models import Meeting
from learnhub.org.models import Member
from tests.discussions.builders import make_kind, make_meeting
from tests.factories import make_member, make_unit

# 01:30 on 6 March in Shanghai is still 5 March in UTC: credit goes on the local date.
STARTS = datetime(2026, 3, 5, 17, 30, tzinfo=UTC)


@dataclass
class Held:
    meeting: Meeting
    host: Member
    recorder: Member
    present: Member
    late: Member
    excused: Member
    absent: Member

    @property
    def invitees(self) -> list[Member]:
        return [self.present, self.late, self.excused, self.absent]


@pytest.fixture
def held():
    return held_meeting()


def held_meeting(*, credit_hours: str = "1.25", late_counts: bool = True,
                 code: str = "minutes_test") -> Held:
    branch = make_unit()
    host, recorder = make_member(branch), make_member(branch)
    present, late, excused, absent = (make_member(branch, name=name)
                                      for name in ("甲出席", "乙迟到", "丙请假", "丁缺席"))
    kind = make_kind(code, name="支部委员会", credit_hours=credit_hours, late_counts=late_counts)
    meeting = make_meeting(branch, invitees=[present, late, excused, absent], kind=kind,
                           starts_at=STARTS, host=host, recorder=recorder)
    return Held(meeting, host, recorder, present, late, excused, absent)
