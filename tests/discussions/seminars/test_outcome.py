"""研讨成果 by the recorder, and a unit's seminar record."""

from __future__ import annotations

from sqlalchemy import select

from learnhub.core.timeutil import now_utc
from learnhub.discussions.models import MeetingStatus
from learnhub.discussions.seminars.models import SeminarActionItem, SeminarOutcome
from learnhub.discussions.seminars.reflections import save_reflection
from learnhub.extensions import db
from learnhub.org.models import AuditEvent, Role
from tests.discussions.builders import make_seminar
from tests.discussions.seminars.conftest import LONG_TEXT
from tests.factories import make_member
from tests.html import find_all


def outcome_url(meeting) -> str:
    return f"/meetings/{meeting.id}/seminar/outcome"


def items(meeting) -> list[SeminarActionItem]:
    return list(db.session.scalars(select(SeminarActionItem).where(
        SeminarActionItem.meeting_id == meeting.id).order_by(SeminarActionItem.position)))


def test_recorder_writes_conclusions_and_action_items(branch, login_as, post):
    login_as(branch.recorder)
    form = login_as(branch.recorder).get(outcome_url(branch.seminar)).get_data(as_text=True)
    assert 'name="actions-2-task"' in form  # blank rows to fill
    response = post(outcome_url(branch.seminar), {
        "conclusions": "## 结论\n\n坚持每月学习。",
        "actions-0-task": "整理学习笔记", "actions-0-owner": str(branch.invitee.id),
        "actions-0-due_on": "2027-01-31",
        "actions-1-task": "", "actions-1-owner": "", "actions-1-due_on": "",
        "actions-2-task": "汇报学习情况", "actions-2-owner": "", "actions-2-due_on": ""})
    assert response.status_code == 302
    outcome = db.session.get(SeminarOutcome, branch.seminar.id)
    assert "<h2" in outcome.conclusions_html and outcome.written_by_id == branch.recorder.id
    saved = items(branch.seminar)
    assert [(i.task, i.owner_id, str(i.due_on)) for i in saved] == [
        ("整理学习笔记", branch.invitee.id, "2027-01-31"), ("汇报学习情况", None, "None")]
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "seminar.outcome_saved")) is not None
    form = login_as(branch.recorder).get(outcome_url(branch.seminar)).get_data(as_text=True)
    assert "整理学习笔记" in form and 'name="actions-4-task"' in form


def test_an_owner_without_a_task_is_an_error_and_nothing_is_lost(branch, login_as, post):
    login_as(branch.recorder)
    response = post(outcome_url(branch.seminar), {
        "conclusions": "结论文字", "actions-0-task": "", "actions-0-owner": str(branch.invitee.id),
        "actions-0-due_on": "2027-01-31"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "请填写任务" in page and "结论文字" in page
    assert 'value="2027-01-31"' in page
    assert db.session.get(SeminarOutcome, branch.seminar.id) is None


def test_an_owner_must_take_part(branch, login_as, post):
    login_as(branch.recorder)
    response = post(outcome_url(branch.seminar), {
        "conclusions": "x", "actions-0-task": "任务", "actions-0-owner": str(branch.stranger.id),
        "actions-0-due_on": ""})
    assert response.status_code == 422
    assert items(branch.seminar) == []


def test_invitees_cannot_write_the_outcome(branch, login_as, post):
    login_as(branch.invitee)
    assert post(outcome_url(branch.seminar), {"conclusions": "x"}).status_code == 403
    login_as(branch.stranger)
    assert post(outcome_url(branch.seminar), {"conclusions": "x"}).status_code == 404


def test_the_outcome_is_locked_once_the_minutes_are_approved(branch, login_as, post):
    branch.seminar.status = MeetingStatus.HELD
    db.session.flush()
    login_as(branch.recorder)
    assert post(outcome_url(branch.seminar), {"conclusions": "x"}).status_code == 422
    assert db.session.get(SeminarOutcome, branch.seminar.id) is None
    page = login_as(branch.recorder).get(f"/meetings/{branch.seminar.id}/seminar").get_data(
        as_text=True)
    assert "会议记录已审定" in page


def test_a_units_record_lists_its_seminars_with_counts(branch, login_as, post):
    save_reflection(branch.seminar, branch.invitee, LONG_TEXT, now=now_utc())
    login_as(branch.recorder)
    assert post(outcome_url(branch.seminar), {"conclusions": "结论", "actions-0-task": "",
                                              "actions-0-owner": "", "actions-0-due_on": ""}
                ).status_code == 302
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
