"""Quiz files through `learnhub content check|sync`: versions, dry runs, problems, exit
codes, and `learnhub quiz export`; banks.store versioning underneath."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from learnhub.extensions import db
from learnhub.quizzes.attempts.models import Attempt, AttemptItem
from learnhub.quizzes.banks.store import save_questions
from learnhub.quizzes.format.parsing import parse_quiz_file
from learnhub.quizzes.models import Question, QuestionBank, QuestionVersion, Quiz, QuizVersion
from tests.factories import make_member
from tests.quizzes.builders import make_quiz, single

QUIZ = """---
title: 党章测验
pass_percent: 80
opens: 2026-12-01 09:00
---

开始前请先学完课程。

## 单选 {#s1 category=权利}

几项？

- [ ] 六项
- [x] 八项

## 判断 {#j1 category=权利}

预备期一年。

答案：正确
"""


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def invoke(*args):
        return runner.invoke(args=[*map(str, args)])

    return invoke


def write(folder, name="party-quiz", text=QUIZ):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def quiz(slug="party-quiz") -> Quiz:
    return db.session.scalar(select(Quiz).where(Quiz.slug == slug))


def test_sync_creates_the_quiz_its_bank_and_version_1(cli, tmp_path):
    write(tmp_path)
    result = cli("content", "sync", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["created: party-quiz v1",
                                          "1 created, 0 updated, 0 unchanged, 0 invalid"]
    made = quiz()
    version = made.current_version
    assert (made.status.value, made.title, version.number, version.pass_percent) == (
        "published", "党章测验", 1, 80)
    assert version.selection == {"fixed": ["s1", "j1"]}
    assert version.opens_at == datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # Asia/Shanghai
    assert version.description_markdown == "开始前请先学完课程。"
    assert "<p>开始前请先学完课程。</p>" in version.description_html
    assert version.markdown == QUIZ
    assert made.bank.slug == "party-quiz"
    assert [q.key for q in db.session.scalars(select(Question).order_by(Question.position))] == [
        "s1", "j1"]


def test_a_second_sync_changes_nothing(cli, tmp_path):
    write(tmp_path)
    cli("content", "sync", tmp_path)
    before = (count(QuizVersion), count(QuestionVersion))
    again = cli("content", "sync", tmp_path)
    assert again.stdout.splitlines() == ["unchanged: party-quiz v1",
                                         "0 created, 0 updated, 1 unchanged, 0 invalid"]
    assert (count(QuizVersion), count(QuestionVersion)) == before


def test_a_changed_file_makes_version_2_and_formatting_alone_does_not(cli, tmp_path):
    write(tmp_path)
    cli("content", "sync", tmp_path)
    write(tmp_path, text=QUIZ.replace("pass_percent: 80", "pass_percent:    80  # 注释"))
    assert cli("content", "sync", tmp_path).stdout.startswith("unchanged: party-quiz v1")
    write(tmp_path, text=QUIZ.replace("预备期一年。", "预备期为一年。"))
    assert cli("content", "sync", tmp_path).stdout.startswith("updated: party-quiz v2")
    assert quiz().current_version.number == 2


def test_dry_run_reports_and_writes_nothing(cli, tmp_path):
    write(tmp_path)
    result = cli("content", "sync", "--dry-run", tmp_path)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["(dry run) created: party-quiz",
                                          "(dry run) 1 created, 0 updated, 0 unchanged, 0 invalid"]
    assert (count(Quiz), count(QuestionBank), count(QuestionVersion)) == (0, 0, 0)


def test_check_reports_ok_with_counts_and_writes_nothing(cli, tmp_path):
    write(tmp_path)
    result = cli("content", "check", tmp_path / "party-quiz.md")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "OK: 0 courses, 0 lessons; 1 quizzes, 2 questions\n"
    assert count(Quiz) == 0


def test_check_prints_problems_with_lines_and_exits_1(cli, tmp_path):
    path = write(tmp_path, text=QUIZ.replace("- [ ] 六项", "- [x] 六项").replace(
        "pass_percent: 80", "pass_percent: 180"))
    result = cli("content", "check", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:3: pass_percent 必须是 0 到 100 之间的整数。",
        f"{path}:13: 单选题必须恰好有一个正确选项 [x]（或一个 [100%]），这里有 2 个。"]


def test_warnings_for_missing_keys_leave_exit_0(cli, tmp_path):
    path = write(tmp_path, text=QUIZ.replace(" {#j1 category=权利}", ""))
    result = cli("content", "check", tmp_path)
    assert result.exit_code == 0
    assert result.stderr.startswith(f"{path}:16: 提示：")
    assert "(1 warnings)" in result.stdout


def test_an_invalid_quiz_is_left_as_it_was_and_the_others_sync_with_exit_1(cli, tmp_path):
    write(tmp_path, "good-quiz")
    write(tmp_path, "bad-quiz", QUIZ.replace("## 判断", "## 问答"))
    result = cli("content", "sync", tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["invalid: bad-quiz", "created: good-quiz v1",
                                          "1 created, 0 updated, 0 unchanged, 1 invalid"]
    assert "未知的题型 问答" in result.stderr
    assert quiz("bad-quiz") is None
    assert db.session.scalar(select(QuestionBank).where(QuestionBank.slug == "bad-quiz")) is None


def test_course_must_exist(cli, tmp_path):
    path = write(tmp_path, text=QUIZ.replace("pass_percent: 80", "course: no-such-course"))
    result = cli("content", "sync", tmp_path)
    assert result.exit_code == 1
    assert f"{path}:3: 找不到课程 no-such-course。" in result.stderr.splitlines()
    assert count(Quiz) == 0


def test_a_quiz_draws_from_another_files_bank_synced_in_the_same_run(cli, tmp_path):
    write(tmp_path, "bank-a")
    write(tmp_path, "contest", "---\ntitle: 竞赛\nmode: contest\ndraw:\n  - bank: bank-a\n"
          "    category: 权利\n    count: 2\n---\n\n" + QUIZ.split("---\n", 2)[2])
    result = cli("content", "sync", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert quiz("contest").current_version.selection == {
        "draw": [{"bank": "bank-a", "category": "权利", "count": 2}]}


def test_draws_and_fixed_keys_of_other_banks_must_find_enough_questions(cli, tmp_path):
    make_quiz("old-bank", [single("k1", category="权利")])
    path = write(tmp_path, "contest", "---\ntitle: 竞赛\ndraw:\n  - bank: old-bank\n"
                 "    category: 权利\n    count: 3\n  - bank: nowhere\n    category: x\n"
                 "    count: 1\n---\n\n" + QUIZ.split("---\n", 2)[2])
    fixed = write(tmp_path, "fixed", QUIZ.replace(
        "pass_percent: 80", "questions: [s1, old-bank/k1, old-bank/k2]"))
    result = cli("content", "check", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:4: draw 要从题库 old-bank 的分类 权利 抽 3 道题，那里只有 1 道。",
        f"{path}:7: 找不到题库 nowhere。",
        f"{fixed}:3: 找不到题目 old-bank/k2：题库 old-bank 里没有这道题。"]


def test_subfolders_such_as_imports_are_not_quiz_files(cli, tmp_path):
    write(tmp_path / "quizzes")
    (tmp_path / "quizzes" / "imports").mkdir()
    (tmp_path / "quizzes" / "imports" / "bank.gift").write_text("::q:: x {T}", encoding="utf-8")
    (tmp_path / "quizzes" / "imports" / "notes.md").write_text("# 不是测验", encoding="utf-8")
    result = cli("content", "check", tmp_path / "quizzes")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "OK: 0 courses, 0 lessons; 1 quizzes, 2 questions\n"


def test_without_path_both_courses_and_quizzes_are_read(cli, tmp_path, app, monkeypatch):
    from tests.courses.builders import write_course

    monkeypatch.setitem(app.config, "CONTENT_ROOT", str(tmp_path))
    write_course(tmp_path / "courses")
    write(tmp_path / "quizzes")
    result = cli("content", "check")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "OK: 1 courses, 2 lessons; 1 quizzes, 2 questions\n"


def test_the_quiz_kind_ignores_a_course_folder(cli, tmp_path):
    from tests.courses.builders import write_course

    folder = write_course(tmp_path)
    result = cli("content", "check", folder)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "OK: 1 courses, 2 lessons\n"


def test_export_writes_the_bank_in_the_markdown_format_and_sync_reads_it_back(cli, tmp_path):
    write(tmp_path)
    cli("content", "sync", tmp_path)
    target = tmp_path / "out" / "party-quiz.md"
    target.parent.mkdir()
    result = cli("quiz", "export", "party-quiz", "-o", target)
    assert result.exit_code == 0, result.stderr
    exported = parse_quiz_file(target)
    original = parse_quiz_file(tmp_path / "party-quiz.md")
    assert exported.problems == []
    assert [s.key for s in exported.specs] == ["s1", "j1"]
    assert exported.specs == [s.__class__(**{**s.__dict__, "line": e.line})
                              for s, e in zip(original.specs, exported.specs, strict=True)]
    assert exported.settings.pass_percent == 80 and exported.settings.opens == datetime(
        2026, 12, 1, 1, 0, tzinfo=UTC)
    again = cli("content", "sync", target.parent)
    assert again.stdout.startswith("unchanged: party-quiz v1"), again.stdout


def test_export_of_an_unknown_bank_exits_1(cli, tmp_path):
    result = cli("quiz", "export", "nowhere", "-o", tmp_path / "x.md")
    assert result.exit_code == 1
    assert result.stderr == "nowhere: 找不到该题库。\n"


# -- banks.store: versions ----------------------------------------------------------------

def shown(version: QuestionVersion) -> None:
    """An attempt showed this version."""
    made = make_quiz("shown-quiz", [single("x1")])
    member = make_member()
    attempt = Attempt(quiz_id=made.id, quiz_version_id=made.current_version_id,
                      member_id=member.id, number=1, started_at=datetime.now(UTC))
    db.session.add(attempt)
    db.session.flush()
    db.session.add(AttemptItem(attempt_id=attempt.id, position=1,
                               question_version_id=version.id))
    db.session.flush()


def test_store_unchanged_in_place_then_new_version_after_an_attempt_and_retired():
    made = make_quiz("bank-v", [single("a"), single("b")])
    bank = made.bank
    saved = save_questions(bank, [single("a"), single("b")])
    assert (saved.unchanged, saved.created) == (["a", "b"], [])
    saved = save_questions(bank, [single("a", prompt="改了"), single("b")])
    assert saved.changed_in_place == ["a"]
    question_a = db.session.scalar(select(Question).where(Question.bank_id == bank.id,
                                                          Question.key == "a"))
    assert question_a.current_version.number == 1
    assert question_a.current_version.prompt_markdown == "改了"
    shown(question_a.current_version)
    saved = save_questions(bank, [single("a", prompt="又改了")])
    assert (saved.new_versions, saved.retired) == (["a"], ["b"])
    assert question_a.current_version.number == 2
    old = db.session.scalar(select(QuestionVersion).where(
        QuestionVersion.question_id == question_a.id, QuestionVersion.number == 1))
    assert old.prompt_markdown == "改了"  # the attempt keeps what it showed
    retired = db.session.scalar(select(Question).where(Question.key == "b",
                                                       Question.bank_id == bank.id))
    assert retired.retired is True


def test_sync_after_an_attempt_keeps_the_shown_question_version(cli, tmp_path):
    write(tmp_path)
    cli("content", "sync", tmp_path)
    first = db.session.scalar(select(Question).where(Question.key == "s1")).current_version
    shown(first)
    write(tmp_path, text=QUIZ.replace("几项？", "共有几项？"))
    assert cli("content", "sync", tmp_path).stdout.startswith("updated: party-quiz v2")
    question = db.session.scalar(select(Question).where(Question.key == "s1"))
    assert question.current_version.number == 2
    assert db.session.get(QuestionVersion, first.id).prompt_markdown == "几项？"
