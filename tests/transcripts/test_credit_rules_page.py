"""The page every member reads: how 学时 are counted, the live meeting kinds, and this
year's rules with the ones that apply to them."""

from datetime import date

from learnhub.core.timeutil import local_today, now_utc
from learnhub.org.models import PartyPost, PoliticalStatus
from learnhub.transcripts.requirements.defaults import (
    DEFAULT_RULES,
    requirements_needed,
    seed_requirements,
)
from learnhub.transcripts.requirements.status import member_standing
from tests.discussions.builders import make_kind
from tests.factories import make_credit, make_member
from tests.transcripts.builders import make_rule


def test_a_member_sees_the_credit_rules_the_kinds_and_their_own_requirement(login_as):
    year = local_today().year
    make_kind("theme_day", name="主题党日", credit_hours="2.5", late_counts=True, active=True)
    make_rule(year, total="32", audience={"political_status": [PoliticalStatus.MEMBER.value]},
              name="党员年度学习")
    make_rule(year, total="56", audience={"party_post": [PartyPost.SECRETARY.value]},
              name="书记年度学习")
    member = make_member(political_status=PoliticalStatus.MEMBER.value)
    make_credit(member, "4", kind="course", occurred_on=date(year, 3, 1))
    response = login_as(member).get("/credit-rules")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "主题党日" in page and "2.5" in page
    assert "课程" in page and "测验" in page and "线下学习" in page
    assert "应完成 32 学时" in page
    assert "党员年度学习" in page and "书记年度学习" in page
    assert page.count("<strong>适用</strong>") == 1


def test_the_page_needs_a_login(client):
    assert client.get("/credit-rules").status_code in (302, 401)


def test_the_demo_seeds_the_example_rules_for_this_year_and_the_last(db):
    year = local_today().year
    assert requirements_needed()
    seed_requirements(now_utc())
    assert not requirements_needed()
    secretary = make_member(party_post=PartyPost.SECRETARY.value)
    cadre = make_member(political_status=PoliticalStatus.MASSES.value, cadre_level="中层正职")
    for y in (year - 1, year):
        assert member_standing(secretary, y).requirement.total_hours == 56
        requirement = member_standing(cadre, y).requirement
        assert (requirement.total_hours, requirement.online_hours) == (90, 50)
    assert len(DEFAULT_RULES) == 3
