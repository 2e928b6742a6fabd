"""`learnhub members import FILE [--dry-run] [--deactivate-missing] [--initial-passwords OUT]`."""

import csv
import io
import stat
from pathlib import Path

from sqlalchemy import func, select

from learnhub.auth.passwords import verify_password
from learnhub.demo import load_demo
from learnhub.extensions import db
from learnhub.org.models import AuditEvent, Member
from tests.factories import make_member
from tests.org.import_files import HEADER, csv_file, make_import_units, row

DATA = Path(__file__).parent / "data"


def _invoke(app, *args):
    return app.test_cli_runner().invoke(args=["members", "import", *map(str, args)])


def _write(tmp_path, data, name="members.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _member(employee_no):
    return db.session.scalar(select(Member).where(Member.employee_no == employee_no))


def _counts():
    return (db.session.scalar(select(func.count(Member.id))),
            db.session.scalar(select(func.count(AuditEvent.id))))


def _committed_units():
    units = make_import_units()
    db.session.commit()  # the command's own rollback must not take the fixtures with it
    return units


def test_dry_run_shows_the_plan_and_writes_nothing(app, tmp_path):
    _, b1, *_ = _committed_units()
    make_member(b1, employee_no="E1", position="技术员")
    db.session.commit()
    before = _counts()
    path = _write(tmp_path, csv_file([row("E1", 职务="工程师"), row("E2", "李四")]))
    result = _invoke(app, path, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "1 new, 1 changed, 0 unchanged" in result.stdout
    assert "changed    E1 " in result.stdout and "职务 技术员 → 工程师" in result.stdout
    assert "new        E2 李四 IMP-B1" in result.stdout
    assert "Dry run: nothing written." in result.stdout
    assert _counts() == before
    assert _member("E1").position == "技术员"


def test_bad_cells_go_to_stderr_as_row_and_column_lines_and_exit_1(app, tmp_path):
    _committed_units()
    before = _counts()
    path = _write(tmp_path, csv_file([row("E1"), row("E2", 所属组织="XYZ", 入党日期="昨天"),
                                      row("E1")]))
    result = _invoke(app, path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "row 3, column 所属组织: 组织编码 XYZ 不存在。",
        "row 3, column 入党日期: “昨天”不是有效日期，请写成 2020-07-01、2020/7/1 或 2020年7月1日。",
        "row 4, column 工号: 工号 E1 与第 2 行重复。",
    ]
    assert result.stdout == ""
    assert _counts() == before


def test_a_file_level_problem_names_the_file(app, tmp_path):
    path = _write(tmp_path, b"", "empty.csv")
    result = _invoke(app, path)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{path}: 文件是空的，没有表头行。"


def test_import_writes_and_a_second_run_changes_nothing(app, tmp_path):
    _committed_units()
    path = _write(tmp_path, csv_file([row("E1"), row("E2", "李四")], encoding="gb18030"))
    first = _invoke(app, path)
    assert first.exit_code == 0, first.output
    assert "Imported: 2 new, 0 changed, 0 deactivated, 0 unchanged." in first.stdout
    assert "2 new members have no password yet" in first.stdout
    assert _member("E2").name == "李四"
    members, audits = _counts()
    second = _invoke(app, path)
    assert "0 new, 0 changed, 2 unchanged" in second.stdout
    assert "nothing written" in second.stdout
    assert _counts() == (members, audits)


def test_shuffled_columns_import_and_unknown_columns_are_named_and_ignored(app, tmp_path):
    _committed_units()
    header = ["序号", "手机", "姓名", "备注", "工号", "邮箱", "政治面貌", "所属组织", "职务"]
    values = dict(zip(HEADER, row("E1", "张三"), strict=False)) | {"序号": "1", "备注": "新调入"}
    path = _write(tmp_path, csv_file([[values[h] for h in header]], header, bom=True))
    result = _invoke(app, path)
    assert result.exit_code == 0, result.output
    assert "Ignored columns: 序号, 备注" in result.stdout
    member = _member("E1")
    assert (member.name, member.unit.code, member.phone) == ("张三", "IMP-B1", "13800138000")


def test_deactivate_missing_option(app, tmp_path):
    _, b1, *_ = _committed_units()
    make_member(b1, employee_no="GONE")
    db.session.commit()
    path = _write(tmp_path, csv_file([row("E1")]))
    kept = _invoke(app, path, "--dry-run")
    assert "missing    GONE" in kept.stdout
    assert "--deactivate-missing deactivates them" in kept.stdout
    result = _invoke(app, path, "--deactivate-missing")
    assert "deactivate GONE" in result.stdout
    assert not _member("GONE").active


def test_deactivating_by_the_command_ends_the_members_sessions(app, tmp_path):
    _, b1, *_ = _committed_units()
    gone = make_member(b1, employee_no="GONE")
    db.session.commit()
    cookie_id = gone.get_id()
    result = _invoke(app, _write(tmp_path, csv_file([row("E1")])), "--deactivate-missing")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert not gone.active and gone.get_id() != cookie_id


def test_initial_passwords_file_lists_new_members_with_working_passwords(app, tmp_path):
    _, b1, *_ = _committed_units()
    make_member(b1, employee_no="E0", name="老成员", position="技术员")
    db.session.commit()
    out = tmp_path / "passwords.csv"
    path = _write(tmp_path, csv_file([row("E0", "老成员"), row("E1", "张三"),
                                      row("E2", "=李四")]))
    result = _invoke(app, path, "--initial-passwords", out)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["工号", "姓名", "初始密码"]
    assert [r[:2] for r in rows[1:]] == [["E1", "张三"], ["E2", "'=李四"]]
    for employee_no, _, password in rows[1:]:
        assert verify_password(_member(employee_no).password_hash, password)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_initial_passwords_never_overwrite_a_file(app, tmp_path):
    _committed_units()
    out = tmp_path / "passwords.csv"
    out.write_text("keep me")
    result = _invoke(app, _write(tmp_path, csv_file([row("E1")])), "--initial-passwords", out)
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert out.read_text() == "keep me"
    assert _member("E1") is None


def test_sample_roster_dry_runs_against_the_demo(app):
    load_demo()
    db.session.commit()
    result = _invoke(app, DATA / "demo-roster.csv", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "2 new, 1 changed, 0 unchanged" in result.stdout
    assert "changed    learner 张晓东: 职务 技术员 → 高级技术员" in result.stdout


def test_sample_gb18030_roster_with_errors_reports_each_cell(app):
    load_demo()
    db.session.commit()
    result = _invoke(app, DATA / "demo-roster-errors-gb18030.csv")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "row 2, column 姓名: 不能为空。",
        "row 2, column 政治面貌: 无法识别“党外人士”，可填：中共党员、中共预备党员、共青团员、民革党员、"
        "民盟盟员、民建会员、民进会员、农工党党员、致公党党员、九三学社社员、台盟盟员、无党派民主人士、群众。",
        "row 2, column 入党日期: “2020-02-30”不是有效日期，请写成 2020-07-01、2020/7/1 或 2020年7月1日。",
        "row 2, column 邮箱: “bad@”不是有效的邮箱地址。",
        "row 2, column 手机: 1.38001E+10 是被 Excel 转成科学计数法的数字，原来的位数已丢失；"
        "请把该列设为“文本”格式后重新填写。",
        "row 3, column 所属组织: 组织编码 NOPE 不存在。",
        "row 4, column 员工编号: 工号 D2026003 与第 2 行重复。",
    ]
