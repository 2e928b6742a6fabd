"""A member import waits between its requests in the database (`staged_import`), not on one
server's disk: any app instance can take the next step, and what waits expires and is
deleted (the initial passwords as soon as they are downloaded)."""

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from learnhub.core.timeutil import now_utc
from learnhub.extensions import db
from learnhub.org.importing import staging
from learnhub.org.importing.models import StagedImport
from learnhub.org.models import Member, Role
from tests.conftest import csrf_token
from tests.factories import make_member
from tests.org.import_files import csv_file, make_import_units, row


@pytest.fixture
def admin(login_as):
    root, *_ = make_import_units()
    member = make_member(root, employee_no="ADMIN1", roles=(Role.ADMIN,))
    login_as(member)
    return member


def _preview(client, data):
    form = {"file": (io.BytesIO(data), "members.csv"), "issue_passwords": "y",
            "csrf_token": csrf_token(client)}
    response = client.post("/admin/members/import", data=form,
                           content_type="multipart/form-data")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return {name: re.search(rf'name="{name}" type="hidden" value="([^"]+)"', page).group(1)
            for name in ("token", "digest")}


def _confirm(client, hidden):
    return client.post("/admin/members/import/confirm",
                       data={**hidden, "csrf_token": csrf_token(client)})


def _member(employee_no):
    return db.session.scalar(select(Member).where(Member.employee_no == employee_no))


def _rows():
    return db.session.scalar(select(func.count(StagedImport.id)))


def _stage(actor, now, data=b"data"):
    return staging.stage_upload(actor.id, "m.csv", data, deactivate_missing=False,
                                issue_passwords=True, now=now)


def test_preview_on_one_instance_and_confirm_on_another(client, admin, make_app, tmp_path):
    hidden = _preview(client, csv_file([row("E2", "李四")]))
    other_app = make_app()
    other_app.instance_path = str(tmp_path)  # another server: nothing shared but the database
    other = other_app.test_client()
    with other.session_transaction() as session:
        session["_user_id"], session["_fresh"] = admin.get_id(), True
    response = _confirm(other, hidden)
    assert response.status_code == 302
    assert _member("E2").name == "李四"
    done = response.headers["Location"]
    assert "导入完成" in client.get(done).get_data(as_text=True)  # the result, on the first
    download = client.post(done + "/passwords", data={"csrf_token": csrf_token(client)})
    assert download.status_code == 200 and "E2" in download.get_data(as_text=True)
    assert list(tmp_path.iterdir()) == []


def test_an_upload_expires_an_hour_after_its_preview(admin):
    now = now_utc()
    staged = _stage(admin, now)
    with pytest.raises(staging.StagedImportGone):
        staging.claim_upload(staged.token, admin.id, now + staging.MAX_AGE)
    assert staging.claim_upload(_stage(admin, now).token, admin.id,
                                now + staging.MAX_AGE - timedelta(seconds=1)).data == b"data"


def test_an_expired_preview_cannot_be_confirmed_from_the_page(client, admin):
    hidden = _preview(client, csv_file([row("E2")]))
    db.session.execute(StagedImport.__table__.update()
                       .values(expires_at=now_utc() - timedelta(seconds=1)))
    response = _confirm(client, hidden)
    assert response.status_code == 404
    assert "已经确认过或已过期" in response.get_data(as_text=True)
    assert _member("E2") is None


def test_a_result_and_its_passwords_expire_an_hour_after_the_confirm(admin):
    now = now_utc()
    staged = _stage(admin, now)
    confirmed_at = now + timedelta(minutes=50)
    staging.claim_upload(staged.token, admin.id, confirmed_at)
    staging.save_result(staged.token, {"counts": {}}, b"secret", confirmed_at)
    later = confirmed_at + staging.MAX_AGE - timedelta(seconds=1)
    assert staging.status(staged.token, admin.id, later).passwords_waiting
    expired = confirmed_at + staging.MAX_AGE
    assert staging.status(staged.token, admin.id, expired) is None
    with pytest.raises(staging.PasswordsGone):
        staging.take_passwords(staged.token, admin.id, expired)


def test_expired_rows_are_deleted_when_the_next_import_is_staged(admin):
    now = now_utc()
    old = _stage(admin, now)
    staging.claim_upload(old.token, admin.id, now)
    staging.save_result(old.token, {"counts": {}}, b"secret", now)
    waiting = _stage(admin, now + timedelta(minutes=30))
    assert _rows() == 2
    _stage(admin, now + staging.MAX_AGE)
    tokens = set(db.session.scalars(select(StagedImport.token)))
    assert old.token not in tokens and waiting.token in tokens
    assert db.session.scalar(select(func.count()).where(StagedImport.passwords.is_not(None))) == 0


def test_the_password_file_is_deleted_when_it_is_downloaded(client, admin):
    hidden = _preview(client, csv_file([row("E2")]))
    done = _confirm(client, hidden).headers["Location"]
    stored = select(StagedImport.passwords).where(StagedImport.token == hidden["token"])
    assert db.session.scalar(stored).startswith(b"\xef\xbb\xbf")
    first = client.post(done + "/passwords", data={"csrf_token": csrf_token(client)})
    assert first.status_code == 200
    assert db.session.scalar(stored) is None
    again = client.post(done + "/passwords", data={"csrf_token": csrf_token(client)})
    assert again.status_code == 404


def test_a_confirmed_upload_keeps_only_its_result(client, admin):
    hidden = _preview(client, csv_file([row("E2")]))
    _confirm(client, hidden)
    staged = db.session.scalar(select(StagedImport).where(StagedImport.token == hidden["token"]))
    assert staged.upload is None and staged.result["counts"]["new"] == 1


def test_a_confirm_refused_as_changed_restages_under_a_new_token(client, admin):
    hidden = _preview(client, csv_file([row("E2")]))
    response = _confirm(client, {**hidden, "digest": "0" * 64})  # not the plan previewed
    assert response.status_code == 409
    assert db.session.scalar(select(StagedImport.id).where(
        StagedImport.token == hidden["token"])) is None
    assert _rows() == 1  # the new preview, under a new token


def test_staging_a_preview_does_not_reload_the_rows_it_shows(client, admin, count_queries):
    counts = []
    for batch, size in (("A", 2), ("B", 20)):
        for number in range(size):
            make_member(admin.unit, employee_no=f"{batch}{number}")
        with count_queries() as statements:
            _preview(client, csv_file([row(f"NEW-{batch}", unit="IMP-ROOT")]))
        counts.append(len(statements))
    assert counts[0] == counts[1]
