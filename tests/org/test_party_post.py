"""党内职务 (Member.party_post): the column and its CHECK, the member form and page, the import."""

from datetime import date

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from learnhub.core.timeutil import now_utc
from learnhub.extensions import db
from learnhub.org.importing.plan import ImportInvalid, apply_plan, plan_import
from learnhub.org.members.services import member_by_employee_no
from learnhub.org.models import AuditEvent, Member, PartyPost
from tests.factories import make_member
from tests.html import find, find_all
from tests.org.admin_support import admin_on_new_tree
from tests.org.import_files import HEADER, csv_file, make_import_units, row, xlsx_file

TODAY = date(2026, 6, 1)
NEW_MEMBER = {"employee_no": "N000777", "name": "孙书记", "political_status": "中共党员",
              "position": "车间主任", "cadre_level": "", "joined_party_on": "2010-07-01",
              "email": "", "phone": ""}


def _plan(data, **kwargs):
    kwargs.setdefault("deactivate_missing", False)
    return plan_import(kwargs.pop("filename", "m.csv"), data, actor=None, today=TODAY,
                       **kwargs)


def _problems(data, filename="m.csv"):
    with pytest.raises(ImportInvalid) as caught:
        _plan(data, filename=filename)
    return [p.cli_line() for p in caught.value.problems]


# -- the column ----------------------------------------------------------------------------

def test_a_member_has_no_party_post_by_default():
    assert make_member().party_post == ""


def test_the_database_refuses_a_party_post_outside_the_list():
    member = make_member(party_post=PartyPost.SECRETARY.value)
    assert member.party_post == "书记"
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(update(Member).where(Member.id == member.id)
                           .values(party_post="支部书记"))


# -- the member form and page --------------------------------------------------------------

def test_the_form_offers_the_posts_and_none(client, login_as):
    admin, _ = admin_on_new_tree()
    login_as(admin)
    page = client.get("/admin/members/new").get_data(as_text=True)
    select_ = find(page, "select", name="party_post")
    assert select_ is not None
    options = find_all(select_, "option")
    assert [o["value"] for o in options] == ["", "书记", "副书记", "委员", "党小组组长"]
    assert options[0].text == "无"
    assert find(page, "label", text="党内职务") is not None


def test_creating_a_member_with_a_post_stores_and_audits_it(client, login_as, post):
    admin, root = admin_on_new_tree()
    login_as(admin)
    response = post("/admin/members/new", {**NEW_MEMBER, "unit_code": root.code,
                                           "party_post": "书记"})
    assert response.status_code == 200
    member = member_by_employee_no("N000777")
    assert member.party_post == "书记"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "member.create",
                                                       AuditEvent.object_id == str(member.id)))
    assert event.details["party_post"] == "书记"


def test_a_member_created_without_the_field_has_no_post(client, login_as, post):
    admin, root = admin_on_new_tree()
    login_as(admin)
    post("/admin/members/new", {**NEW_MEMBER, "unit_code": root.code})
    assert member_by_employee_no("N000777").party_post == ""


def test_an_unknown_post_is_refused_on_the_form(client, login_as, post):
    admin, root = admin_on_new_tree()
    login_as(admin)
    response = post("/admin/members/new", {**NEW_MEMBER, "unit_code": root.code,
                                           "party_post": "总书记"})
    assert response.status_code == 422
    assert member_by_employee_no("N000777") is None


def test_editing_the_post_is_recorded_and_shown(client, login_as, post):
    admin, root = admin_on_new_tree()
    member = make_member(root, position="科员", party_post="委员")
    login_as(admin)
    edit = client.get(f"/admin/members/{member.id}/edit").get_data(as_text=True)
    assert find(find(edit, "select", name="party_post"), "option", value="委员",
                selected=True) is not None
    form = {"employee_no": member.employee_no, "name": member.name, "unit_code": root.code,
            "political_status": member.political_status, "position": "科员",
            "joined_party_on": "2015-07-01", "party_post": "副书记"}
    assert post(f"/admin/members/{member.id}/edit", form).status_code == 302
    assert member.party_post == "副书记"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "member.update",
                                                       AuditEvent.object_id == str(member.id)))
    assert event.details == {"party_post": ["委员", "副书记"]}
    page = client.get(f"/admin/members/{member.id}").get_data(as_text=True)
    assert "党内职务" in page and "副书记" in page


def test_the_member_page_says_the_post_in_english(client, login_as):
    admin, root = admin_on_new_tree()
    admin.locale = "en"
    member = make_member(root, party_post="党小组组长")
    login_as(admin)
    page = client.get(f"/admin/members/{member.id}").get_data(as_text=True)
    assert "Party post" in page and "Party group leader" in page


# -- the import ----------------------------------------------------------------------------

def test_import_sets_the_post_and_reads_common_spellings():
    make_import_units()
    plan = _plan(csv_file([row("E1", 党内职务="书记"), row("E2", 党内职务="党支部副书记"),
                           row("E3", 党内职务="组织委员"), row("E4", 党内职务="党小组长"),
                           row("E5", 党内职务=""), row("E6", 党内职务="无")]))
    assert [p.row.party_post for p in plan.new] == ["书记", "副书记", "委员", "党小组组长", "", ""]
    apply_plan(plan, None, now=now_utc(), source="test")
    assert member_by_employee_no("E3").party_post == "委员"


def test_import_accepts_the_header_党组织职务():
    make_import_units()
    header = ["党组织职务" if h == "党内职务" else h for h in HEADER]
    plan = _plan(xlsx_file([row("E1", 党内职务="委员")], header), filename="m.xlsx")
    assert plan.new[0].row.party_post == "委员"
    assert "party_post" in plan.fields


def test_import_reports_an_unknown_post_by_row_and_column():
    make_import_units()
    assert _problems(csv_file([row("E1"), row("E2", 党内职务="书计")])) == [
        "row 3, column 党内职务: 无法识别“书计”，可填：书记、副书记、委员、党小组组长，或留空。"]


def test_import_reports_the_column_as_the_file_names_it():
    make_import_units()
    header = ["党组织职务" if h == "党内职务" else h for h in HEADER]
    assert _problems(csv_file([row("E1", 党内职务="主席")], header)) == [
        "row 2, column 党组织职务: 无法识别“主席”，可填：书记、副书记、委员、党小组组长，或留空。"]


def test_a_changed_post_is_a_change_in_the_plan_and_the_same_post_is_not():
    _, b1, *_ = make_import_units()
    make_member(b1, employee_no="E1", name="张三", position="技术员", party_post="委员",
                joined_party_on=date(2015, 7, 1), email="e1@example.com", phone="13800138000")
    make_member(b1, employee_no="E2", name="张三", position="技术员", party_post="委员",
                joined_party_on=date(2015, 7, 1), email="e2@example.com", phone="13800138000")
    plan = _plan(csv_file([row("E1", 党内职务="支部书记"), row("E2", 党内职务="宣传委员")]))
    assert [(c.field, c.old, c.new) for c in plan.changed[0].changes] == [
        ("party_post", "委员", "书记")]
    assert [p.row.employee_no for p in plan.unchanged] == ["E2"]
    apply_plan(plan, None, now=now_utc(), source="test")
    assert member_by_employee_no("E1").party_post == "书记"


def test_an_empty_cell_clears_the_post_and_an_absent_column_keeps_it():
    _, b1, *_ = make_import_units()
    for number in ("E1", "E2"):
        make_member(b1, employee_no=number, name="张三", position="技术员", party_post="书记",
                    joined_party_on=date(2015, 7, 1), email=f"{number.lower()}@example.com",
                    phone="13800138000")
    cleared = _plan(csv_file([row("E1")]))
    assert [(c.field, c.old, c.new) for c in cleared.changed[0].changes] == [
        ("party_post", "书记", "")]
    header = [h for h in HEADER if h != "党内职务"]
    values = [v for h, v in zip(HEADER, row("E2"), strict=True) if h in header]
    kept = _plan(csv_file([values], header))
    assert "party_post" not in kept.fields
    assert [p.row.employee_no for p in kept.unchanged] == ["E2"]


def test_the_upload_page_explains_the_column(client, login_as):
    admin, _ = admin_on_new_tree()
    login_as(admin)
    page = client.get("/admin/members/import").get_data(as_text=True)
    cell = find(page, "th", scope="row", text="党内职务")
    assert cell is not None
    assert "党组织职务" in page

