from datetime import date
from decimal import Decimal

import pytest

from learnhub.org.models import PartyPost, PoliticalStatus, Role
from learnhub.transcripts.requirements.status import member_standing, subtree_standings
from tests.factories import make_credit, make_member, make_unit
from tests.transcripts.builders import add_version, make_rule

PARTY = {"political_status": [PoliticalStatus.MEMBER.value, PoliticalStatus.PROBATIONARY.value]}


def test_no_rule_means_no_requirement(db):
    member = make_member()
    standing = member_standing(member, 2026, as_of=date(2026, 6, 1))
    assert not standing.requirement.applies and standing.met


def test_the_strictest_of_the_matching_rules_counts(db):
    make_rule(total="32", audience=PARTY)
    make_rule(total="56", audience={"party_post": [PartyPost.SECRETARY.value]})
    make_rule(total="90", online="50", audience={"cadre_level": ["*"]})
    secretary = make_member(party_post=PartyPost.SECRETARY.value)
    cadre = make_member(cadre_level="中层正职", political_status=PoliticalStatus.MASSES.value)
    standing = member_standing(secretary, 2026, as_of=date(2026, 6, 1))
    assert standing.requirement.total_hours == Decimal("56")
    assert len(standing.requirement.rule_names) == 2
    cadre_req = member_standing(cadre, 2026, as_of=date(2026, 6, 1)).requirement
    assert (cadre_req.total_hours, cadre_req.online_hours) == (Decimal("90"), Decimal("50"))


def test_earned_and_online_hours_are_summed_for_the_year_only(db):
    make_rule(total="4", online="2", audience=PARTY)
    member = make_member()
    make_credit(member, "1.5", kind="course")
    make_credit(member, "1", kind="meeting")
    make_credit(member, "9", kind="course", occurred_on=date(2025, 12, 31))
    standing = member_standing(member, 2026, as_of=date(2026, 6, 1))
    assert (standing.earned_hours, standing.online_hours) == (Decimal("2.50"), Decimal("1.50"))
    assert standing.hours_missing == Decimal("1.50") and standing.online_missing == Decimal("0.50")
    assert not standing.met


def test_a_later_version_counts_from_its_effective_date(db):
    rule = make_rule(total="32", audience=PARTY)
    add_version(rule, total="40", audience=PARTY, effective_from=date(2026, 7, 1))
    member = make_member()
    assert member_standing(member, 2026, as_of=date(2026, 6, 30)).requirement.total_hours == 32
    assert member_standing(member, 2026, as_of=date(2026, 7, 1)).requirement.total_hours == 40


def test_a_retired_rule_no_longer_applies(db):
    rule = make_rule(total="32", audience=PARTY)
    add_version(rule, total="32", audience=PARTY, effective_from=date(2026, 3, 1), active=False)
    assert not member_standing(make_member(), 2026, as_of=date(2026, 4, 1)).requirement.applies


def test_a_unit_rule_reaches_its_subtree_only(db):
    root = make_unit()
    inside, outside = make_unit(root), make_unit(root)
    make_rule(total="10", unit=inside)
    assert member_standing(make_member(inside), 2026).requirement.total_hours == 10
    assert not member_standing(make_member(outside), 2026).requirement.applies


@pytest.mark.parametrize("with_roles", [False, True])
def test_subtree_standings_agree_with_one_member_at_a_time(db, count_queries, with_roles):
    root = make_unit()
    branches = [make_unit(root) for _ in range(3)]
    make_rule(total="32", online="8", audience=PARTY)
    make_rule(total="56", audience={"roles": ["trainer"]} if with_roles else
              {"party_post": [PartyPost.SECRETARY.value]})
    members = []
    for index, branch in enumerate(branches * 3):
        member = make_member(branch, party_post=PartyPost.SECRETARY.value if index % 4 == 0 else "",
                             roles=(Role.TRAINER,) if index % 3 == 0 else ())
        make_credit(member, str(index), kind="course" if index % 2 else "meeting")
        members.append(member)
    expected = {m.id: member_standing(m, 2026, as_of=date(2026, 6, 1)) for m in members}
    with count_queries() as log:
        found = dict(subtree_standings(root, 2026, as_of=date(2026, 6, 1)))
    assert found == expected
    assert len(log) <= 4


def test_subtree_standings_tell_members_of_a_unit_rule_apart_from_their_peers(db):
    root = make_unit()
    inside, outside = make_unit(root), make_unit(root)
    make_rule(total="10", unit=inside, audience=PARTY)
    make_rule(total="4", audience=PARTY)
    members = [make_member(unit) for unit in (inside, outside, inside, outside)]
    found = dict(subtree_standings(root, 2026, as_of=date(2026, 6, 1)))
    assert [found[m.id].requirement.total_hours for m in members] == [10, 4, 10, 4]
