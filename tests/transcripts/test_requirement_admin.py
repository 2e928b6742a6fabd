"""The admin pages of requirement rules: list, create through a preview, new versions,
retiring, validation and access."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from learnhub.extensions import db
from learnhub.org.models import AuditEvent, PartyPost, PoliticalStatus, Role
from learnhub.transcripts.requirements.models import RequirementRule, RequirementRuleVersion
from learnhub.transcripts.requirements.status import member_standing
from tests.courses.learning_support import make_course
from tests.factories import make_member, make_unit
from tests.transcripts.builders import make_rule

PARTY = {"political_status": [PoliticalStatus.MEMBER.value, PoliticalStatus.PROBATIONARY.value]}


def rule_form(**overrides) -> dict:
    data = {"name": "党员年度学习", "total_hours": "32", "online_hours": "0",
            "effective_from": "2026-01-01", "source": "测试依据",
            "political_status": [PoliticalStatus.MEMBER.value], "cadre_levels": "",
            "unit_code": "", "course_slugs": ""}
    data.update(overrides)
    return data


def admin():
    return make_member(roles=(Role.ADMIN,))


def test_non_admins_get_403_on_every_page(login_as):
    rule = make_rule()
    client = login_as(make_member(roles=(Role.MANAGER,)))
    for url in ("/admin/requirements", f"/admin/requirements/{rule.id}",
                "/admin/requirements/new", f"/admin/requirements/{rule.id}/edit",
                f"/admin/requirements/{rule.id}/retire", "/admin/years",
                "/admin/years/2025/close", "/admin/years/2025/corrections"):
        assert client.get(url).status_code == 403, url


def test_the_list_shows_a_years_rules_with_what_they_ask_and_since_when(login_as):
    make_rule(2026, total="56", online="10", name="支部委员学习",
              audience={"party_post": [PartyPost.SECRETARY.value]})
    make_rule(2025, total="12", name="去年的要求")
    page = login_as(admin()).get("/admin/requirements?year=2026").get_data(as_text=True)
    assert "支部委员学习" in page and "56" in page and "10" in page and "书记" in page
    assert "2026-01-01" in page or "2026年1月1日" in page
    assert "去年的要求" not in page


def test_creating_a_rule_previews_who_is_covered_then_saves_on_confirm(login_as, post):
    unit = make_unit()
    for _ in range(3):
        make_member(unit, political_status=PoliticalStatus.MEMBER.value, name="党员甲")
    make_member(unit, political_status=PoliticalStatus.MASSES.value, name="群众乙")
    login_as(admin())
    preview = post("/admin/requirements/new?year=2026", rule_form())
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "确认保存" in page
    assert "新纳入的成员：<strong>" in page and "党员甲" in page and "群众乙" not in page
    assert db.session.scalar(select(RequirementRule).where(RequirementRule.year == 2026)) is None
    saved = post("/admin/requirements/new?year=2026", {**rule_form(), "confirm": "1"})
    assert saved.status_code == 302
    version = db.session.scalar(select(RequirementRuleVersion))
    assert version.name == "党员年度学习" and version.total_hours == Decimal("32")
    assert version.audience == {"political_status": [PoliticalStatus.MEMBER.value]}
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "requirement_rule.create")) is not None


def test_preview_counts_newly_covered_members(login_as, post):
    unit = make_unit()
    members = [make_member(unit) for _ in range(4)]
    login_as(admin())
    page = post("/admin/requirements/new?year=2026", rule_form()).get_data(as_text=True)
    # Everyone active is counted, the four of this test among them.
    assert all(m.name in page for m in members[:4]) or "等" in page


def test_invalid_input_is_refused_in_chinese_and_nothing_typed_is_lost(login_as, post):
    login_as(admin())
    response = post("/admin/requirements/new?year=2026", rule_form(
        name="保留我", total_hours="10", online_hours="20", effective_from="2027-02-01",
        unit_code="NO-SUCH", course_slugs="no-such-course", cadre_levels="中层正职"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "网络学习学时不能多于总学时" in page
    assert 'value="保留我"' in page and 'value="中层正职"' in page
    assert 'value="no-such-course"' in page and 'value="NO-SUCH"' in page
    response = post("/admin/requirements/new?year=2026", rule_form(
        effective_from="2027-02-01", unit_code="NO-SUCH", course_slugs="ok-course, missing"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "生效日期必须在该年度之内" in page and "没有这个组织编码" in page
    assert "没有这些课程" in page and "missing" in page
    response = post("/admin/requirements/new?year=2026", rule_form(total_hours="-1"))
    assert response.status_code == 422 and "0 到 9999" in response.get_data(as_text=True)
    assert db.session.scalar(select(RequirementRule)) is None


def test_a_rule_takes_courses_by_slug_and_a_unit_by_code(login_as, post):
    course = make_course("party-rules")
    unit = make_unit(code="GBX")
    login_as(admin())
    post("/admin/requirements/new?year=2026", {**rule_form(
        course_slugs="party-rules", unit_code="gbx", any_cadre="y", cadre_levels="中层正职"),
        "confirm": "1"})
    version = db.session.scalar(select(RequirementRuleVersion))
    assert [link.course_id for link in db.session.scalars(
        select(RequirementRuleVersion.courses.property.mapper.class_))] == [course.id]
    assert version.unit_id == unit.id
    assert version.audience["cadre_level"] == ["*", "中层正职"]


def test_editing_adds_a_version_from_its_date_and_keeps_the_earlier_one(login_as, post):
    rule = make_rule(2026, total="32", audience=PARTY, name="党员年度学习")
    member = make_member()
    login_as(admin())
    form = post(f"/admin/requirements/{rule.id}/edit", {**rule_form(
        total_hours="40", effective_from="2026-07-01",
        political_status=PARTY["political_status"]), "confirm": "1"})
    assert form.status_code == 302
    versions = db.session.scalars(select(RequirementRuleVersion).where(
        RequirementRuleVersion.rule_id == rule.id).order_by(RequirementRuleVersion.number)).all()
    assert [(v.number, v.total_hours, v.effective_from) for v in versions] == [
        (1, Decimal("32.00"), date(2026, 1, 1)), (2, Decimal("40.00"), date(2026, 7, 1))]
    assert member_standing(member, 2026, as_of=date(2026, 6, 30)).requirement.total_hours == 32
    assert member_standing(member, 2026, as_of=date(2026, 7, 1)).requirement.total_hours == 40
    page = login_as(admin()).get(f"/admin/requirements/{rule.id}").get_data(as_text=True)
    assert "v1" in page and "v2" in page


def test_the_edit_preview_shows_whose_hours_change(login_as, post):
    rule = make_rule(2026, total="32", audience=PARTY)
    make_member(name="受影响者")
    login_as(admin())
    page = post(f"/admin/requirements/{rule.id}/edit", rule_form(
        total_hours="40", political_status=PARTY["political_status"],
        effective_from="2026-07-01")).get_data(as_text=True)
    assert "应完成学时有变化的成员：<strong>" in page and "受影响者" in page


def test_a_version_cannot_start_before_the_latest_one(login_as, post):
    rule = make_rule(2026, effective_from=date(2026, 7, 1))
    login_as(admin())
    response = post(f"/admin/requirements/{rule.id}/edit", rule_form(effective_from="2026-03-01"))
    assert response.status_code == 422
    assert "不能早于上一个版本" in response.get_data(as_text=True)


def test_retiring_a_rule_adds_an_inactive_version_after_a_preview(login_as, post):
    rule = make_rule(2026, total="32", audience=PARTY)
    member = make_member(name="不再适用者")
    login_as(admin())
    page = post(f"/admin/requirements/{rule.id}/retire",
                {"effective_from": "2026-09-01"}).get_data(as_text=True)
    assert "不再适用的成员：<strong>" in page and "不再适用者" in page
    assert post(f"/admin/requirements/{rule.id}/retire",
                {"effective_from": "2026-09-01", "confirm": "1"}).status_code == 302
    assert not member_standing(member, 2026, as_of=date(2026, 9, 1)).requirement.applies
    assert member_standing(member, 2026, as_of=date(2026, 8, 31)).requirement.applies


def test_posting_without_a_csrf_token_is_refused(login_as):
    client = login_as(admin())
    response = client.post("/admin/requirements/new?year=2026", data={**rule_form(),
                                                                      "confirm": "1"})
    assert response.status_code == 400
    assert db.session.scalar(select(RequirementRule)) is None


def test_the_preview_of_a_unit_rule_names_only_members_of_its_subtree(login_as, post):
    root = make_unit()
    inside, outside = make_unit(root, code="INSIDE"), make_unit(root)
    make_member(inside, name="组内成员")
    make_member(outside, name="组外成员")
    login_as(admin())
    page = post("/admin/requirements/new?year=2026", rule_form(
        unit_code="INSIDE", political_status=[])).get_data(as_text=True)
    assert "新纳入的成员：<strong>1</strong>" in page
    assert "组内成员" in page and "组外成员" not in page
