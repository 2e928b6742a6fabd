"""What the transcript page shows, for the member themself or a manager in scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from learnhub.core.errors import NotFound
from learnhub.core.query_args import positive_int
from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.org.permissions import can_view_member
from learnhub.records.services import member_years
from learnhub.transcripts.transcript.required import RequiredCourse, required_courses
from learnhub.transcripts.transcript.services import Transcript, build_transcript

ALL_YEARS = "all"


@dataclass(frozen=True)
class TranscriptPage:
    transcript: Transcript
    years: list[int]
    required: list[RequiredCourse]
    own: bool

    @property
    def year_value(self) -> str:
        return ALL_YEARS if self.transcript.year is None else str(self.transcript.year)

    @property
    def pending(self) -> list[RequiredCourse]:
        return [course for course in self.required if not course.done]


def chosen_year(value: str | None, *, today: date) -> int | None:
    """`?year=`: a year, `all` for every year (None), this year when absent or odd."""
    if value == ALL_YEARS:
        return None
    try:
        year = positive_int(value or "")
    except ValueError:
        return today.year
    return year if 1900 <= year <= 9999 else today.year


def visible_member(actor: Member, member_id: int) -> Member:
    """The member whose transcript the actor may open (themself, or in a managed
    subtree; deactivated members included); NotFound otherwise, so ids don't leak."""
    member = actor if member_id == actor.id else db.session.get(Member, member_id)
    if member is None or not can_view_member(actor, member):
        raise NotFound()
    return member


def transcript_page(actor: Member, member: Member, year: int | None, *,
                    today: date) -> TranscriptPage:
    transcript = build_transcript(member, year)
    required = (required_courses(member, transcript.standing, today=today)
                if transcript.standing is not None else [])
    # This year and the last (the one a year close is about) even without entries: a
    # member who earned nothing last year still had its requirement; and the year shown.
    shown = {year} if year is not None else set()
    years = sorted(set(member_years(member.id)) | {today.year, today.year - 1} | shown,
                   reverse=True)
    return TranscriptPage(transcript=transcript, years=years, required=required,
                          own=actor.id == member.id)

