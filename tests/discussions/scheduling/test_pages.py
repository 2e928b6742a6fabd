"""Scheduling and member pages: access (403/404), CSRF, forms end to end, RSVP and leave,
a member's own zone, query budgets."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from learnhub.discussions.models import Invitation, Meeting, MeetingStatus, Reply
from learnhub.extensions import db
from learnhub.org.models import PartyPost
from tests.discussions.builders import make_kind, make_meeting
from tests.factories import make_member, make_unit


@pytest.fixture
def branch():
    return make_unit()


@pytest.fixture
def secretary(branch):
    return make_member(branch, party_post=PartyPost.SECRETARY.value)


def future(days=10):
    return datetime.now(UTC).replace(microsecond=0, second=0) + timedelta(days=days)


def test_a_secretary_schedules_a_monthly_series_through_the_form(branch, secretary, login_as,
                                                                 post):
    member = make_member(branch)
    kind = make_kind()
    login_as(secretary)
    start = future(5)
    response = post(f"/meetings/schedule/{branch.id}", {
        "kind": kind.id, "title": "三月主题党日", "agenda": "1. 学习", "place": "会议室",
        "start_date": start.date().isoformat(), "start_time": "19:00",
        "duration_minutes": 90, "host": secretary.id, "recorder": 0, "whole_unit": "y",
        "repeat": "monthly_date", "monthday": 31, "count": 3, "weekday": 0, "nth": 1})
    assert response.status_code == 302, response.get_data(as_text=True)
    meetings = list(db.session.scalars(select(Meeting).where(Meeting.unit_id == branch.id)))
    assert len(meetings) == 3 and all(m.series_id for m in meetings)
    assert db.session.scalar(select(Invitation).where(
        Invitation.meeting_id == meetings[0].id, Invitation.member_id == member.id))


def test_a_plain_member_may_not_schedule_or_edit(branch, login_as, client):
    member = make_member(branch)
    meeting = make_meeting(branch, invitees=[member])
    login_as(member)
    assert client.get("/meetings/manage").status_code == 403
    assert client.get(f"/meetings/schedule/{branch.id}").status_code == 404
    assert client.get(f"/meetings/{meeting.id}/edit").status_code == 404
    assert client.get(f"/meetings/{meeting.id}/replies").status_code == 404


def test_a_stranger_gets_404_for_a_meeting(branch, login_as, client):
    meeting = make_meeting(branch, invitees=[make_member(branch)])
    login_as(make_member(make_unit()))
    assert client.get(f"/meetings/{meeting.id}").status_code == 404


def test_posts_without_a_csrf_token_are_refused(branch, secretary, login_as, client):
    meeting = make_meeting(branch, invitees=[secretary], host=secretary)
    login_as(secretary)
    response = client.post(f"/meetings/{meeting.id}/cancel", data={"reason": "x"})
    assert response.status_code == 400
    assert db.session.get(Meeting, meeting.id).status is MeetingStatus.SCHEDULED


def test_cancelling_needs_a_reason_and_bumps_the_sequence(branch, secretary, login_as, post):
    meeting = make_meeting(branch, invitees=[secretary], host=secretary)
    login_as(secretary)
    assert post(f"/meetings/{meeting.id}/cancel", {"scope": "one", "reason": ""}).status_code == 422
    assert post(f"/meetings/{meeting.id}/cancel",
                {"scope": "one", "reason": "上级通知改期"}).status_code == 302
    db.session.refresh(meeting)
    assert meeting.status is MeetingStatus.CANCELLED and meeting.sequence == 1


def test_leave_needs_a_reason_and_the_host_approves_it(branch, secretary, login_as, post,
                                                      client):
    member = make_member(branch)
    meeting = make_meeting(branch, invitees=[member], host=secretary)
    login_as(member)
    assert post(f"/meetings/{meeting.id}", {"answer": "leave", "reason": ""}).status_code == 422
    assert post(f"/meetings/{meeting.id}",
                {"answer": "leave", "reason": "出差"}).status_code == 302
    invitation = db.session.scalar(select(Invitation).where(Invitation.member_id == member.id))
    assert invitation.reply is Reply.LEAVE_REQUESTED and invitation.leave_reason == "出差"
    assert post(f"/meetings/{meeting.id}/replies/{invitation.id}/approve",
                {"note": "同意"}).status_code == 404  # not the host
    login_as(secretary)
    page = client.get(f"/meetings/{meeting.id}/replies").get_data(as_text=True)
    assert "出差" in page
    assert post(f"/meetings/{meeting.id}/replies/{invitation.id}/approve",
                {"note": "同意"}).status_code == 302
    db.session.refresh(invitation)
    assert invitation.reply is Reply.LEAVE_APPROVED and invitation.leave_decision_note == "同意"


def test_a_berlin_member_sees_a_shanghai_meeting_in_berlin_time(branch, login_as, client):
    member = make_member(branch, timezone="Europe/Berlin")
    starts = datetime(2030, 7, 2, 11, tzinfo=UTC)  # 19:00 in Shanghai, 13:00 in Berlin (CEST)
    meeting = make_meeting(branch, invitees=[member], starts_at=starts)
    login_as(member)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "13:00" in page and "19:00" not in page and "Europe/Berlin" in page


def test_upcoming_list_and_month_with_pinned_queries(branch, login_as, client, count_queries):
    member = make_member(branch)
    for days in (3, 4, 5, 6, 7):
        make_meeting(branch, invitees=[member], starts_at=future(days))
    login_as(member)
    client.get("/meetings/")
    with count_queries() as few:
        page = client.get("/meetings/").get_data(as_text=True)
    assert page.count("/meetings/") >= 5
    for days in (8, 9, 10):
        make_meeting(branch, invitees=[member], starts_at=future(days))
    with count_queries() as more:
        client.get("/meetings/")
    assert len(more) == len(few) == 3  # member, my schedulable units, my meetings
    month = future(3).strftime("%Y-%m")
    with count_queries() as calendar:
        response = client.get(f"/meetings/?view=month&month={month}")
    assert response.status_code == 200 and len(calendar) == 3


def test_the_meeting_page_has_a_pinned_query_count(branch, secretary, login_as, client,
                                                   count_queries):
    member = make_member(branch)
    meeting = make_meeting(branch, invitees=[member, secretary], host=secretary,
                           recorder=secretary)
    login_as(member)
    client.get(f"/meetings/{meeting.id}")
    with count_queries() as queries:
        assert client.get(f"/meetings/{meeting.id}").status_code == 200
    assert len(queries) == 9  # 9th: sign-in state and minutes status for the links


def test_the_kinds_page_seeds_defaults_and_edits_are_audited(login_as, client, post):
    from learnhub.discussions.models import MeetingKind
    from learnhub.org.models import AuditEvent, Role

    admin = make_member(roles=(Role.ADMIN,))
    login_as(admin)
    page = client.get("/meetings/kinds").get_data(as_text=True)
    assert "支部委员会" in page and "组织生活会" in page
    kind = db.session.scalar(select(MeetingKind).where(MeetingKind.code == "theme_day"))
    response = post(f"/meetings/kinds/{kind.id}/edit", {
        "name": "主题党日活动", "credit_hours": "1.5", "frequency": "monthly", "active": "y"})
    assert response.status_code == 302
    db.session.refresh(kind)
    assert str(kind.credit_hours) == "1.50" and not kind.late_counts
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "meeting_kind.update"))
    login_as(make_member())
    assert client.get("/meetings/kinds").status_code == 403


def test_editing_this_and_following_through_the_form_moves_later_meetings(branch, secretary,
                                                                          login_as, post, client):
    from learnhub.discussions.scheduling import services
    from learnhub.discussions.scheduling.audience import Audience
    from learnhub.discussions.scheduling.details import MeetingDetails, When
    from learnhub.discussions.scheduling.recurrence import Repeat, RuleChoice

    start = future(3)
    kind = make_kind()
    first = services.schedule(
        secretary, branch, MeetingDetails(kind=kind, title="周会", audience=Audience(branch.id),
                                          place="A"),
        When(datetime(start.year, start.month, start.day, 19), 60, "Asia/Shanghai"),
        RuleChoice(Repeat.WEEKLY, weekday=start.weekday(), count=3), datetime.now(UTC))
    rows = list(db.session.scalars(select(Meeting).where(Meeting.series_id == first.series_id)
                                   .order_by(Meeting.starts_at)))
    login_as(secretary)
    page = client.get(f"/meetings/{rows[1].id}/edit?scope=following").get_data(as_text=True)
    assert 'name="repeat"' in page
    second_day = rows[1].starts_at.astimezone().date()
    response = post(f"/meetings/{rows[1].id}/edit?scope=following", {
        "kind": kind.id, "title": "周会（改）", "place": "B", "start_date": second_day.isoformat(),
        "start_time": "20:00", "duration_minutes": 60, "host": 0, "recorder": 0,
        "whole_unit": "y", "repeat": "weekly", "weekday": rows[1].starts_at.weekday(),
        "nth": 1, "monthday": 1, "count": 2})
    assert response.status_code == 302, response.get_data(as_text=True)
    for row in rows:
        db.session.refresh(row)
    assert rows[0].title == "周会" and rows[0].sequence == 0
    assert [r.title for r in rows[1:]] == ["周会（改）"] * 2
    assert all(r.series_id != first.series_id and r.sequence == 1 for r in rows[1:])


def test_the_home_page_shows_my_next_meetings(branch, login_as, client):
    member = make_member(branch)
    make_meeting(branch, invitees=[member], title="下周党课", starts_at=future(7))
    login_as(member)
    assert "下周党课" in client.get("/").get_data(as_text=True)


def test_the_month_is_a_grid_with_caption_weekdays_today_and_local_times(branch, login_as,
                                                                          client):
    from zoneinfo import ZoneInfo

    member = make_member(branch, timezone="Europe/Berlin")
    today = datetime.now(ZoneInfo("Europe/Berlin")).date()
    # 13:00 in Berlin on the 15th (19:00 or 20:00 in Shanghai): the cell shows Berlin time.
    starts = datetime(today.year, today.month, 15, 13, tzinfo=ZoneInfo("Europe/Berlin"))
    make_meeting(branch, invitees=[member], starts_at=starts.astimezone(UTC), title="月中党课")
    login_as(member)
    response = client.get("/meetings/?view=month")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"<caption>{today.year}年{today.month}月的会议</caption>" in page
    assert page.count('<th scope="col"><abbr title="星期') == 7
    assert page.index('title="星期一"') < page.index('title="星期日"')  # Monday first
    assert 'aria-current="date"' in page and "今天" in page
    assert f'<time datetime="{today.isoformat()}">' in page
    cell = page[page.index(f'<time datetime="{starts.date().isoformat()}">'):]
    assert cell.index(">13:00</time>") < cell.index("月中党课") < cell.index("</td>")
    first = today.replace(day=1)
    if first.weekday() != 0:  # the first row starts in the previous month, dimmed
        assert "calendar__day--outside" in page
    prev = (first - timedelta(days=1)).strftime("%Y-%m")
    assert f'href="/meetings/?view=month&amp;month={prev}" rel="prev"' in page
    assert 'href="/meetings/"' in page  # the list view stays one link away


def test_the_form_shows_repeat_fields_by_repeat_with_a_script_file(branch, secretary,
                                                                  login_as, client):
    login_as(secretary)
    page = client.get(f"/meetings/schedule/{branch.id}").get_data(as_text=True)
    assert '<script src="/static/js/schedule_form.js' in page.replace("static_url", "")
    assert "<script>" not in page  # the CSP allows script files only
    for repeats, name in (("weekly monthly_weekday", "weekday"), ("monthly_weekday", "nth"),
                          ("monthly_date", "monthday"),
                          ("weekly monthly_weekday monthly_date", "count")):
        group = page[page.index(f'<div data-repeat="{repeats}">') + 10:]
        group = group[:min(group.find("data-repeat"), group.find("</fieldset>")) % len(group)]
        assert f'name="{name}"' in group
    script = client.get("/static/js/schedule_form.js")
    assert script.status_code == 200 and b"data-repeat" in script.get_data()
    script.close()


def test_a_big_unit_chooses_host_and_recorder_by_employee_number(branch, secretary, login_as,
                                                                 client, post, monkeypatch):
    from learnhub.discussions.scheduling import choices

    monkeypatch.setattr(choices, "MAX_PEOPLE", 2)
    host = make_member(branch, name="张主持")
    recorder = make_member(make_unit(branch), name="李记录")  # in a 党小组 below
    stranger = make_member(make_unit(), name="张外人")
    kind = make_kind()
    login_as(secretary)
    page = client.get(f"/meetings/schedule/{branch.id}").get_data(as_text=True)
    assert 'name="host"' not in page and 'name="host_no"' in page
    assert f'data-people-search="/meetings/schedule/{branch.id}/people"' in page
    found = client.get(f"/meetings/schedule/{branch.id}/people?q=张").get_json()["people"]
    assert [p["employee_no"] for p in found] == [host.employee_no]
    by_number = client.get(f"/meetings/schedule/{branch.id}/people",
                           query_string={"q": recorder.employee_no}).get_json()["people"]
    assert [p["name"] for p in by_number] == ["李记录"]
    form = {"kind": kind.id, "title": "全委大会", "place": "礼堂",
            "start_date": future(5).date().isoformat(), "start_time": "09:00",
            "duration_minutes": 60, "whole_unit": "y", "repeat": "none", "weekday": 0, "nth": 1,
            "host_no": stranger.employee_no, "recorder_no": recorder.employee_no}
    refused = post(f"/meetings/schedule/{branch.id}", form)
    assert refused.status_code == 422
    assert f"本组织没有工号为 {stranger.employee_no} 的在职成员" in refused.get_data(as_text=True)
    response = post(f"/meetings/schedule/{branch.id}", {**form, "host_no": host.employee_no})
    assert response.status_code == 302, response.get_data(as_text=True)
    meeting = db.session.scalar(select(Meeting).where(Meeting.title == "全委大会"))
    assert (meeting.host_id, meeting.recorder_id) == (host.id, recorder.id)
    edit = client.get(f"/meetings/{meeting.id}/edit").get_data(as_text=True)
    assert f'value="{host.employee_no}"' in edit
    login_as(host)  # not a scheduler of the unit: no member search either
    assert client.get(f"/meetings/schedule/{branch.id}/people?q=张").status_code == 404


def test_a_big_unit_invites_extra_members_by_employee_number(branch, secretary, login_as,
                                                              client, post, monkeypatch):
    from learnhub.discussions.scheduling import choices

    monkeypatch.setattr(choices, "MAX_PEOPLE", 2)
    below = make_unit(branch)
    guests = [make_member(below, name=f"列席{n}") for n in range(2)]
    stranger = make_member(make_unit())
    make_member(branch), make_member(branch)
    kind = make_kind()
    login_as(secretary)
    page = client.get(f"/meetings/schedule/{branch.id}").get_data(as_text=True)
    assert 'name="members"' not in page and 'name="member_nos"' in page
    form = {"kind": kind.id, "title": "扩大会议", "place": "礼堂",
            "start_date": future(5).date().isoformat(), "start_time": "09:00",
            "duration_minutes": 60, "whole_unit": "y", "repeat": "none", "weekday": 0, "nth": 1,
            "member_nos": f"{guests[0].employee_no}，{stranger.employee_no}\nNOPE"}
    refused = post(f"/meetings/schedule/{branch.id}", form)
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert f"{stranger.employee_no}、NOPE" in text and guests[0].employee_no in text  # kept
    numbers = f"{guests[0].employee_no}, {guests[1].employee_no}"
    response = post(f"/meetings/schedule/{branch.id}", {**form, "member_nos": numbers})
    assert response.status_code == 302, response.get_data(as_text=True)
    meeting = db.session.scalar(select(Meeting).where(Meeting.title == "扩大会议"))
    assert sorted(meeting.audience["member_ids"]) == sorted(g.id for g in guests)
    edit = client.get(f"/meetings/{meeting.id}/edit").get_data(as_text=True)
    assert f"{guests[0].employee_no}\n{guests[1].employee_no}" in edit or all(
        g.employee_no in edit for g in guests)
