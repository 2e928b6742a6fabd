"""Who may schedule, run, record and see a meeting."""

from learnhub.discussions.access import can_record, can_run, can_schedule_for, can_view
from learnhub.org.models import PartyPost, Role
from tests.discussions.builders import make_meeting
from tests.factories import make_member, make_unit


def test_a_branch_secretary_runs_their_own_branch_only():
    root = make_unit()
    branch, other = make_unit(root), make_unit(root)
    secretary = make_member(branch, party_post=PartyPost.SECRETARY.value)
    assert can_schedule_for(secretary, branch) and not can_schedule_for(secretary, other)
    assert not can_schedule_for(make_member(branch), branch)


def test_trainers_and_managers_above_schedule_admins_everywhere():
    root = make_unit()
    branch = make_unit(root)
    assert can_schedule_for(make_member(root, roles=(Role.TRAINER,)), branch)
    assert can_schedule_for(make_member(root, roles=(Role.MANAGER,)), branch)
    assert not can_schedule_for(make_member(branch, roles=(Role.TRAINER,)), root)


def test_host_recorder_invitees_and_strangers():
    branch = make_unit()
    host, recorder, invitee, stranger = (make_member(branch) for _ in range(4))
    meeting = make_meeting(branch, invitees=[invitee], host=host, recorder=recorder)
    assert can_run(host, meeting) and not can_run(recorder, meeting)
    assert can_record(recorder, meeting) and can_record(host, meeting)
    assert can_view(invitee, meeting) and not can_record(invitee, meeting)
    assert not can_view(stranger, meeting)
