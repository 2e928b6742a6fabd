import io
from decimal import Decimal

from sqlalchemy import func, select

from learnhub.org.importing.models import StagedImport
from learnhub.org.models import Role
from learnhub.records.models import LedgerEntry
from learnhub.transcripts.offline.models import OfflineStatus, OfflineTraining
from tests.factories import make_grant, make_member, make_unit
from tests.transcripts.offline_builders import branch_with_manager

PDF = b"%PDF-1.4\n% test evidence\n"


def _declare(post, **extra):
    data = {"title": "党校培训", "provider": "市委党校", "started_on": "2026-01-05",
            "ended_on": "2026-01-06", "hours": "12", "note": "", **extra}
    return post("/offline-training/new", data, content_type="multipart/form-data")


def test_member_declares_with_evidence_and_manager_approves(db, client, login_as, post):
    _, manager, member = branch_with_manager()
    login_as(member)
    response = _declare(post, evidence=(io.BytesIO(PDF), "结业证书.pdf"))
    assert response.status_code == 302
    training = db.session.scalar(select(OfflineTraining))
    assert training.status == OfflineStatus.PENDING and training.evidence_name == "结业证书.pdf"
    page = client.get("/offline-training").get_data(as_text=True)
    assert "党校培训" in page and "待审核" in page
    evidence = client.get(f"/offline-training/{training.id}/evidence")
    assert evidence.data == PDF and evidence.content_type == "application/pdf"
    assert evidence.headers["Content-Disposition"].startswith("attachment;")
    assert evidence.headers["X-Content-Type-Options"] == "nosniff"

    login_as(manager)
    queue = client.get("/offline-training/review").get_data(as_text=True)
    assert "党校培训" in queue
    assert client.get(f"/offline-training/{training.id}/evidence").data == PDF
    assert post(f"/offline-training/review/{training.id}/approve").status_code == 302
    assert post(f"/offline-training/review/{training.id}/approve").status_code == 302
    hours = list(db.session.scalars(select(LedgerEntry.credit_hours)
                                    .where(LedgerEntry.member_id == member.id)))
    assert hours == [Decimal("12.00")]


def test_renamed_file_is_refused_as_evidence(db, client, login_as, post):
    _, _, member = branch_with_manager()
    login_as(member)
    response = _declare(post, evidence=(io.BytesIO(b"<html>"), "证书.pdf"))
    assert response.status_code == 422 and "扩展名不符" in response.get_data(as_text=True)
    assert db.session.scalar(select(OfflineTraining.id)) is None


def test_reject_requires_a_reason(db, client, login_as, post):
    _, manager, member = branch_with_manager()
    login_as(member)
    _declare(post)
    training = db.session.scalar(select(OfflineTraining))
    login_as(manager)
    url = f"/offline-training/review/{training.id}/reject"
    assert post(url, {"reason": ""}).status_code == 422
    assert post(url, {"reason": "日期不对"}).status_code == 302
    db.session.refresh(training)
    assert training.status == OfflineStatus.REJECTED and training.decision_reason == "日期不对"


def test_others_cannot_see_the_evidence_or_the_training(db, client, login_as, post):
    _, _, member = branch_with_manager()
    login_as(member)
    _declare(post, evidence=(io.BytesIO(PDF), "a.pdf"))
    training = db.session.scalar(select(OfflineTraining))
    peer = make_member(member.unit)
    elsewhere = make_unit(make_unit())
    stranger = make_member(elsewhere)
    make_grant(stranger, Role.MANAGER, elsewhere)
    login_as(peer)
    assert client.get(f"/offline-training/{training.id}/evidence").status_code == 404
    assert client.get("/offline-training/review").status_code == 403
    login_as(stranger)
    assert client.get(f"/offline-training/{training.id}/evidence").status_code == 404
    assert client.get(f"/offline-training/review/{training.id}").status_code == 404
    assert post(f"/offline-training/review/{training.id}/approve").status_code == 404
    assert "党校培训" not in client.get("/offline-training/review").get_data(as_text=True)
    assert client.get(f"/offline-training/review?unit={member.unit.code}").status_code == 404


def test_import_preview_then_confirm(db, client, login_as, post):
    _, manager, member = branch_with_manager()
    login_as(manager)
    data = ("工号,培训名称,举办单位,开始日期,结束日期,学时,备注\n"
            f"{member.employee_no},党校培训,党校,2026-01-01,2026-01-02,4,\n").encode()
    preview = post("/offline-training/import", {"file": (io.BytesIO(data), "t.csv")},
                          content_type="multipart/form-data")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "将导入 1 条" in page
    assert db.session.scalar(select(OfflineTraining.id)) is None
    token = _token(page)
    done = post("/offline-training/import/confirm", {"token": token})
    assert "导入 1 条" in done.get_data(as_text=True)
    replayed = post("/offline-training/import/confirm", {"token": token})
    assert replayed.status_code == 404 and "已经确认过" in replayed.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(StagedImport)) == 0
    again = _token(post("/offline-training/import", {"file": (io.BytesIO(data), "t.csv")},
                        content_type="multipart/form-data").get_data(as_text=True))
    assert "跳过已导入的 1 条" in post("/offline-training/import/confirm",
                                  {"token": again}).get_data(as_text=True)
    assert db.session.query(OfflineTraining).count() == 1


def _token(page: str) -> str:
    return page.split('name="token" type="hidden" value="')[1].split('"')[0]


def test_a_staged_import_is_only_its_managers(db, client, login_as, post):
    unit, manager, member = branch_with_manager()
    other = make_member(unit)
    make_grant(other, Role.MANAGER, unit)
    login_as(manager)
    data = ("工号,培训名称,举办单位,开始日期,结束日期,学时,备注\n"
            f"{member.employee_no},党校培训,党校,2026-01-01,2026-01-02,4,\n").encode()
    token = _token(post("/offline-training/import", {"file": (io.BytesIO(data), "t.csv")},
                        content_type="multipart/form-data").get_data(as_text=True))
    login_as(other)
    assert post("/offline-training/import/confirm", {"token": token}).status_code == 404
    assert db.session.query(OfflineTraining).count() == 0
    login_as(manager)
    assert "导入 1 条" in post("/offline-training/import/confirm",
                               {"token": token}).get_data(as_text=True)


def test_import_template_downloads(db, client, login_as, post):
    _, manager, _ = branch_with_manager()
    login_as(manager)
    csv = client.get("/offline-training/import/template.csv")
    assert csv.status_code == 200 and "工号,姓名,培训名称" in csv.get_data(as_text=True)
    assert client.get("/offline-training/import/template.xlsx").data.startswith(b"PK")
