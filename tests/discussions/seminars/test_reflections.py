"""心得: one per invitee, a minimum length, edited until the minutes are approved, own only."""

from __future__ import annotations

from sqlalchemy import func, select

from learnhub.discussions.models import MeetingStatus
from learnhub.discussions.seminars.models import SeminarReflection, SeminarSetting
from learnhub.extensions import db
from tests.discussions.seminars.conftest import LONG_TEXT
from tests.html import one


def reflection_url(meeting) -> str:
    return f"/meetings/{meeting.id}/seminar/reflection"


def reflections_of(meeting) -> list[SeminarReflection]:
    return list(db.session.scalars(select(SeminarReflection)
                                   .where(SeminarReflection.meeting_id == meeting.id)))


def test_an_invitee_submits_then_edits_one_reflection(branch, login_as, post):
    login_as(branch.invitee)
    assert post(reflection_url(branch.seminar), {"markdown": LONG_TEXT}).status_code == 302
    assert post(reflection_url(branch.seminar), {"markdown": "修改后：" + LONG_TEXT}
                ).status_code == 302
    (saved,) = reflections_of(branch.seminar)
    assert saved.member_id == branch.invitee.id and saved.markdown.startswith("修改后")
    assert saved.updated_at >= saved.submitted_at
    form = login_as(branch.invitee).get(reflection_url(branch.seminar)).get_data(as_text=True)
    assert "修改后" in one(form, "textarea", name="markdown").text


def test_a_short_reflection_is_refused_and_the_text_kept(branch, login_as, post):
    login_as(branch.invitee)
    response = post(reflection_url(branch.seminar), {"markdown": "太短了 **真的**"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "至少需要 200 个字" in page and "太短了 **真的**" in page
    assert reflections_of(branch.seminar) == []


def test_the_minimum_is_per_seminar_and_counts_text_not_markup(branch, login_as, post):
    db.session.add(SeminarSetting(meeting_id=branch.seminar.id, min_reflection_chars=5))
    db.session.flush()
    login_as(branch.invitee)
    assert post(reflection_url(branch.seminar), {"markdown": "#  党 章"}).status_code == 422
    assert post(reflection_url(branch.seminar), {"markdown": "学习党章好"}).status_code == 302


def test_only_invitees_submit_and_only_their_own(branch, login_as, post):
    login_as(branch.host)  # may see the seminar, but is not invited
    assert post(reflection_url(branch.seminar), {"markdown": LONG_TEXT}).status_code == 403
    login_as(branch.stranger)
    assert post(reflection_url(branch.seminar), {"markdown": LONG_TEXT}).status_code == 404
    login_as(branch.invitee)
    post(reflection_url(branch.seminar), {"markdown": LONG_TEXT, "member_id": branch.speaker.id})
    assert [r.member_id for r in reflections_of(branch.seminar)] == [branch.invitee.id]


def test_reflections_lock_once_the_minutes_are_approved(branch, login_as, post):
    login_as(branch.invitee)
    post(reflection_url(branch.seminar), {"markdown": LONG_TEXT})
    branch.seminar.status = MeetingStatus.HELD
    db.session.flush()
    response = post(reflection_url(branch.seminar), {"markdown": "改写：" + LONG_TEXT})
    assert response.status_code == 422
    (saved,) = reflections_of(branch.seminar)
    assert saved.markdown == LONG_TEXT.strip()
    page = login_as(branch.invitee).get(reflection_url(branch.seminar)).get_data(as_text=True)
    assert "不能再修改" in page and "<textarea" not in page


def test_a_speakers_reflection_is_marked(branch, login_as, post):
    login_as(branch.speaker)
    post(reflection_url(branch.seminar), {"markdown": LONG_TEXT})
    page = login_as(branch.invitee).get(f"/meetings/{branch.seminar.id}/seminar").get_data(
        as_text=True)
    heading = one(page, "h3", id=f"reflection-{branch.speaker.id}")
    assert "重点发言" in heading.text
    assert db.session.scalar(select(func.count()).select_from(SeminarReflection)) == 1
