"""A branch with a host, a recorder, invitees and a stranger, and a seminar of theirs."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from learnhub.discussions.models import Meeting
from learnhub.org.models import Member, Unit
from tests.discussions.builders import make_seminar
from tests.factories import make_member, make_unit


@dataclass
class Branch:
    root: Unit
    unit: Unit
    host: Member
    recorder: Member
    speaker: Member
    invitee: Member
    stranger: Member
    seminar: Meeting


@pytest.fixture
def branch() -> Branch:
    root = make_unit()
    unit = make_unit(root)
    host, recorder = make_member(unit, name="主持人"), make_member(unit, name="记录人")
    speaker, invitee = make_member(unit, name="发言人"), make_member(unit, name="普通党员")
    stranger = make_member(make_unit(root), name="外人")
    seminar = make_seminar(unit, invitees=[invitee], speakers=[speaker], host=host,
                           recorder=recorder, theme="深入学习党章")
    return Branch(root, unit, host, recorder, speaker, invitee, stranger, seminar)


LONG_TEXT = "学习党章，" * 45  # 225 characters without whitespace
