"""`learnhub quiz import FILE --format md|gift|aiken [--bank SLUG] [--dry-run]`."""

from sqlalchemy import func, select

from learnhub.extensions import db
from learnhub.quizzes.models import Question, QuestionBank, Quiz, QuizStatus
from tests.quizzes.importing.files import AIKEN, BAD_GIFT, GIFT


def _invoke(app, *args):
    return app.test_cli_runner().invoke(args=["quiz", "import", *map(str, args)])


def _write(tmp_path, text, name="party-rules.gift"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _specs_of(slug):
    questions = db.session.scalars(
        select(Question).join(QuestionBank).where(QuestionBank.slug == slug)
        .order_by(Question.position))
    return [(q.key, q.current_version.spec()) for q in questions]


def _banks():
    return db.session.scalar(select(func.count(QuestionBank.id)))


def test_import_creates_the_bank_and_a_draft_quiz(app, tmp_path):
    result = _invoke(app, _write(tmp_path, GIFT), "--format", "gift")
    assert result.exit_code == 0, result.output
    assert "3 questions → bank party-rules (new): 3 new, 0 changed, 0 unchanged" in result.stdout
    assert "new       义务项数 (single, 党员义务)" in result.stdout
    assert "Created the draft quiz party-rules" in result.stdout
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "party-rules"))
    assert quiz.status == QuizStatus.DRAFT


def test_second_import_changes_nothing(app, tmp_path):
    path = _write(tmp_path, GIFT)
    assert _invoke(app, path, "--format", "gift").exit_code == 0
    result = _invoke(app, path, "--format", "gift")
    assert result.exit_code == 0
    assert "0 new, 0 changed, 3 unchanged, 0 retired" in result.stdout
    assert "nothing changed" in result.stdout


def test_problems_go_to_stderr_one_per_line_and_exit_1(app, tmp_path):
    path = _write(tmp_path, BAD_GIFT, "bad.gift")
    result = _invoke(app, path, "--format", "gift")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[0].endswith("bad.gift:3: 配对题（=甲 -> 乙）无法导入：没有对应的题型。请改成几道单选题。")
    assert result.stdout == "" and _banks() == 0


def test_bank_option_and_aiken(app, tmp_path):
    result = _invoke(app, _write(tmp_path, AIKEN, "权利.txt"), "--format", "aiken",
                     "--bank", "party-rights")
    assert result.exit_code == 0, result.stderr
    bank = db.session.scalar(select(QuestionBank))
    assert bank.slug == "party-rights" and bank.title == "权利"
    assert db.session.scalar(select(func.count(Question.id))) == 1


def test_dry_run_writes_nothing(app, tmp_path):
    result = _invoke(app, _write(tmp_path, GIFT), "--format", "gift", "--dry-run")
    assert result.exit_code == 0 and "Dry run: nothing written." in result.stdout
    assert _banks() == 0


def test_an_exported_bank_imports_back_with_the_same_questions(app, tmp_path):
    result = _invoke(app, _write(tmp_path, GIFT), "--format", "gift", "--bank", "gift-bank")
    assert result.exit_code == 0, result.stderr
    exported = tmp_path / "gift-bank.md"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["quiz", "export", "gift-bank", "-o", str(exported)]).exit_code == 0
    again = _invoke(app, exported, "--format", "md", "--bank", "copy-bank")
    assert again.exit_code == 0, again.stderr
    assert _specs_of("copy-bank") == _specs_of("gift-bank")
    # and into the bank it came from: nothing changes
    same = _invoke(app, exported, "--format", "md", "--bank", "gift-bank")
    assert same.exit_code == 0 and "0 new, 0 changed" in same.stdout


def test_a_malformed_markdown_file_names_its_line(app, tmp_path):
    text = "---\ntitle: t\n---\n## 单选 {#a}\n\n问？\n\n- [ ] 甲\n- [ ] 乙\n"
    result = _invoke(app, _write(tmp_path, text, "quiz.md"), "--format", "md")
    assert result.exit_code == 1 and "quiz.md:8: 单选题必须恰好有一个正确选项" in result.stderr
    assert _banks() == 0


def test_unknown_format_is_a_usage_error(app, tmp_path):
    assert _invoke(app, _write(tmp_path, GIFT), "--format", "xml").exit_code == 2
