"""The host sets the theme, the minimum length of a 心得 and the speakers; audited; CSRF."""

from __future__ import annotations

from sqlalchemy import select

from learnhub.discussions.models import Invitation
from learnhub.extensions import db
from learnhub.org.models import AuditEvent


def setup_url(meeting) -> str:
    return f"/meetings/{meeting.id}/seminar/setup"


def speakers(meeting) -> set[int]:
    return set(db.session.scalars(select(Invitation.member_id).where(
        Invitation.meeting_id == meeting.id, Invitation.speaker.is_(True))))


def test_host_names_speakers_and_sets_the_theme_audited(branch, login_as, post):
    login_as(branch.host)
    sequence = branch.seminar.sequence
    response = post(setup_url(branch.seminar), {"theme": "学习新党章", "min_reflection_chars": "50",
                                                "speakers": [str(branch.invitee.id)]})
    assert response.status_code == 302
    db.session.refresh(branch.seminar)
    assert branch.seminar.theme == "学习新党章" and branch.seminar.sequence == sequence + 1
    assert speakers(branch.seminar) == {branch.invitee.id}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "seminar.setup"))
    assert event.actor_id == branch.host.id and event.object_id == str(branch.seminar.id)
    assert event.details["speakers_added"] == [branch.invitee.id]
    assert event.details["speakers_removed"] == [branch.speaker.id]
    assert event.details["min_reflection_chars"] == [200, 50]


def test_the_setup_form_lists_invitees_as_checkboxes(branch, login_as):
    page = login_as(branch.host).get(setup_url(branch.seminar)).get_data(as_text=True)
    assert 'type="checkbox"' in page and "普通党员" in page and "发言人" in page
    assert "外人" not in page


def test_a_speaker_must_be_an_invitee(branch, login_as, post):
    login_as(branch.host)
    response = post(setup_url(branch.seminar), {"theme": "x", "min_reflection_chars": "200",
                                                "speakers": [str(branch.stranger.id)]})
    assert response.status_code == 422
    assert speakers(branch.seminar) == {branch.speaker.id}


def test_setup_without_csrf_changes_nothing(branch, login_as, client):
    login_as(branch.host)
    response = client.post(setup_url(branch.seminar), data={
        "theme": "被篡改", "min_reflection_chars": "0", "speakers": [str(branch.invitee.id)]})
    assert response.status_code in (400, 422)
    db.session.refresh(branch.seminar)
    assert branch.seminar.theme == "深入学习党章" and speakers(branch.seminar) == {branch.speaker.id}


def test_invitees_and_recorders_cannot_set_up_strangers_get_404(branch, login_as, post):
    for member in (branch.invitee, branch.recorder):
        login_as(member)
        assert post(setup_url(branch.seminar), {"theme": "x", "min_reflection_chars": "1"}
                    ).status_code == 403
    login_as(branch.stranger)
    assert post(setup_url(branch.seminar), {"theme": "x"}).status_code == 404
    db.session.refresh(branch.seminar)
    assert branch.seminar.theme == "深入学习党章"


def test_a_bad_minimum_keeps_what_was_typed(branch, login_as, post):
    login_as(branch.host)
    response = post(setup_url(branch.seminar), {"theme": "新的主题", "min_reflection_chars": "-3"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="新的主题"' in page
