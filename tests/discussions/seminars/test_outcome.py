"""研讨成果 — the minutes' decisions and action items, written on the minutes form and
shown on the seminar page — and a unit's seminar record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from learnhub.core.timeutil import now_utc
from learnhub.discussions.minutes.models import ActionItem, MeetingMinutes
from learnhub.discussions.minutes.services import (
    ActionItemInput,
    MinutesApproved,
    approve_minutes,
    save_draft,
)
from learnhub.discussions.models import Invitation
from learnhub.discussions.seminars.reflections import save_reflection
from learnhub.extensions import db
from learnhub.org.models import Role
from tests.discussions.builders import make_meeting, make_seminar
from tests.discussions.seminars.conftest import LONG_TEXT
from tests.factories import make_member
from tests.html import find_all, one


def seminar_url(meeting) -> str:
    return f"/meetings/{meeting.id}/seminar"


def minutes_url(meeting) -> str:
    return f"/meetings/{meeting.id}/minutes"


def minutes_form(meeting, **fields) -> dict:
    """The minutes form as posted: texts, one action item, everyone's attendance as is."""
    data = {"topics": "", "decisions": "", "revision": "", "action": "save",
            "items-0-task": "", "items-0-owner": "", "items-0-due_on": ""}
    invitations = db.session.scalars(select(Invitation).where(
        Invitation.meeting_id == meeting.id).order_by(Invitation.id))
    for i, invitation in enumerate(invitations):
        data[f"attendance-{i}-invitation_id"] = str(invitation.id)
        data[f"attendance-{i}-status"] = invitation.attendance.value
    data.update(fields)
    return data


def minutes_of(meeting) -> MeetingMinutes | None:
    return db.session.scalar(select(MeetingMinutes).where(
        MeetingMinutes.meeting_id == meeting.id))


def test_the_recorder_writes_the_outcome_in_the_minutes_and_the_seminar_shows_it(
        branch, login_as, post):
    client = login_as(branch.recorder)
    page = client.get(seminar_url(branch.seminar)).get_data(as_text=True)
    link = next(a for a in find_all(page, "a") if a.text.strip() == "整理研讨成果")
    assert link.get("href") == minutes_url(branch.seminar)
    form = client.get(minutes_url(branch.seminar)).get_data(as_text=True)
    assert "“决议”即研讨结论" in one(form, "p", data_testid="seminar-note").text
    response = post(minutes_url(branch.seminar), minutes_form(
        branch.seminar, decisions="## 结论\n\n坚持每月学习。",
        **{"items-0-task": "整理学习笔记", "items-0-owner": str(branch.invitee.id),
           "items-0-due_on": "2027-01-31"}))
    assert response.status_code == 302
    minutes = minutes_of(branch.seminar)
    assert "<h2" in minutes.decisions_html and minutes.saved_by_id == branch.recorder.id
    (item,) = db.session.scalars(select(ActionItem).where(ActionItem.minutes_id == minutes.id))
    assert (item.task, item.owner_id, str(item.due_on)) == (
        "整理学习笔记", branch.invitee.id, "2027-01-31")
    page = login_as(branch.invitee).get(seminar_url(branch.seminar)).get_data(as_text=True)
    assert "坚持每月学习" in one(page, "div", data_testid="conclusions").text
    row = next(r for r in find_all(page, "tr") if "整理学习笔记" in r.text)
    assert "普通党员" in row.text and "2027" in row.text
    assert one(page, "p", data_testid="outcome-draft") is not None  # not yet approved


def test_a_seminar_without_minutes_says_where_the_outcome_comes_from(branch, login_as):
    page = login_as(branch.invitee).get(seminar_url(branch.seminar)).get_data(as_text=True)
    assert "记录人在会议记录中填写决议" in page
    assert 'data-testid="conclusions"' not in page


def test_the_minutes_of_another_kind_have_no_seminar_note(branch, login_as):
    meeting = make_meeting(branch.unit, invitees=[branch.invitee], recorder=branch.recorder)
    page = login_as(branch.recorder).get(minutes_url(meeting)).get_data(as_text=True)
    assert 'data-testid="seminar-note"' not in page


def test_the_old_outcome_address_leads_to_the_minutes(branch, login_as):
    response = login_as(branch.recorder).get(seminar_url(branch.seminar) + "/outcome")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(minutes_url(branch.seminar))
    assert login_as(branch.invitee).get(seminar_url(branch.seminar) + "/outcome"
                                        ).status_code == 403
    assert login_as(branch.stranger).get(seminar_url(branch.seminar) + "/outcome"
                                         ).status_code == 404


def test_invitees_cannot_write_the_outcome(branch, login_as, post):
    login_as(branch.invitee)
    response = post(minutes_url(branch.seminar), minutes_form(branch.seminar, decisions="x"))
    assert response.status_code == 403 and minutes_of(branch.seminar) is None


def test_the_outcome_is_locked_once_the_minutes_are_approved(branch, login_as):
    save_draft(branch.recorder, branch.seminar, topics="", decisions="形成共识",
               items=[ActionItemInput("报党总支", branch.recorder.id, None)], attendance={},
               revision=None, now=now_utc())
    approve_minutes(branch.host, branch.seminar, now=branch.seminar.ends_at + timedelta(days=1))
    with pytest.raises(MinutesApproved):
        save_draft(branch.recorder, branch.seminar, topics="", decisions="改了", items=[],
                   attendance={}, revision=1, now=now_utc())
    page = login_as(branch.invitee).get(seminar_url(branch.seminar)).get_data(as_text=True)
    assert "会议记录已审定" in page and "形成共识" in page and "报党总支" in page
    assert 'data-testid="outcome-draft"' not in page


def test_the_printable_minutes_carry_the_seminars_conclusions(branch, login_as):
    save_draft(branch.recorder, branch.seminar, topics="", decisions="研讨形成的结论",
               items=[ActionItemInput("结合岗位提出改进措施", branch.invitee.id, None)],
               attendance={}, revision=None, now=now_utc())
    page = login_as(branch.recorder).get(minutes_url(branch.seminar) + "/print").get_data(
        as_text=True)
    assert "研讨形成的结论" in page and "结合岗位提出改进措施" in page and "普通党员" in page


def test_a_units_record_lists_its_seminars_with_counts(branch, login_as):
    save_reflection(branch.seminar, branch.invitee, LONG_TEXT, now=now_utc())
    save_draft(branch.recorder, branch.seminar, topics="", decisions="结论", items=[],
               attendance={}, revision=None, now=now_utc())
    other = make_seminar(branch.unit, invitees=[branch.speaker], theme="学习廉洁准则")
    page = login_as(branch.invitee).get("/meetings/seminars").get_data(as_text=True)
    rows = [r for r in find_all(page, "tr")][1:]
    assert len(rows) == 2
    first = next(r for r in rows if "深入学习党章" in r.text)
    cells = [c.text for c in find_all(str_of(first), "td")]
    assert cells[3:5] == ["1", "1"] and "已形成" in cells[5]
    second = next(r for r in rows if "学习廉洁准则" in r.text)
    assert "尚无" in second.text
    # Not invited to the other seminar: its title is listed, not linked.
    assert f"/meetings/{other.id}/seminar" not in page
    assert f"/meetings/{branch.seminar.id}/seminar" in page


def str_of(element) -> str:
    from tests.html import Element

    def render(node) -> str:
        if isinstance(node, Element):
            inner = "".join(render(child) for child in node.children)
            return f"<{node.tag}>{inner}</{node.tag}>"
        return node

    return render(element)


def test_the_record_is_for_the_unit_and_managers_of_its_subtree(branch, login_as):
    code = branch.unit.code
    assert login_as(branch.stranger).get(f"/meetings/seminars?unit={code}").status_code == 404
    manager = make_member(branch.root, roles=(Role.MANAGER,))
    response = login_as(manager).get(f"/meetings/seminars?unit={code}")
    assert response.status_code == 200
    assert f"/meetings/{branch.seminar.id}/seminar" in response.get_data(as_text=True)


def test_record_queries_do_not_grow_with_seminars(branch, login_as, count_queries):
    client = login_as(branch.invitee)

    def count() -> int:
        client.get("/meetings/seminars")
        with count_queries() as queries:
            assert client.get("/meetings/seminars").status_code == 200
        return len(queries)

    few = count()
    for _ in range(5):
        make_seminar(branch.unit, invitees=[branch.invitee], speakers=[branch.speaker])
    assert count() == few
