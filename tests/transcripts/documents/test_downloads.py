import io
import json
import re
from datetime import UTC, datetime
from decimal import Decimal

from pypdf import PdfReader
from sqlalchemy import select

from learnhub.cli import main
from learnhub.core.timeutil import local_today
from learnhub.courses.study.models import CourseCompletion
from learnhub.extensions import db as _db
from learnhub.org.models import Role
from learnhub.transcripts.documents.models import DocumentKind, IssuedDocument
from tests.courses.learning_support import current, make_course
from tests.factories import make_credit, make_member, make_unit


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def test_member_downloads_own_transcript_for_a_year_or_all_years(login_as, client, db):
    member = make_member()
    make_credit(member, "2")
    login_as(member)
    response = client.get("/me/transcript.pdf?year=2026")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    document = db.session.scalar(select(IssuedDocument))
    assert document.year == 2026 and document.code in _text(response.data).replace("-", "")
    assert "全部年度" in _text(client.get("/me/transcript.pdf?year=all").data)
    this_year = str(local_today().year)  # as the page: no year (or an odd one) is this year
    assert f"年度：{this_year}" in _text(client.get("/me/transcript.pdf").data)
    assert f"年度：{this_year}" in _text(client.get("/me/transcript.pdf?year=abc").data)


def test_verify_link_in_the_pdf_is_absolute(login_as, client, db):
    member = make_member()
    login_as(member)
    text = _text(client.get("/me/transcript.pdf?year=2026").data)
    code = db.session.scalar(select(IssuedDocument.code))
    assert f"http://localhost/verify/{code}" in text


def test_manager_downloads_transcripts_in_their_subtree_only(login_as, client, db):
    branch, other = make_unit(), make_unit()
    manager = make_member(branch, roles=(Role.MANAGER,))
    inside, outside = make_member(make_unit(branch)), make_member(other)
    login_as(manager)
    assert client.get(f"/members/{inside.id}/transcript.pdf?year=2026").status_code == 200
    assert client.get(f"/members/{outside.id}/transcript.pdf?year=2026").status_code == 404
    assert client.get("/members/999999/transcript.pdf").status_code == 404
    login_as(inside)
    assert client.get(f"/members/{manager.id}/transcript.pdf").status_code == 404


def _complete(member, course):
    entry = make_credit(member, "1.5", kind="course")
    completion = CourseCompletion(member_id=member.id, course_id=course.id,
                                  version_id=current(course).id, ledger_entry_id=entry.id,
                                  completed_at=datetime(2026, 5, 20, 2, 0, tzinfo=UTC))
    _db.session.add(completion)
    _db.session.flush()


def test_certificate_of_a_completed_course_verifies(login_as, client, db):
    member, course = make_member(), make_course()
    login_as(member)
    assert client.get(f"/me/certificates/{course.id}.pdf").status_code == 404
    _complete(member, course)
    page = client.get(f"/courses/{course.slug}").get_data(as_text=True)
    assert f"/me/certificates/{course.id}.pdf" in page
    response = client.get(f"/me/certificates/{course.id}.pdf")
    assert response.status_code == 200 and len(response.data) < 300 * 1024
    text = _text(response.data)
    assert "结业证书" in text and member.name in text and course.title in text
    assert "2026-05-20" in text and "1.50" in text
    document = db.session.scalar(select(IssuedDocument))
    assert document.kind is DocumentKind.CERTIFICATE and document.course_id == course.id
    verified = client.get(f"/verify/{document.code}").get_data(as_text=True)
    assert course.title in verified and "2026-05-20" in verified


def test_cli_writes_pdf_csv_and_json_with_the_same_totals(app, db, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://learnhub.example.cn/")
    member = make_member()
    make_credit(member, "2.25", kind="course")
    make_credit(member, "1", kind="manual")
    runner = app.test_cli_runner()
    outputs = {}
    for file_format in ("pdf", "csv", "json"):
        target = tmp_path / f"t.{file_format}"
        result = runner.invoke(main, ["transcript", member.employee_no, "--year", "2026",
                                      "--format", file_format, "-o", str(target)])
        assert result.exit_code == 0, result.output
        outputs[file_format] = target.read_bytes()
    code = db.session.scalar(select(IssuedDocument.code))
    assert "合计学时：3.25" in _text(outputs["pdf"])
    assert f"https://learnhub.example.cn/verify/{code}" in _text(outputs["pdf"])
    csv_text = outputs["csv"].decode("utf-8")
    assert csv_text.startswith("\ufeff") and "合计,,,3.25" in csv_text
    data = json.loads(outputs["json"])
    assert data["total"] == "3.25" and data["online_total"] == "2.25"
    assert Decimal(data["total"]) == sum(Decimal(g["total"]) for g in data["groups"])


def test_cli_unknown_employee_fails_with_one_line(app, db, tmp_path):
    target = tmp_path / "x.pdf"
    result = app.test_cli_runner().invoke(main, ["transcript", "NOBODY", "-o", str(target)])
    assert result.exit_code == 1
    assert result.output.strip() == "NOBODY: 找不到该工号的成员。"
    assert not target.exists()


def test_a_repeated_download_takes_a_constant_number_of_statements(login_as, client,
                                                                   count_queries, db):
    member = make_member(make_unit(make_unit()))  # a branch: its root is another unit
    for day in range(1, 29):
        make_credit(member, "1", kind="course" if day % 2 else "meeting",
                    occurred_on=datetime(2026, 3, day).date())
    login_as(member)
    assert client.get("/me/transcript.pdf?year=2026").status_code == 200
    with count_queries() as queries:
        assert client.get("/me/transcript.pdf?year=2026").status_code == 200
    # member, entries with corrections (their sums are the year's hours), rules in force,
    # the closed year, the live documents (reused), the organisation's root unit
    assert len(queries) == 6, "\n".join(s[:70] for s in queries.statements)
