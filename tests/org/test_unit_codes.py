"""Unit codes compare without regard to case (an HR sheet's imp-b1 is unit IMP-B1) in the
import, the forms and the CLI; each unit keeps the spelling it was created with, and no two
units may differ only by case."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from learnhub.core.timeutil import now_utc
from learnhub.courses.assignments.audience import unit_paths
from learnhub.extensions import db
from learnhub.org.importing.plan import apply_plan, plan_import
from learnhub.org.models import Member, Role, RoleGrant, Unit, UnitKind
from learnhub.org.units.services import DuplicateCode, create_unit, unit_by_code
from tests.factories import make_member, make_unit
from tests.org.admin_support import admin_on_new_tree
from tests.org.import_files import csv_file, make_import_units, row

TODAY = date(2026, 6, 1)


def _member(employee_no: str) -> Member:
    return db.session.scalar(select(Member).where(Member.employee_no == employee_no))


def test_a_code_is_found_whatever_its_case_and_keeps_its_spelling():
    unit = make_unit(code="GB01-B01")
    assert unit_by_code("gb01-b01") is unit and unit_by_code(" Gb01-B01 ") is unit
    assert unit.code == "GB01-B01"


def test_a_code_that_differs_only_by_case_is_taken():
    make_unit(code="GB01-B01")
    with pytest.raises(DuplicateCode):
        create_unit(None, code="gb01-b01", name="重复", kind=UnitKind.BRANCH, parent=None)


def test_the_database_refuses_two_codes_that_differ_only_by_case():
    make_unit(code="GB01-B01")
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(Unit(code="Gb01-b01", name="绕过服务", kind=UnitKind.BRANCH, path="/x/"))
        db.session.flush()


def test_the_unit_form_refuses_a_code_that_differs_only_by_case(client, login_as, post):
    admin, root = admin_on_new_tree()
    login_as(admin)
    response = post("/admin/units/new", {"code": root.code.lower(), "name": "重复",
                                         "kind": "branch", "parent_code": ""})
    assert response.status_code == 422
    assert f"组织编码 {root.code.lower()} 已存在。" in response.get_data(as_text=True)


def test_forms_take_a_unit_code_in_any_case(client, login_as, post):
    admin, root = admin_on_new_tree()
    branch = make_unit(root, code="GB01-B01")
    member = make_member(root)
    login_as(admin)
    response = post("/admin/grants", {"employee_no": member.employee_no, "role": "manager",
                                      "unit_code": "gb01-b01"})
    assert response.status_code == 302
    assert db.session.scalar(select(RoleGrant.unit_id).where(
        RoleGrant.member_id == member.id, RoleGrant.role == Role.MANAGER)) == branch.id
    page = client.get("/admin/members?unit=gB01-b01").get_data(as_text=True)
    assert "GB01-B01" in page and "组织编码 gB01-b01 不存在" not in page


def test_an_import_matches_unit_codes_without_regard_to_case():
    _, b1, b2, *_ = make_import_units()
    make_member(b1, employee_no="E1", name="张三", position="技术员",
                email="e1@example.com", phone="13800138000")
    make_member(b1, employee_no="GONE")
    plan = plan_import("m.csv", csv_file([row("E1", unit="imp-b1"), row("E2", unit="Imp-B2")]),
                       deactivate_missing=True, actor=None, today=TODAY)
    assert [p.row.employee_no for p in plan.unchanged] == ["E1"]  # not a change of unit
    assert [m.employee_no for m in plan.missing] == ["GONE"]  # imp-b1 names IMP-B1's subtree
    apply_plan(plan, None, now=now_utc(), source="test")
    assert _member("E2").unit_id == b2.id and not _member("GONE").active
    assert sorted(u.code for u in plan.scope) == ["IMP-B1", "IMP-B2"]  # stored spellings


def test_the_import_command_takes_unit_codes_in_any_case(app, tmp_path):
    make_import_units()
    db.session.commit()  # the command's own rollback must not take the fixtures with it
    path = tmp_path / "members.csv"
    path.write_bytes(csv_file([row("E1", unit="imp-b1")]))
    result = app.test_cli_runner().invoke(args=["members", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "new        E1 张三 IMP-B1" in result.stdout
    assert _member("E1").unit.code == "IMP-B1"


def test_course_audience_unit_codes_match_without_regard_to_case():
    unit = make_unit(code="GB01-B01")
    assert unit_paths(["gb01-b01", "NONE"]) == {"gb01-b01": unit.path}
