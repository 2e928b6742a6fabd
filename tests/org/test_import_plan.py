"""Import plans and applying them: new / changed / unchanged / missing, all or nothing, audit."""

from datetime import date

import pytest
from sqlalchemy import func, select

from learnhub.auth.passwords import password_problems, verify_password
from learnhub.core.timeutil import now_utc
from learnhub.extensions import db
from learnhub.org.grants.services import LastAdmin
from learnhub.org.importing.plan import ImportInvalid, apply_plan, plan_import
from learnhub.org.models import AuditEvent, Member, Role
from tests.factories import make_member
from tests.org.import_files import HEADER, csv_file, make_import_units, row

TODAY = date(2026, 6, 1)


def _plan(data, *, deactivate_missing=False, actor=None, filename="m.csv"):
    return plan_import(filename, data, deactivate_missing=deactivate_missing, actor=actor,
                       today=TODAY)


def _import(data, **kwargs):
    issue = kwargs.pop("issue_passwords", False)
    plan = _plan(data, **kwargs)
    return plan, apply_plan(plan, kwargs.get("actor"), now=now_utc(), source="test",
                            issue_passwords=issue)


def _member(employee_no):
    return db.session.scalar(select(Member).where(Member.employee_no == employee_no))


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_new_members_are_created_without_a_usable_password_and_must_change_it():
    make_import_units()
    _import(csv_file([row("E1", "张三", 入党日期="2020年7月1日", 干部级别="中层副职")]))
    member = _member("E1")
    assert (member.name, member.unit.code, member.joined_party_on, member.cadre_level) == (
        "张三", "IMP-B1", date(2020, 7, 1), "中层副职")
    assert member.active and member.must_change_password
    assert member.password_hash is None


def test_plan_lists_changed_fields_with_old_and_new_values():
    _, b1, b2, _, _ = make_import_units()
    make_member(b1, employee_no="E1", name="张三", position="技术员", phone="13800138000",
                email="e1@example.com", joined_party_on=date(2015, 7, 1))
    plan = _plan(csv_file([row("E1", "张三", unit="IMP-B2", 职务="工程师")]))
    changes = [(c.field, c.old, c.new) for c in plan.changed[0].changes]
    assert changes == [("unit_code", "IMP-B1", "IMP-B2"), ("position", "技术员", "工程师")]
    assert plan.counts == {"new": 0, "changed": 1, "unchanged": 0, "missing": 0,
                           "deactivated": 0}


def test_applying_changes_updates_the_member():
    _, b1, b2, _, _ = make_import_units()
    make_member(b1, employee_no="E1", position="技术员")
    _import(csv_file([row("E1", "新名字", unit="IMP-B2", 职务="工程师")]))
    member = _member("E1")
    assert (member.name, member.unit.code, member.position) == ("新名字", "IMP-B2", "工程师")


def test_reimporting_the_same_file_changes_nothing():
    make_import_units()
    data = csv_file([row("E1"), row("E2", "李四", 入党日期="", 邮箱="", 手机="")])
    _import(data)
    before = [(m.employee_no, m.updated_at) for m in db.session.scalars(
        select(Member).order_by(Member.employee_no))]
    plan, result = _import(data)
    assert plan.counts == {"new": 0, "changed": 0, "unchanged": 2, "missing": 0,
                           "deactivated": 0}
    assert not plan.writes_anything
    after = [(m.employee_no, m.updated_at) for m in db.session.scalars(
        select(Member).order_by(Member.employee_no))]
    assert after == before


def test_absent_optional_column_keeps_the_stored_value():
    _, b1, *_ = make_import_units()
    make_member(b1, employee_no="E1", name="张三", cadre_level="中层正职", position="技术员",
                joined_party_on=date(2015, 7, 1), email="e1@example.com", phone="13800138000")
    header = [h for h in HEADER if h not in ("干部级别", "入党日期")]
    values = [v for h, v in zip(HEADER, row("E1"), strict=True) if h in header]
    plan = _plan(csv_file([values], header))
    assert [p.row.employee_no for p in plan.unchanged] == ["E1"]


def test_empty_cell_in_a_present_column_clears_the_value():
    _, b1, *_ = make_import_units()
    make_member(b1, employee_no="E1", name="张三", position="技术员", cadre_level="",
                joined_party_on=date(2015, 7, 1), email="e1@example.com", phone="13800138000")
    plan = _plan(csv_file([row("E1", 手机="")]))
    assert [(c.field, c.old, c.new) for c in plan.changed[0].changes] == [
        ("phone", "13800138000", "")]


def test_an_inactive_member_in_the_file_is_reactivated():
    _, b1, *_ = make_import_units()
    make_member(b1, employee_no="E1", name="张三", position="技术员", active=False,
                joined_party_on=date(2015, 7, 1), email="e1@example.com", phone="13800138000")
    plan, _ = _import(csv_file([row("E1")]))
    assert [(c.field, c.old, c.new) for c in plan.changed[0].changes] == [
        ("active", "false", "true")]
    assert _member("E1").active


def test_missing_members_are_listed_but_kept_without_the_option():
    _, b1, b2, g1, _ = make_import_units()
    make_member(g1, employee_no="GONE1")  # in a group under a named branch: in scope
    make_member(b2, employee_no="OTHER")  # in a branch the file does not name
    plan, _ = _import(csv_file([row("E1", unit="IMP-B1")]))
    assert [m.employee_no for m in plan.missing] == ["GONE1"]
    assert plan.counts["deactivated"] == 0
    assert _member("GONE1").active


def test_deactivate_missing_deactivates_only_members_under_the_named_units():
    _, b1, b2, g1, _ = make_import_units()
    make_member(g1, employee_no="GONE1")
    make_member(b1, employee_no="GONE2")
    make_member(b1, employee_no="LEFT_ALREADY", active=False)
    make_member(b2, employee_no="OTHER")
    plan, result = _import(csv_file([row("E1", unit="IMP-B1")]), deactivate_missing=True)
    assert sorted(m.employee_no for m in plan.missing) == ["GONE1", "GONE2"]
    assert result.counts["deactivated"] == 2
    assert not _member("GONE1").active and not _member("GONE2").active
    assert _member("OTHER").active


def test_the_acting_admin_is_never_deactivated_by_their_own_import():
    _, b1, *_ = make_import_units()
    admin = make_member(b1, employee_no="ADMIN1")
    plan, _ = _import(csv_file([row("E1")]), deactivate_missing=True, actor=admin)
    assert plan.missing == [] and plan.actor_missing
    assert _member("ADMIN1").active


def test_deactivating_by_import_ends_the_members_sessions():
    _, b1, *_ = make_import_units()
    gone = make_member(b1, employee_no="GONE")
    version = gone.session_version
    _import(csv_file([row("E1")]), deactivate_missing=True)
    assert not gone.active and gone.session_version == version + 1


def test_an_import_cannot_deactivate_every_active_admin():
    _, b1, *_ = make_import_units()
    make_member(b1, employee_no="ADMIN1", roles=(Role.ADMIN,))  # the command has no actor
    with pytest.raises(LastAdmin):
        _import(csv_file([row("E1")]), deactivate_missing=True)


def test_one_bad_row_writes_nothing():
    _, b1, *_ = make_import_units()
    make_member(b1, employee_no="E1", position="技术员")
    members_before, audits_before = _count(Member), _count(AuditEvent)
    data = csv_file([row("E1", 职务="工程师"), row("E2"), row("E3", 所属组织="NOPE")])
    with pytest.raises(ImportInvalid):
        _plan(data, deactivate_missing=True)
    assert (_count(Member), _count(AuditEvent)) == (members_before, audits_before)
    assert _member("E1").position == "技术员"


def test_apply_records_one_audit_event_with_counts_and_members():
    _, b1, *_ = make_import_units()
    make_member(b1, employee_no="E1", position="技术员")
    make_member(b1, employee_no="GONE")
    admin = make_member(b1, employee_no="ADMIN1")
    audits_before = _count(AuditEvent)
    _, result = _import(csv_file([row("E1", 职务="工程师"), row("E2"), row("ADMIN1")]),
                        deactivate_missing=True, actor=admin)
    assert _count(AuditEvent) == audits_before + 1
    event = db.session.get(AuditEvent, result.audit_id)
    assert event.action == "member.import" and event.actor_id == admin.id
    assert event.details["counts"]["new"] == 1
    assert event.details["created"] == ["E2"]
    assert event.details["changed"]["E1"]["position"] == ["技术员", "工程师"]
    assert event.details["deactivated"] == ["GONE"]
    assert "新增 1，变更" in event.summary


def test_initial_passwords_pass_the_rules_and_verify_against_the_stored_hash():
    make_import_units()
    rows = [row(f"E{n}", f"成员{n}") for n in range(10)]
    _, result = _import(csv_file(rows), issue_passwords=True)
    assert len(result.passwords) == 10
    assert len({p.password for p in result.passwords}) == 10
    for issued in result.passwords:
        assert password_problems(issued.password, issued.employee_no) == []
        member = _member(issued.employee_no)
        assert verify_password(member.password_hash, issued.password)
        assert member.must_change_password


def test_plan_digest_changes_when_the_database_changes_after_the_preview():
    _, b1, *_ = make_import_units()
    member = make_member(b1, employee_no="E1", position="技术员")
    data = csv_file([row("E1", 职务="工程师")])
    first = _plan(data).digest()
    assert _plan(data).digest() == first
    member.position = "车间主任"
    db.session.flush()
    assert _plan(data).digest() != first


def test_planning_uses_bulk_lookups_not_a_query_per_row(count_queries):
    _, b1, *_ = make_import_units()
    for n in range(300):
        make_member(b1, employee_no=f"E{n}", password=None)
    data = csv_file([row(f"E{n}", unit="IMP-B1") for n in range(1200)])
    with count_queries() as queries:
        plan = _plan(data, deactivate_missing=True)
    assert (len(plan.new), len(plan.changed) + len(plan.unchanged)) == (900, 300)
    # units once, members by 工号 in chunks of 500 (3), members under the named unit once
    assert len(queries) <= 6, queries.sent


def test_a_concurrent_insert_of_the_same_employee_no_is_a_conflict_not_a_crash():
    from learnhub.org.importing.plan import ImportConflict

    _, b1, *_ = make_import_units()
    plan = _plan(csv_file([row("E1")]))
    make_member(b1, employee_no="E1")  # another admin's import got there first
    with pytest.raises(ImportConflict):
        apply_plan(plan, None, now=now_utc(), source="test")
