"""Honest progress: the study token a lesson page carries and the heartbeats it sends.

The rules (docs/learning.md):
- Viewing a lesson page writes nothing: the page gets a signed study token (member,
  course, version, lesson, a random nonce, issued-at), valid for STUDY_TOKEN_MAX_AGE.
- The page's FIRST heartbeat with a new valid token makes that page the member's ONE
  active lesson, starts the clock (credits nothing) and remembers the lesson for
  "继续学习". A page holding an older token is then told it is no longer counting; a page
  opened later takes over when it starts beating.
- A heartbeat carries the page's token and a sequence number that must grow; anything
  else (replayed, reordered, forged, expired, another member's) is ignored.
- The server credits the wall-clock time since the previous accepted heartbeat, never
  more than the interval plus a little slack; the page says nothing about durations.
  Credit is in whole seconds; the fraction a beat can't credit is carried to the next
  one (the active row's clock stops at the instant credited up to), so honest beats lose
  nothing and no beat ever credits more than the clock.
  A `resume` beat (the page became visible again, or the video started) credits nothing
  and restarts the clock, so time spent hidden never counts.
- A lesson is studied when its time reaches STUDY_SHARE_REQUIRED of its expected minutes.
- Only a published course counts: once archived, its pages (tokens issued before) credit
  nothing and nothing completes.
"""

from __future__ import annotations

import functools
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import Select, Table, Update, bindparam, select, update
from sqlalchemy.exc import IntegrityError

from learnhub.courses.models import Course, CourseStatus, CourseVersion, Lesson
from learnhub.courses.study.completion import complete_if_met
from learnhub.courses.study.models import ActiveStudy, Enrolment, LessonProgress
from learnhub.courses.study.rules import beat_credit, required_seconds
from learnhub.courses.study.settings import credit_cap, share_permille
from learnhub.extensions import db
from learnhub.org.models import Member

TOKEN_SALT = "learnhub.courses.study-token"  # tokens of open lesson pages are signed with it
STUDY_TOKEN_MAX_AGE = timedelta(hours=12)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


@dataclass(frozen=True)
class StudyToken:
    """What a valid study token says: who may study which lesson, issued when."""

    member_id: int
    course_id: int
    version_id: int
    lesson_key: str
    nonce: str
    issued_at: datetime


def issue_token(member_id: int, course_id: int, version_id: int, lesson_key: str, *,
                now: datetime) -> str:
    """A signed study token for the lesson page; issuing it writes nothing."""
    issued = (now - _EPOCH) // timedelta(microseconds=1)
    return _serializer().dumps([member_id, course_id, version_id, lesson_key,
                                secrets.token_urlsafe(18), issued])


def read_token(token: str, *, now: datetime) -> StudyToken | None:
    """The token's claims if it was signed here and is not expired; None otherwise."""
    try:
        claims = _serializer().loads(token, max_age=int(STUDY_TOKEN_MAX_AGE.total_seconds()))
    except BadData:
        return None
    if (not isinstance(claims, list) or len(claims) != 6
            or not all(isinstance(claims[i], int) for i in (0, 1, 2, 5))
            or not all(isinstance(claims[i], str) for i in (3, 4))):
        return None
    member_id, course_id, version_id, key, nonce, issued = claims
    issued_at = _EPOCH + timedelta(microseconds=issued)
    if now - issued_at > STUDY_TOKEN_MAX_AGE:
        return None
    return StudyToken(member_id, course_id, version_id, key, nonce, issued_at)


def _insert_or_get(model: type, lookup: dict[str, Any], **values: Any) -> Any:
    """The row matching `lookup`, inserted with `values` if missing (safe against a
    concurrent insert: the loser reads the winner's row)."""
    query: Select[Any] = select(model).filter_by(**lookup)
    found = db.session.scalar(query)
    if found is not None:
        return found
    row = model(**lookup, **values)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        found = db.session.scalar(query)
        if found is None:
            raise
        return found
    return row


class BeatStatus(StrEnum):
    OK = "ok"  # accepted (credited or a resume)
    ELSEWHERE = "elsewhere"  # the member is studying on another page now
    IGNORED = "ignored"  # replayed, reordered, or nothing to study


@dataclass(frozen=True)
class BeatResult:
    status: BeatStatus
    credited: int = 0
    seconds: int = 0
    required_seconds: int = 0
    course_completed: bool = False

    @property
    def studied(self) -> bool:
        return self.status == BeatStatus.OK and self.seconds >= self.required_seconds

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"status": self.status.value}
        if self.status == BeatStatus.OK:
            body.update(seconds=self.seconds, required_seconds=self.required_seconds,
                        studied=self.studied, credited=self.credited,
                        course_completed=self.course_completed)
        return body


# The usual beat runs three statements, built once with bound parameters on the tables (a
# hot path, docs/performance.md; no ORM bookkeeping needed: nothing in the session holds
# these rows).
@functools.cache
def _active_study_query() -> Select[Any]:
    """The active row with its progress and its course's status (archived: no credit)."""
    active, progress = ActiveStudy.__table__.c, LessonProgress.__table__.c
    course = Course.__table__.c
    return (select(active.token, active.seq, active.last_beat_at, active.opened_at,
                   active.required_seconds, active.content_hash, active.course_id,
                   active.version_id, active.progress_id, progress.seconds_studied,
                   progress.studied_content_hash, course.status.label("course_status"))
            .join_from(ActiveStudy.__table__, LessonProgress.__table__,
                       progress.id == active.progress_id)
            .join(Course.__table__, course.id == active.course_id)
            .where(active.member_id == bindparam("member_id")))


@functools.cache
def _advance_statement() -> Update:
    """Compare-and-set: only the beat that still sees `old_seq` moves the clock."""
    table = cast(Table, ActiveStudy.__table__)
    active = table.c
    return (update(table)
            .where(active.member_id == bindparam("active_member"),
                   active.token == bindparam("active_token"),
                   active.seq == bindparam("old_seq"))
            .values(seq=bindparam("new_seq"),
                    last_beat_at=bindparam("credited_until", type_=active.last_beat_at.type)))


@functools.cache
def _credit_statement() -> Update:
    table = cast(Table, LessonProgress.__table__)
    progress = table.c
    return (update(table)
            .where(progress.id == bindparam("progress_id"))
            .values(seconds_studied=progress.seconds_studied + bindparam("credit"),
                    last_heartbeat_at=bindparam("now", type_=progress.last_heartbeat_at.type)))


def heartbeat(member: Member, *, token: str, seq: int, resume: bool = False,
              now: datetime) -> BeatResult:
    """Credit the member's active lesson for the time since the last accepted beat.

    Three or four statements: read the active row with its progress, advance the active
    row only if nobody else did (compare-and-set on `seq`), add the seconds; the
    completion check runs only when this beat makes the lesson studied. The first beat
    of a newly opened page makes it the active one instead (`_activate`).
    """
    row = db.session.execute(_active_study_query(), {"member_id": member.id}).first()
    claims = read_token(token, now=now)
    if claims is None or claims.member_id != member.id:  # forged, expired, someone else's
        return BeatResult(BeatStatus.IGNORED if row is None else BeatStatus.ELSEWHERE)
    if row is None or not hmac.compare_digest(row.token.encode(), claims.nonce.encode()):
        if row is not None and claims.issued_at <= row.opened_at:
            return BeatResult(BeatStatus.ELSEWHERE)  # opened no later than the active page
        return _activate(member, claims, row, seq=seq, now=now)
    if seq <= row.seq or row.course_status != CourseStatus.PUBLISHED:
        return BeatResult(BeatStatus.IGNORED)

    credit, credited_until = beat_credit(row.last_beat_at, now, resume=resume,
                                         cap=credit_cap())
    advanced = db.session.execute(_advance_statement(), {
        "active_member": member.id, "active_token": row.token, "old_seq": row.seq,
        "new_seq": seq, "credited_until": credited_until})
    if advanced.rowcount != 1:  # type: ignore[attr-defined]
        return BeatResult(BeatStatus.IGNORED)  # a concurrent beat won this step

    before, needed = row.seconds_studied, row.required_seconds
    after = before + credit
    crossed = before < needed <= after
    values: dict[str, Any] = {}
    if crossed:
        values.update(studied_at=now, studied_version_id=row.version_id,
                      studied_content_hash=row.content_hash)
    elif credit and after >= needed and row.studied_content_hash != row.content_hash:
        # Studied before the lesson changed; reading the new text clears "内容已更新".
        values.update(studied_version_id=row.version_id, studied_content_hash=row.content_hash)
    if values:
        if credit:
            values.update(seconds_studied=LessonProgress.seconds_studied + credit,
                          last_heartbeat_at=now)
        db.session.execute(update(LessonProgress).where(LessonProgress.id == row.progress_id)
                           .values(**values))
    elif credit:  # the usual beat
        db.session.execute(_credit_statement(), {"progress_id": row.progress_id,
                                                 "credit": credit, "now": now})

    completed = False
    if crossed:
        course = db.session.get(Course, row.course_id)
        version = db.session.get(CourseVersion, row.version_id)
        if course is not None and version is not None:
            completed = complete_if_met(member, course, version, now=now) is not None
    return BeatResult(BeatStatus.OK, credited=credit, seconds=after, required_seconds=needed,
                      course_completed=completed)


def _activate(member: Member, claims: StudyToken, row: Any, *, seq: int,
              now: datetime) -> BeatResult:
    """The first beat of a page with a new token: make its lesson the member's active one
    (compare-and-set against the row read, so two pages can't both take over), start the
    clock without crediting anything, and remember the lesson for "继续学习"."""
    lesson = db.session.execute(
        select(Lesson.minutes, Lesson.content_hash)
        .join(CourseVersion, CourseVersion.id == Lesson.version_id)
        .join(Course, Course.id == CourseVersion.course_id)
        .where(Lesson.version_id == claims.version_id, Lesson.key == claims.lesson_key,
               Course.id == claims.course_id, Course.status == CourseStatus.PUBLISHED)
    ).first()
    if lesson is None:
        return BeatResult(BeatStatus.IGNORED)
    progress = _insert_or_get(LessonProgress, {"member_id": member.id,
                                               "course_id": claims.course_id,
                                               "lesson_key": claims.lesson_key},
                              seconds_studied=0)
    needed = required_seconds(lesson.minutes, share_permille())
    values = {"course_id": claims.course_id, "version_id": claims.version_id,
              "lesson_key": claims.lesson_key, "progress_id": progress.id,
              "token": claims.nonce, "seq": seq, "required_seconds": needed,
              "content_hash": lesson.content_hash, "opened_at": claims.issued_at,
              "last_beat_at": now}
    if row is None:
        active = _insert_or_get(ActiveStudy, {"member_id": member.id}, **values)
        if active.token != claims.nonce:
            return BeatResult(BeatStatus.IGNORED)  # another page took over at this moment
    else:
        taken = db.session.execute(
            update(ActiveStudy)
            .where(ActiveStudy.member_id == member.id, ActiveStudy.token == row.token,
                   ActiveStudy.seq == row.seq)
            .values(**values)
        )
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            return BeatResult(BeatStatus.IGNORED)
    enrolment = _insert_or_get(Enrolment, {"member_id": member.id,
                                           "course_id": claims.course_id},
                               started_at=now, last_opened_at=now,
                               last_lesson_key=claims.lesson_key)
    enrolment.last_lesson_key, enrolment.last_opened_at = claims.lesson_key, now
    db.session.flush()
    return BeatResult(BeatStatus.OK, seconds=progress.seconds_studied or 0,
                      required_seconds=needed)
