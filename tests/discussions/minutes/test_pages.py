"""The minutes pages: the form (rows added and removed without JavaScript, text kept on
errors, attendance by hand), approval and reopening by confirmation, the printable page,
access and query budgets."""

from __future__ import annotations

from sqlalchemy import select

from learnhub.core.timeutil import now_utc
from learnhub.discussions.minutes.models import ActionItem, MeetingMinutes, MinutesStatus
from learnhub.discussions.minutes.services import ActionItemInput, approve_minutes, save_draft
from learnhub.discussions.models import Attendance, Invitation
from learnhub.extensions import db
from learnhub.records.models import LedgerEntry
from tests.discussions.minutes.conftest import Held


def _invitations(held: Held) -> list[Invitation]:
    return db.session.scalars(select(Invitation).where(
        Invitation.meeting_id == held.meeting.id).order_by(Invitation.id)).all()


def _form(held: Held, **extra) -> dict:
    data = {"topics": "学习党章", "decisions": "按期交心得", "revision": "",
            "items-0-task": "整理笔记", "items-0-owner": str(held.present.id),
            "items-0-due_on": "2026-03-20", "action": "save"}
    for i, invitation in enumerate(_invitations(held)):
        data[f"attendance-{i}-invitation_id"] = str(invitation.id)
        data[f"attendance-{i}-status"] = invitation.attendance.value
    data.update(extra)
    return data


def test_the_recorder_saves_a_draft_with_items_and_attendance(held, login_as, post):
    login_as(held.recorder)
    url = f"/meetings/{held.meeting.id}/minutes"
    page = login_as(held.recorder).get(url).get_data(as_text=True)
    assert "丁缺席" in page and "应到 4 人" in page
    response = post(url, _form(held, **{"attendance-0-status": "present"}))
    assert response.status_code == 302
    minutes = db.session.scalar(select(MeetingMinutes).where(
        MeetingMinutes.meeting_id == held.meeting.id))
    assert minutes.revision == 1 and minutes.status == MinutesStatus.DRAFT
    (item,) = db.session.scalars(select(ActionItem).where(ActionItem.minutes_id == minutes.id))
    assert item.task == "整理笔记" and item.owner_id == held.present.id
    assert _invitations(held)[0].attendance == Attendance.PRESENT


def test_rows_are_added_and_removed_by_buttons_keeping_what_was_typed(held, login_as, post):
    login_as(held.recorder)
    url = f"/meetings/{held.meeting.id}/minutes"
    added = post(url, _form(held, action="add")).get_data(as_text=True)
    assert 'name="items-1-task"' in added and "整理笔记" in added and "学习党章" in added
    removed = post(url, _form(held, action="remove-0")).get_data(as_text=True)
    assert 'name="items-0-task"' not in removed and "学习党章" in removed
    assert db.session.scalar(select(MeetingMinutes)) is None  # nothing saved by either


def test_an_owner_outside_the_meeting_is_refused_with_the_text_kept(held, login_as, post):
    from tests.factories import make_member

    outsider = make_member()
    login_as(held.recorder)
    response = post(f"/meetings/{held.meeting.id}/minutes",
                    _form(held, **{"items-0-owner": str(outsider.id), "topics": "我写的议题"}))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "负责人须是本次会议的参会人员" in page and "我写的议题" in page


def test_a_stale_save_keeps_the_text(held, login_as, post):
    save_draft(held.recorder, held.meeting, topics="a", decisions="", items=[],
               attendance={}, revision=None, now=now_utc())
    save_draft(held.host, held.meeting, topics="b", decisions="", items=[],
               attendance={}, revision=1, now=now_utc())
    login_as(held.recorder)
    response = post(f"/meetings/{held.meeting.id}/minutes",
                    _form(held, revision="1", topics="我的版本"))
    assert response.status_code == 409 or response.status_code == 422
    assert "我的版本" in response.get_data(as_text=True)


def test_invitees_cannot_open_the_form_or_approve(held, login_as, post):
    login_as(held.present)
    assert login_as(held.present).get(f"/meetings/{held.meeting.id}/minutes").status_code == 403
    login_as(held.recorder)
    post(f"/meetings/{held.meeting.id}/minutes", _form(held))
    assert post(f"/meetings/{held.meeting.id}/minutes/approve").status_code == 403


def test_the_host_approves_on_a_confirmation_page_then_reopens(held, login_as, post):
    login_as(held.recorder)
    post(f"/meetings/{held.meeting.id}/minutes", _form(held, **{"attendance-0-status": "present"}))
    login_as(held.host)
    confirm = login_as(held.host).get(f"/meetings/{held.meeting.id}/minutes/approve")
    assert "1.25 学时" in confirm.get_data(as_text=True)
    assert post(f"/meetings/{held.meeting.id}/minutes/approve").status_code == 302
    assert post(f"/meetings/{held.meeting.id}/minutes/approve").status_code == 302
    credited = db.session.scalars(select(LedgerEntry).where(
        LedgerEntry.source_type == "meeting")).all()
    assert len(credited) == 1
    locked = login_as(held.host).get(f"/meetings/{held.meeting.id}/minutes")
    assert "出勤情况已锁定" in locked.get_data(as_text=True)
    assert post(f"/meetings/{held.meeting.id}/minutes/reopen", {"reason": ""}).status_code == 422
    assert post(f"/meetings/{held.meeting.id}/minutes/reopen",
                {"reason": "补登迟到"}).status_code == 302
    assert len(db.session.scalars(select(LedgerEntry).where(
        LedgerEntry.source_type == "meeting")).all()) == 2


def _approved(held: Held) -> None:
    invitations = _invitations(held)
    save_draft(held.recorder, held.meeting, topics="**学习**党章", decisions="交心得",
               items=[ActionItemInput("整理笔记", held.present.id, None)],
               attendance={invitations[0].id: Attendance.PRESENT,
                           invitations[1].id: Attendance.LATE},
               revision=None, now=now_utc())
    approve_minutes(held.host, held.meeting, now=now_utc())


def test_the_printable_page_has_everything(held, login_as):
    _approved(held)
    page = login_as(held.absent).get(f"/meetings/{held.meeting.id}/minutes/print")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for expected in (held.meeting.title, held.meeting.unit.name, "支部委员会", held.host.name,
                     held.recorder.name, "应到 4 人", "甲出席", "乙迟到", "丙请假", "丁缺席",
                     "<strong>学习</strong>党章", "交心得", "整理笔记", "审核：", "meetings.css"):
        assert expected in text, expected


def test_a_draft_prints_only_for_recorders(held, login_as):
    save_draft(held.recorder, held.meeting, topics="草稿", decisions="", items=[],
               attendance={}, revision=None, now=now_utc())
    assert login_as(held.absent).get(
        f"/meetings/{held.meeting.id}/minutes/print").status_code == 404
    assert "尚未审核" in login_as(held.recorder).get(
        f"/meetings/{held.meeting.id}/minutes/print").get_data(as_text=True)


def test_the_minutes_pages_cost_the_same_for_more_invitees_and_items(held, login_as,
                                                                     count_queries):
    from learnhub.discussions.models import Invitation
    from tests.factories import make_member

    def measure(path: str) -> int:
        login_as(held.host)
        with count_queries(on=db.engine) as queries:
            assert login_as(held.host).get(path).status_code == 200
        return len(queries)

    save_draft(held.recorder, held.meeting, topics="a", decisions="", items=[],
               attendance={}, revision=None, now=now_utc())
    form_path = f"/meetings/{held.meeting.id}/minutes"
    print_path = f"/meetings/{held.meeting.id}/minutes/print"
    few = measure(form_path), measure(print_path)
    for _ in range(20):
        db.session.add(Invitation(meeting_id=held.meeting.id,
                                  member_id=make_member(held.meeting.unit).id))
    db.session.flush()
    save_draft(held.recorder, held.meeting, topics="a", decisions="",
               items=[ActionItemInput(f"事项{i}", held.present.id, None) for i in range(10)],
               attendance={}, revision=1, now=now_utc())
    assert (measure(form_path), measure(print_path)) == few
