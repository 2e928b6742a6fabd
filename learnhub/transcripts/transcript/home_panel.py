"""The home page's 学时 card: 本年度已完成 X / 要求 Y 学时, from the member's standing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from learnhub.org.models import Member
from learnhub.transcripts.requirements.status import Standing, member_standing


@dataclass(frozen=True)
class TranscriptPanel:
    standing: Standing
    template: str = "transcripts/transcript/_home_panel.html"


def home_panel(member: Member, today: date) -> TranscriptPanel:
    return TranscriptPanel(member_standing(member, today.year, as_of=today))
