"""Everything a seminar's page shows, gathered in a fixed number of queries whatever the
number of invitees: theme, preparation (readings with each invitee's progress, documents),
speakers, every 心得, and the conclusions and action items — the minutes' decisions and
action items (会议记录), the one place the recorder writes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, select

from learnhub.courses.models import Course, Lesson
from learnhub.courses.study.models import CourseCompletion, LessonProgress
from learnhub.discussions import access
from learnhub.discussions.minutes.models import ActionItem, MeetingMinutes, MinutesStatus
from learnhub.discussions.minutes.services import action_items, minutes_of
from learnhub.discussions.models import (
    Attendance,
    Invitation,
    Meeting,
    MeetingReading,
    MeetingStatus,
    Reply,
)
from learnhub.discussions.seminars.documents import documents_of
from learnhub.discussions.seminars.models import SeminarDocument, SeminarReflection
from learnhub.discussions.seminars.setup import min_reflection_chars
from learnhub.extensions import db
from learnhub.org.models import Member


@dataclass(frozen=True)
class Reflection:
    member_id: int
    member_name: str
    html: str
    submitted_at: datetime
    updated_at: datetime
    speaker: bool


@dataclass
class Invitee:
    member_id: int
    name: str
    speaker: bool
    reply: Reply
    attendance: Attendance
    reflection: Reflection | None = None
    studied: set[int] = field(default_factory=set)  # reading ids done


@dataclass(frozen=True)
class Reading:
    id: int
    course_slug: str
    course_title: str
    lesson_key: str | None
    lesson_title: str | None  # None: the whole course, or a lesson no longer in it
    studied_count: int


@dataclass
class SeminarPage:
    meeting: Meeting
    invitees: list[Invitee]
    readings: list[Reading]
    documents: list[SeminarDocument]
    reflections: list[Reflection]  # speakers first, then in order of submission
    minutes: MeetingMinutes | None  # its decisions are the seminar's conclusions
    actions: list[tuple[ActionItem, str | None]]  # the minutes' items, owner's name
    min_chars: int
    can_run: bool
    can_record: bool
    own: Invitee | None  # the viewer's own invitation, if invited

    @property
    def speakers(self) -> list[Invitee]:
        return [i for i in self.invitees if i.speaker]

    @property
    def approved(self) -> bool:
        """The minutes were approved (the meeting is held): the record is closed."""
        return self.meeting.status == MeetingStatus.HELD

    @property
    def conclusions_html(self) -> str:
        return self.minutes.decisions_html if self.minutes is not None else ""

    @property
    def has_outcome(self) -> bool:
        return bool(self.actions) or bool(self.conclusions_html)

    @property
    def outcome_is_draft(self) -> bool:
        """Written but not yet approved with the minutes: it may still change."""
        return self.minutes is not None and self.minutes.status != MinutesStatus.APPROVED


def seminar_page(meeting: Meeting, actor: Member) -> SeminarPage:
    invitees = _invitees(meeting.id)
    by_id = {i.member_id: i for i in invitees}
    reflections = _reflections(meeting.id, by_id)
    readings = _readings(meeting.id, by_id)
    minutes = minutes_of(meeting)
    return SeminarPage(
        meeting=meeting, invitees=invitees, readings=readings,
        documents=documents_of(meeting.id), reflections=reflections,
        minutes=minutes, actions=action_items(minutes),
        min_chars=min_reflection_chars(meeting.id), can_run=access.can_run(actor, meeting),
        can_record=access.can_record(actor, meeting), own=by_id.get(actor.id))


def _invitees(meeting_id: int) -> list[Invitee]:
    rows = db.session.execute(
        select(Invitation.member_id, Member.name, Invitation.speaker, Invitation.reply,
               Invitation.attendance)
        .join(Member, Member.id == Invitation.member_id)
        .where(Invitation.meeting_id == meeting_id)
        .order_by(Invitation.speaker.desc(), Member.name, Member.id))
    return [Invitee(row.member_id, row.name, bool(row.speaker), row.reply, row.attendance)
            for row in rows]


def _reflections(meeting_id: int, invitees: dict[int, Invitee]) -> list[Reflection]:
    rows = db.session.execute(
        select(SeminarReflection.member_id, Member.name, SeminarReflection.html,
               SeminarReflection.submitted_at, SeminarReflection.updated_at)
        .join(Member, Member.id == SeminarReflection.member_id)
        .where(SeminarReflection.meeting_id == meeting_id)
        .order_by(SeminarReflection.submitted_at, SeminarReflection.id))
    found = []
    for row in rows:
        invitee = invitees.get(row.member_id)
        reflection = Reflection(row.member_id, row.name, row.html, row.submitted_at,
                                row.updated_at, speaker=bool(invitee and invitee.speaker))
        if invitee is not None:
            invitee.reflection = reflection
        found.append(reflection)
    return sorted(found, key=lambda r: not r.speaker)  # stable: submission order kept


def _readings(meeting_id: int, invitees: dict[int, Invitee]) -> list[Reading]:
    """The readings with titles from each course's current version, and who has done
    each: completed the course, or studied the lesson (its time reached the required
    share). Three queries, or one without readings."""
    rows = db.session.execute(
        select(MeetingReading.id, MeetingReading.course_id, MeetingReading.lesson_key,
               Course.slug, Course.title, Lesson.title.label("lesson_title"))
        .join(Course, Course.id == MeetingReading.course_id)
        .outerjoin(Lesson, and_(Lesson.version_id == Course.current_version_id,
                                Lesson.key == MeetingReading.lesson_key))
        .where(MeetingReading.meeting_id == meeting_id)
        .order_by(MeetingReading.position)).all()
    if not rows:
        return []
    course_ids = list({row.course_id for row in rows})
    invited = select(Invitation.member_id).where(Invitation.meeting_id == meeting_id)
    completed = {tuple(row) for row in db.session.execute(
        select(CourseCompletion.member_id, CourseCompletion.course_id)
        .where(CourseCompletion.course_id.in_(course_ids),
               CourseCompletion.member_id.in_(invited)))}
    lesson_keys = [row.lesson_key for row in rows if row.lesson_key]
    studied = {tuple(row) for row in db.session.execute(
        select(LessonProgress.member_id, LessonProgress.course_id, LessonProgress.lesson_key)
        .where(LessonProgress.course_id.in_(course_ids),
               LessonProgress.lesson_key.in_(lesson_keys),
               LessonProgress.studied_at.is_not(None),
               LessonProgress.member_id.in_(invited)))} if lesson_keys else set()
    readings = []
    for row in rows:
        count = 0
        for member_id, invitee in invitees.items():
            done = (member_id, row.course_id) in completed or (
                row.lesson_key is not None
                and (member_id, row.course_id, row.lesson_key) in studied)
            if done:
                invitee.studied.add(row.id)
                count += 1
        readings.append(Reading(row.id, row.slug, row.title or row.slug, row.lesson_key,
                                row.lesson_title, count))
    return readings
