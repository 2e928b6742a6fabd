"""Between the conclusions form and the outcome service: the rows shown (the saved action
items and a few blank ones, or exactly what was posted) and the items read back."""

from __future__ import annotations

from flask_babel import gettext

from learnhub.discussions.seminars.forms import OutcomeForm
from learnhub.discussions.seminars.outcome import ActionInput
from learnhub.discussions.seminars.page import SeminarPage

BLANK_ROWS = 3


def owner_choices(page: SeminarPage) -> list[tuple[str, str]]:
    """Invitees, then the host and recorder when they are not invited."""
    choices = [("", gettext("（未指定）"))]
    choices += [(str(i.member_id), i.name) for i in page.invitees]
    known = {i.member_id for i in page.invitees}
    for person in (page.meeting.host, page.meeting.recorder):
        if person is not None and person.id not in known:
            choices.append((str(person.id), person.name))
            known.add(person.id)
    return choices


def fill_outcome_form(form: OutcomeForm, page: SeminarPage) -> None:
    if not form.is_submitted():
        form.conclusions.data = page.outcome.conclusions_markdown if page.outcome else ""
        for action in page.actions:
            form.actions.append_entry({"task": action.task, "due_on": action.due_on,
                                       "owner": str(action.owner_id or "")})
        for _ in range(BLANK_ROWS):
            form.actions.append_entry()
    choices = owner_choices(page)
    for entry in form.actions:
        entry.form.owner.choices = choices


def actions_from(form: OutcomeForm) -> list[ActionInput]:
    """The rows with a task, in order; blank rows are left out."""
    return [ActionInput(task=entry.form.task.data,
                        owner_id=int(entry.form.owner.data) if entry.form.owner.data else None,
                        due_on=entry.form.due_on.data)
            for entry in form.actions if entry.form.task.data]
