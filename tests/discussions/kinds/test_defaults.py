"""The default meeting kinds: seeded once, never overwriting an organisation's edits."""

from sqlalchemy import func, select

from learnhub.discussions.kinds.defaults import DEFAULT_KINDS, ensure_default_kinds, kinds_needed
from learnhub.discussions.models import Frequency, MeetingKind
from learnhub.extensions import db
from tests.discussions.builders import make_kind


def test_defaults_follow_the_branch_work_regulations():
    frequencies = {k.code: k.frequency for k in DEFAULT_KINDS}
    assert frequencies["branch_meeting"] is Frequency.QUARTERLY
    assert frequencies["committee_meeting"] is Frequency.MONTHLY
    assert frequencies["group_meeting"] is Frequency.MONTHLY
    assert frequencies["party_lecture"] is Frequency.QUARTERLY
    assert frequencies["theme_day"] is Frequency.MONTHLY
    assert frequencies["life_meeting"] is Frequency.YEARLY
    assert [k.code for k in DEFAULT_KINDS if k.is_seminar] == ["seminar"]


def test_seeding_twice_adds_each_kind_once_and_keeps_edits():
    edited = make_kind("branch_meeting", name="党员大会", credit_hours="3")
    assert kinds_needed()
    assert ensure_default_kinds() == len(DEFAULT_KINDS) - 1
    assert ensure_default_kinds() == 0 and not kinds_needed()
    assert db.session.scalar(select(func.count()).select_from(MeetingKind)) == len(DEFAULT_KINDS)
    db.session.refresh(edited)
    assert edited.name == "党员大会" and str(edited.credit_hours) == "3.00"
