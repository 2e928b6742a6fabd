import pytest
from sqlalchemy import select

from learnhub.core.timeutil import now_utc
from learnhub.extensions import limiter
from learnhub.org.models import AuditEvent, Role
from learnhub.transcripts.documents import codes, services
from learnhub.transcripts.documents.models import IssuedDocument
from learnhub.transcripts.transcript.services import build_transcript
from tests.factories import make_credit, make_member, make_unit
from tests.html import find


def _issue(member, year=2026):
    transcript = build_transcript(member, year)
    return services.issue_transcript(transcript, actor=None, now=now_utc())


def _main(response) -> str:
    return find(response.get_data(as_text=True), "main").text


def test_valid_code_shows_the_summary_and_nothing_else(client, db):
    member = make_member(make_unit(name="机关第二党支部"), name="李昇", phone="13800000000",
                         position="科长", email="li@example.cn")
    make_credit(member, "3.5", kind="course")
    make_credit(member, "2", kind="manual")
    document = _issue(member)

    response = client.get(f"/verify/{document.code}")  # no login
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    text = _main(response)
    for shown in ("验证通过", "李昇", "机关第二党支部", "2026", "5.50", "3.50"):
        assert shown in text
    for hidden in (member.employee_no, "13800000000", "科长", "li@example.cn", "course",
                   "线下学习"):
        assert hidden not in text


def test_code_typed_with_dashes_and_lower_case_leads_to_the_same_document(client, db):
    document = _issue(make_member())
    typed = codes.grouped(document.code).lower()
    response = client.get("/verify", query_string={"code": typed})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/verify/{document.code}")


def test_altered_code_is_told_apart_from_an_unknown_one(client, app, db):
    document = _issue(make_member())
    flipped = ("B" if document.code[3] == "A" else "A")
    altered = document.code[:3] + flipped + document.code[4:]
    response = client.get(f"/verify/{altered}")
    assert response.status_code == 404 and "已被改动或无效" in _main(response)
    assert "已被改动或无效" in _main(client.get("/verify/not-a-code"))

    never_issued = codes.new_code(app.config["SECRET_KEY"])
    response = client.get(f"/verify/{never_issued}")
    assert response.status_code == 404 and "没有使用此验证码的文件" in _main(response)


def test_stored_code_stays_valid_after_the_secret_key_changes(app, db):
    document = _issue(make_member())
    assert not codes.is_well_formed(document.code, "another-key")
    with app.test_request_context():
        app.config["SECRET_KEY"], old = "another-key", app.config["SECRET_KEY"]
        try:
            assert services.verify(document.code).state == "valid"
        finally:
            app.config["SECRET_KEY"] = old


def test_revoked_code_says_when_and_why_and_the_revocation_is_audited(post, login_as, client, db):
    admin = make_member(roles=(Role.ADMIN,))
    member = make_member()
    document = _issue(member)
    login_as(admin)
    listing = client.get("/admin/documents", query_string={"q": member.employee_no})
    assert document.code in listing.get_data(as_text=True)
    assert post(f"/admin/documents/{document.id}/revoke", {"reason": ""}).status_code == 422
    response = post(f"/admin/documents/{document.id}/revoke", {"reason": "学时登记有误，已重新出具"})
    assert response.status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "document.revoke"))
    assert event.actor_id == admin.id and event.object_id == str(document.id)

    client.get("/logout")
    text = _main(client.get(f"/verify/{document.code}"))
    assert "已撤销" in text or "撤销" in text
    assert "学时登记有误，已重新出具" in text and member.name not in text


def test_only_admins_open_the_list_of_documents(login_as, client, db):
    manager = make_member(roles=(Role.MANAGER,))
    login_as(manager)
    assert client.get("/admin/documents").status_code == 403


def test_downloading_twice_reuses_the_code_until_the_totals_change(login_as, client, db):
    member = make_member()
    make_credit(member, "2")
    login_as(member)
    assert client.get("/me/transcript.pdf?year=2026").status_code == 200
    assert client.get("/me/transcript.pdf?year=2026").status_code == 200
    assert len(db.session.scalars(select(IssuedDocument)).all()) == 1
    make_credit(member, "1")
    client.get("/me/transcript.pdf?year=2026")
    summaries = [d.summary["earned"] for d in db.session.scalars(select(IssuedDocument))]
    assert sorted(summaries) == ["2.00", "3.00"]


@pytest.fixture
def limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, VERIFY_LIMIT_PER_IP="5 per minute")
    limiter.reset()
    return app.test_client()


def test_verify_is_rate_limited_per_address(limited):
    statuses = [limited.get(f"/verify/GUESS{n}").status_code for n in range(6)]
    assert statuses == [404] * 5 + [429]
