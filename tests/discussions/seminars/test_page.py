"""The seminar page: what it shows, who may open it, and a query count that does not
grow with the number of invitees."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from learnhub.core.timeutil import now_utc
from learnhub.courses.study.models import LessonProgress
from learnhub.discussions.minutes.services import ActionItemInput, save_draft
from learnhub.discussions.models import Invitation, MeetingReading
from learnhub.discussions.seminars.reflections import save_reflection
from learnhub.extensions import db
from learnhub.org.models import Role
from tests.courses.learning_support import make_course
from tests.discussions.builders import make_meeting, make_seminar
from tests.discussions.seminars.conftest import LONG_TEXT
from tests.factories import make_member
from tests.html import find_all, one


def url(meeting) -> str:
    return f"/meetings/{meeting.id}/seminar"


def test_an_invitee_sees_theme_speakers_reflections_and_outcome(branch, login_as):
    save_reflection(branch.seminar, branch.speaker, "我的发言：" + LONG_TEXT, now=now_utc())
    save_reflection(branch.seminar, branch.invitee, "**心得**" + LONG_TEXT, now=now_utc())
    save_draft(branch.recorder, branch.seminar, topics="", decisions="## 结论\n\n坚持学习。",
               items=[ActionItemInput("组织一次党课", branch.invitee.id, None)],
               attendance={}, revision=None, now=now_utc())
    response = login_as(branch.invitee).get(url(branch.seminar))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert one(page, "dd", data_testid="theme").text == "深入学习党章"
    assert "发言人" in one(page, "ul", data_testid="speakers").text
    assert "<strong>心得</strong>" in page  # rendered Markdown
    headings = [h.text for h in find_all(page, "h3") if h.get("id", "").startswith("reflection-")]
    assert headings[0].startswith("发言人") and "重点发言" in headings[0]  # speakers first
    assert "坚持学习" in one(page, "div", data_testid="conclusions").text
    assert "组织一次党课" in page and "普通党员" in page
    assert "提交我的心得" not in page and "查看或修改我的心得" in page
    assert "研讨设置" not in page and "整理研讨成果" not in page


def test_reflection_html_is_sanitised(branch, login_as):
    save_reflection(branch.seminar, branch.invitee, LONG_TEXT + "\n\n<script>alert(1)</script>"
                    "<img src=x onerror=alert(1)>", now=now_utc())
    page = login_as(branch.host).get(url(branch.seminar)).get_data(as_text=True)
    assert "<script>alert" not in page and "onerror" not in page


def test_a_stranger_gets_404_and_a_manager_of_the_subtree_sees_it(branch, login_as):
    assert login_as(branch.stranger).get(url(branch.seminar)).status_code == 404
    manager = make_member(branch.root, roles=(Role.MANAGER,))
    assert login_as(manager).get(url(branch.seminar)).status_code == 200


def test_a_meeting_that_is_not_a_seminar_has_no_seminar_page(branch, login_as):
    meeting = make_meeting(branch.unit, invitees=[branch.invitee])
    assert login_as(branch.invitee).get(url(meeting)).status_code == 404


def test_host_and_recorder_see_their_links(branch, login_as):
    page = login_as(branch.host).get(url(branch.seminar)).get_data(as_text=True)
    assert "研讨设置" in page and "整理研讨成果" in page
    page = login_as(branch.recorder).get(url(branch.seminar)).get_data(as_text=True)
    assert "研讨设置" not in page and "整理研讨成果" in page


def test_readings_show_who_has_studied_them(branch, login_as):
    course = make_course()
    db.session.add(MeetingReading(meeting_id=branch.seminar.id, position=1, course_id=course.id,
                                  lesson_key="intro"))
    db.session.add(LessonProgress(member_id=branch.invitee.id, course_id=course.id,
                                  lesson_key="intro", seconds_studied=600,
                                  studied_at=datetime(2026, 1, 1, tzinfo=UTC)))
    db.session.flush()
    page = login_as(branch.host).get(url(branch.seminar)).get_data(as_text=True)
    assert "导言" in page and "已学 1 / 2 人" in page
    row = next(r for r in find_all(page, "tr") if "普通党员" in r.text)
    assert "✓ 已学" in row.text


def test_the_print_page_has_the_record_without_action_links(branch, login_as):
    save_reflection(branch.seminar, branch.invitee, LONG_TEXT, now=now_utc())
    page = login_as(branch.host).get(url(branch.seminar) + "/print").get_data(as_text=True)
    assert "专题研讨记录" in page and "深入学习党章" in page and "普通党员" in page
    assert "研讨设置" not in page
    assert login_as(branch.stranger).get(url(branch.seminar) + "/print").status_code == 404


def _page_queries(client, count_queries, meeting) -> int:
    client.get(url(meeting))  # warm up
    with count_queries() as queries:
        assert client.get(url(meeting)).status_code == 200
    return len(queries)


def test_page_queries_do_not_grow_with_invitees(branch, login_as, count_queries):
    course = make_course()
    small = make_seminar(branch.unit, invitees=[make_member(branch.unit) for _ in range(2)],
                         host=branch.host)
    large = make_seminar(branch.unit, invitees=[make_member(branch.unit) for _ in range(12)],
                         host=branch.host)
    for meeting in (small, large):
        db.session.add(MeetingReading(meeting_id=meeting.id, position=1, course_id=course.id))
        db.session.add(MeetingReading(meeting_id=meeting.id, position=2, course_id=course.id,
                                      lesson_key="rights"))
    db.session.flush()
    for meeting in (small, large):
        for member_id in db.session.scalars(select(Invitation.member_id)
                                            .where(Invitation.meeting_id == meeting.id)):
            db.session.add(LessonProgress(member_id=member_id, course_id=course.id,
                                          lesson_key="rights", seconds_studied=600,
                                          studied_at=datetime(2026, 1, 1, tzinfo=UTC)))
        invited = db.session.scalars(select(Invitation.member_id).where(
            Invitation.meeting_id == meeting.id)).all()
        save_draft(branch.host, meeting, topics="", decisions="结论", attendance={},
                   items=[ActionItemInput(f"任务{n}", member_id, None)
                          for n, member_id in enumerate(invited)],
                   revision=None, now=now_utc())
    db.session.flush()
    client = login_as(branch.host)
    assert _page_queries(client, count_queries, small) == _page_queries(client, count_queries,
                                                                         large)
