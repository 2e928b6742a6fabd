"""Between the scheduling form and the services: the choices a scheduler has (their units,
the unit's members, published courses and lessons, active kinds), reading the form into
`MeetingDetails`, `When` and a `RuleChoice`, and filling the form from a meeting."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import or_, select
from wtforms.fields.choices import SelectChoice

from learnhub.courses.models import Course, CourseStatus, Lesson
from learnhub.discussions.access import can_schedule_for
from learnhub.discussions.kinds.services import active_kinds
from learnhub.discussions.models import Meeting, MeetingKind, MeetingReading
from learnhub.discussions.scheduling import recurrence
from learnhub.discussions.scheduling.audience import Audience, in_subtree
from learnhub.discussions.scheduling.details import MeetingDetails, Reading, When
from learnhub.discussions.scheduling.forms import MeetingForm
from learnhub.extensions import db
from learnhub.org.models import Member, Role, Unit
from learnhub.org.permissions import is_admin, scope_filter

# Up to this many members the host and recorder are chosen from lists; above it (a 党委
# of 20,000) by 工号, with a search as you type (`search_people`).
MAX_PEOPLE = 500
SEARCH_LIMIT = 20


def schedulable_units(actor: Member) -> list[Unit]:
    """Active units the actor may schedule for, in tree order (one query)."""
    query = select(Unit).where(Unit.active.is_(True))
    if not is_admin(actor):
        query = query.where(or_(scope_filter(actor, Role.TRAINER),
                                scope_filter(actor, Role.MANAGER), Unit.id == actor.unit_id))
    return [u for u in db.session.scalars(query.order_by(Unit.path))
            if can_schedule_for(actor, u)]


def fill_choices(form: MeetingForm, unit: Unit) -> list[MeetingKind]:
    kinds = active_kinds()
    form.kind.choices = [SelectChoice(k.id, k.name) for k in kinds]
    people = db.session.execute(select(Member.id, Member.name, Member.employee_no).where(
        Member.active.is_(True), in_subtree(unit)).order_by(Member.name, Member.id)
        .limit(MAX_PEOPLE + 1)).all()
    options = [SelectChoice(pid, f"{name}（{no}）") for pid, name, no in people[:MAX_PEOPLE]]
    if len(people) > MAX_PEOPLE:
        del form.host, form.recorder, form.members
        form.member_by_number = lambda number: member_id_by_number(unit, number)
        form.members_by_numbers = lambda numbers: member_ids_by_numbers(unit, numbers)
    else:
        del form.host_no, form.recorder_no, form.member_nos
        form.host.choices = [SelectChoice(0, "—"), *options]
        form.recorder.choices = [SelectChoice(0, "—"), *options]
        form.members.choices = options
    form.readings.choices = reading_choices()
    return kinds


def member_id_by_number(unit: Unit, number: str) -> int | None:
    return db.session.scalar(select(Member.id).where(
        Member.employee_no == number, Member.active.is_(True), in_subtree(unit)))


def member_ids_by_numbers(unit: Unit, numbers: list[str]) -> dict[str, int]:
    return dict(db.session.execute(select(Member.employee_no, Member.id).where(
        Member.employee_no.in_(numbers), Member.active.is_(True), in_subtree(unit))).all())


def _invited(form: MeetingForm) -> tuple[int, ...]:
    """The members chosen beside the unit: from the list, or the 工号 the form checked."""
    if "members" in form._fields:
        return tuple(form.members.data or ())
    return tuple(getattr(form.member_nos, "member_ids", ()))


def search_people(unit: Unit, text: str) -> list[dict]:
    """Active members of the unit's subtree whose 工号 starts with, or name contains,
    `text`: the first `SEARCH_LIMIT` by name (one query)."""
    text = text.strip()[:64]
    if not text:
        return []
    rows = db.session.execute(
        select(Member.name, Member.employee_no, Unit.name).join(Unit, Unit.id == Member.unit_id)
        .where(Member.active.is_(True), in_subtree(unit),
               or_(Member.employee_no.startswith(text, autoescape=True),
                   Member.name.contains(text, autoescape=True)))
        .order_by(Member.name, Member.id).limit(SEARCH_LIMIT))
    return [{"name": name, "employee_no": no, "unit": unit_name} for name, no, unit_name in rows]


def _person(form: MeetingForm, name: str) -> int | None:
    """The chosen host or recorder: from the list, or the 工号 the form checked."""
    if name in form._fields:
        return form[name].data or None
    return getattr(form[f"{name}_no"], "member_id", None)


def reading_choices() -> list[SelectChoice]:
    """Published courses and the lessons of their current version: `c:<id>` or
    `l:<id>:<key>` (one query)."""
    rows = db.session.execute(
        select(Course.id, Course.title, Lesson.key, Lesson.title)
        .outerjoin(Lesson, Lesson.version_id == Course.current_version_id)
        .where(Course.status == CourseStatus.PUBLISHED)
        .order_by(Course.title, Course.id, Lesson.position)).all()
    choices: list[SelectChoice] = []
    seen: set[int] = set()
    for course_id, title, key, lesson_title in rows:
        if course_id not in seen:
            seen.add(course_id)
            choices.append(SelectChoice(f"c:{course_id}", title))
        if key is not None:
            choices.append(SelectChoice(f"l:{course_id}:{key}", f"{title} · {lesson_title}"))
    return choices


def _reading(value: str) -> Reading:
    parts = value.split(":", 2)
    return Reading(int(parts[1]), parts[2] if parts[0] == "l" else None)


def details_from(form: MeetingForm, unit: Unit, kinds: list[MeetingKind]) -> MeetingDetails:
    kind = next(k for k in kinds if k.id == form.kind.data)
    return MeetingDetails(
        kind=kind, title=form.title.data or "", theme=form.theme.data or "",
        agenda_markdown=form.agenda.data or "",
        audience=Audience(unit.id, subtree=bool(form.subtree.data),
                          member_ids=_invited(form),
                          whole_unit=bool(form.whole_unit.data)),
        host_id=_person(form, "host"), recorder_id=_person(form, "recorder"),
        place=form.place.data or "", online_url=form.online_url.data or "",
        readings=tuple(_reading(v) for v in form.readings.data or ()))


def when_from(form: MeetingForm, timezone: str | None = None) -> When:
    """The form's local start, in `timezone` (an edited meeting's own zone) or the site's."""
    start = datetime.combine(form.start_date.data, form.start_time.data)
    return When(start, form.duration_minutes.data, timezone or current_app.config["TIMEZONE"])


def rule_from(form: MeetingForm) -> recurrence.RuleChoice | None:
    repeat = recurrence.Repeat(form.repeat.data)
    if repeat is recurrence.Repeat.NONE:
        return None
    return recurrence.RuleChoice(repeat, weekday=form.weekday.data, nth=form.nth.data,
                                 monthday=form.monthday.data or 1, until=form.until.data,
                                 count=form.count.data)


def fill_from(form: MeetingForm, meeting: Meeting) -> None:
    """The form showing `meeting` as it is (local time in the meeting's zone)."""
    local = meeting.starts_at.astimezone(recurrence.ZoneInfo(meeting.timezone))
    audience = Audience.from_json(meeting.audience)
    form.kind.data, form.title.data, form.theme.data = meeting.kind_id, meeting.title, meeting.theme
    form.agenda.data = meeting.agenda_markdown
    form.start_date.data, form.start_time.data = local.date(), local.time()
    form.duration_minutes.data = int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)
    form.place.data, form.online_url.data = meeting.place, meeting.online_url
    if "host" in form._fields:
        form.host.data, form.recorder.data = meeting.host_id or 0, meeting.recorder_id or 0
    else:
        numbers = dict(db.session.execute(select(Member.id, Member.employee_no).where(
            Member.id.in_([i for i in (meeting.host_id, meeting.recorder_id) if i]))).all())
        form.host_no.data = numbers.get(meeting.host_id or 0, "")
        form.recorder_no.data = numbers.get(meeting.recorder_id or 0, "")
    form.whole_unit.data, form.subtree.data = audience.whole_unit, audience.subtree
    if "members" in form._fields:
        form.members.data = list(audience.member_ids)
    else:
        form.member_nos.data = "\n".join(db.session.scalars(
            select(Member.employee_no).where(Member.id.in_(audience.member_ids))
            .order_by(Member.employee_no)))
    form.readings.data = [f"l:{r.course_id}:{r.lesson_key}" if r.lesson_key else f"c:{r.course_id}"
                          for r in db.session.scalars(select(MeetingReading).where(
                              MeetingReading.meeting_id == meeting.id)
                              .order_by(MeetingReading.position))]
    if meeting.series is not None:
        fill_rule(form, meeting.series.rrule, local)


def fill_rule(form: MeetingForm, rule: str, local: datetime) -> None:
    parts = recurrence.parse_parts(rule)
    byday = parts.get("BYDAY", "")
    form.weekday.data = local.weekday()
    if parts.get("FREQ") == "WEEKLY":
        form.repeat.data = recurrence.Repeat.WEEKLY.value
    elif "BYMONTHDAY" in parts:
        form.repeat.data = recurrence.Repeat.MONTHLY_DATE.value
        form.monthday.data = int(parts["BYMONTHDAY"])
    elif byday[:-2]:
        form.repeat.data = recurrence.Repeat.MONTHLY_WEEKDAY.value
        form.nth.data = int(byday[:-2])
    if "COUNT" in parts:
        form.count.data = int(parts["COUNT"])
