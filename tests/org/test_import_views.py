"""The admin import pages: upload → preview (nothing written) → confirm → one-time passwords."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from learnhub.auth.passwords import verify_password
from learnhub.core.timeutil import now_utc
from learnhub.extensions import db
from learnhub.org.importing import staging
from learnhub.org.importing.models import StagedImport
from learnhub.org.importing.plan import plan_import
from learnhub.org.models import AuditEvent, Member, Role
from tests.factories import PASSWORD, make_member
from tests.html import find, one
from tests.org.import_files import HEADER, csv_file, make_import_units, row, xlsx_file


@pytest.fixture
def admin(login_as):
    root, *_ = make_import_units()
    member = make_member(root, employee_no="ADMIN1", roles=(Role.ADMIN,))
    login_as(member)
    return member


def _upload(post, data, filename="members.csv", **options):
    form = {"file": (io.BytesIO(data), filename), "issue_passwords": "y"}
    form.update(options)
    return post("/admin/members/import", form, content_type="multipart/form-data")


def _hidden(page, name):
    field = find(page, "input", type="hidden", name=name)
    assert field and field["value"], f"no hidden {name} on the page"
    return field["value"]


def _confirm(post, preview, **overrides):
    page = preview.get_data(as_text=True)
    form = {"token": _hidden(page, "token"), "digest": _hidden(page, "digest")}
    form.update(overrides)
    return post("/admin/members/import/confirm", form)


def _member(employee_no):
    return db.session.scalar(select(Member).where(Member.employee_no == employee_no))


def _staged():
    return db.session.scalar(select(func.count(StagedImport.id)))


def _counts():
    return (db.session.scalar(select(func.count(Member.id))),
            db.session.scalar(select(func.count(AuditEvent.id))))


@pytest.mark.parametrize("method,url", [
    ("get", "/admin/members/import"), ("post", "/admin/members/import"),
    ("post", "/admin/members/import/confirm"), ("get", "/admin/members/import/template.xlsx"),
    ("post", "/admin/members/import/done/" + "a" * 43 + "/passwords"),
    ("get", "/admin/members/import/done/" + "a" * 43),
])
def test_non_admin_gets_403(client, post, login_as, method, url):
    _, b1, *_ = make_import_units()
    login_as(make_member(b1, roles=(Role.MANAGER,)))
    response = post(url) if method == "post" else client.get(url)
    assert response.status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get("/admin/members/import")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_upload_page_explains_columns_and_links_the_templates(client, admin):
    page = client.get("/admin/members/import").get_data(as_text=True)
    assert "批量导入成员" in page
    assert "/admin/members/import/template.xlsx" in page
    assert "/admin/members/import/template.csv" in page
    assert "员工编号" in page  # an alias is documented
    assert find(page, "form", enctype="multipart/form-data")


def test_preview_shows_new_changed_and_missing_and_writes_nothing(client, post, admin):
    b1 = admin.unit  # IMP-ROOT; the branches are its children
    existing = make_member(b1, employee_no="E1", name="张三", position="技术员")
    make_member(b1, employee_no="GONE", name="王五")
    before = _counts()
    response = _upload(post, csv_file([row("E1", "张三", unit="IMP-ROOT", 职务="工程师"),
                                       row("E2", "李四"), row("ADMIN1", unit="IMP-ROOT")]))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert one(page, data_testid="count-new").text == "1"
    assert find(page, data_testid="count-changed")
    assert "职务：技术员 → 工程师" in page
    assert "GONE" in page and "不在文件中的在册成员" in page
    assert _counts() == before
    assert _member("E1").position == "技术员" and existing.active


def test_confirm_applies_exactly_the_preview_in_one_go(client, post, admin):
    make_member(admin.unit, employee_no="E1", position="技术员")
    preview = _upload(post, csv_file([row("E1", unit="IMP-ROOT", 职务="工程师"), row("E2", "李四")]))
    members, audits = _counts()
    response = _confirm(post, preview)
    assert response.status_code == 302
    assert "/admin/members/import/done/" in response.headers["Location"]
    assert _member("E1").position == "工程师"
    assert _member("E2").name == "李四" and _member("E2").must_change_password
    assert _counts() == (members + 1, audits + 1)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "member.import"))
    assert event.actor_id == admin.id and event.details["source"] == "web"
    done = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "导入完成" in done and "下载初始密码" in done


def test_confirm_without_csrf_token_is_refused(client, post, admin):
    preview = _upload(post, csv_file([row("E2")]))
    page = preview.get_data(as_text=True)
    response = client.post("/admin/members/import/confirm",
                           data={"token": _hidden(page, "token"), "digest": _hidden(page, "digest")})
    assert response.status_code == 400
    assert _member("E2") is None


def test_confirming_twice_writes_once_and_shows_the_same_result(client, post, admin):
    preview = _upload(post, csv_file([row("E2")]))
    first = _confirm(post, preview)
    assert first.status_code == 302
    members, audits = _counts()
    again = _confirm(post, preview)  # a double click, or the back button and confirm again
    assert again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert _counts() == (members, audits)


def test_a_confirm_in_progress_shows_a_wait_page(client, post, admin):
    preview = _upload(post, csv_file([row("E2")]))
    token = _hidden(preview.get_data(as_text=True), "token")
    staging.claim_upload(token, admin.id, now_utc())  # a confirm that has not finished
    response = client.get(f"/admin/members/import/done/{token}")
    assert response.status_code == 202
    assert "正在导入" in response.get_data(as_text=True)


def test_an_unknown_or_expired_result_is_404(client, admin):
    response = client.get("/admin/members/import/done/" + "b" * 43)
    assert response.status_code == 404
    assert "已经确认过或已过期" in response.get_data(as_text=True)


def test_another_admin_cannot_confirm_someone_elses_preview(client, post, admin, login_as):
    preview = _upload(post, csv_file([row("E2")]))
    login_as(make_member(admin.unit, roles=(Role.ADMIN,)))
    assert _confirm(post, preview).status_code == 404
    assert _member("E2") is None


def test_a_forged_token_is_refused(client, post, admin):
    response = post("/admin/members/import/confirm", {"token": "../../etc/passwd",
                                                      "digest": "x"})
    assert response.status_code == 404


def test_changes_after_the_preview_stop_the_confirm_and_show_a_new_preview(client, post, admin):
    member = make_member(admin.unit, employee_no="E1", position="技术员")
    preview = _upload(post, csv_file([row("E1", unit="IMP-ROOT", 职务="工程师"), row("E2")]))
    member.position = "车间主任"  # someone edits the member between preview and confirm
    db.session.commit()
    members, audits = _counts()
    response = _confirm(post, preview)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "预览之后成员数据有了变化" in page and "职务：车间主任 → 工程师" in page
    assert _counts() == (members, audits)
    assert _confirm(post, response).status_code == 302  # the new preview can be confirmed
    assert _member("E1").position == "工程师"


def test_bad_file_lists_every_problem_in_chinese_and_writes_nothing(client, post, admin):
    before = _counts(), _staged()
    response = _upload(post, csv_file([row("E1"), row("E2", 所属组织="XYZ", 入党日期="2020-02-30")]))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "第 3 行，“所属组织”列：组织编码 XYZ 不存在。" in page
    assert "第 3 行，“入党日期”列：“2020-02-30”不是有效日期" in page
    assert "文件中有 2 处问题，没有写入任何数据" in page
    assert (_counts(), _staged()) == before  # nothing staged either


def test_upload_without_a_file_asks_for_one(client, post, admin):
    response = post("/admin/members/import", {}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "请选择要导入的文件。" in response.get_data(as_text=True)


def test_deactivate_missing_from_the_ui(client, post, admin):
    make_member(admin.unit, employee_no="GONE")
    preview = _upload(post, csv_file([row("E1", unit="IMP-ROOT")]), deactivate_missing="y")
    page = preview.get_data(as_text=True)
    assert "将停用（1）" in page and "GONE" in page
    _confirm(post, preview)
    assert not _member("GONE").active
    assert _member("ADMIN1").active  # the admin is not in the file but is never deactivated


def test_xlsx_upload_with_date_cells(client, post, admin):
    values = row("E9", 入党日期=date(2019, 7, 1), 手机=13912345678)
    preview = _upload(post, xlsx_file([values]), filename="花名册.xlsx")
    assert preview.status_code == 200
    _confirm(post, preview)
    member = _member("E9")
    assert (member.joined_party_on, member.phone) == (date(2019, 7, 1), "13912345678")


def test_initial_passwords_download_once_with_bom_and_formula_guard(client, post, admin):
    preview = _upload(post, csv_file([row("E2", "=HYPERLINK(\"x\")"), row("E3", "李四")]))
    done_url = _confirm(post, preview).headers["Location"]
    response = post(done_url + "/passwords")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["工号", "姓名", "初始密码"]
    assert [r[:2] for r in rows[1:]] == [["E2", "'=HYPERLINK(\"x\")"], ["E3", "李四"]]
    for employee_no, _, password in rows[1:]:
        assert verify_password(_member(employee_no).password_hash, password)
    assert db.session.scalars(select(StagedImport.passwords)).all() == [None]  # no copy kept
    assert post(done_url + "/passwords").status_code == 404
    assert "初始密码文件已下载" in client.get(done_url).get_data(as_text=True)


def test_without_initial_passwords_new_members_cannot_log_in_yet(client, post, admin):
    form = {"file": (io.BytesIO(csv_file([row("E2")])), "m.csv")}
    preview = post("/admin/members/import", form, content_type="multipart/form-data")
    done_url = _confirm(post, preview).headers["Location"]
    assert _member("E2").password_hash is None
    assert "下载初始密码" not in client.get(done_url).get_data(as_text=True)


def test_reimporting_the_same_file_offers_nothing_to_confirm(client, post, admin):
    data = csv_file([row("E2")])
    _confirm(post, _upload(post, data))
    before = _counts()
    page = _upload(post, data).get_data(as_text=True)
    assert "文件与现有数据一致，没有需要写入的变更。" in page
    assert find(page, "input", name="token") is None
    assert _counts() == before


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_templates_have_the_headers_and_an_example_row_that_imports(client, admin, kind):
    response = client.get(f"/admin/members/import/template.{kind}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_data()
    if kind == "xlsx":
        sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
        header, example = [list(r) for r in sheet.iter_rows(values_only=True)][:2]
        sheet.parent.close()
    else:
        header, example = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[:2]
    assert header == HEADER
    assert example[0] == "10001"
    plan = plan_import(f"template.{kind}", data, deactivate_missing=False, actor=admin,
                       today=date(2026, 6, 1))
    assert [p.row.name for p in plan.new] == ["张三"]


def test_deactivating_by_import_ends_sessions_so_reactivating_does_not_revive_a_cookie(
        client, post, admin, login_as):
    member = make_member(admin.unit, employee_no="GONE")
    with client.session_transaction() as session:
        session.clear()
    post("/login", {"employee_no": "GONE", "password": PASSWORD})
    with client.session_transaction() as session:
        copied = dict(session)  # the member's cookie, copied to another device
    assert client.get("/").status_code == 200
    login_as(admin)
    _confirm(post, _upload(post, csv_file([row("E1", unit="IMP-ROOT")]), deactivate_missing="y"))
    assert not _member("GONE").active
    _confirm(post, _upload(post, csv_file([row("E1", unit="IMP-ROOT"),
                                           row("GONE", member.name, unit="IMP-ROOT")])))
    assert _member("GONE").active
    with client.session_transaction() as session:
        session.clear()
        session.update(copied)
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
