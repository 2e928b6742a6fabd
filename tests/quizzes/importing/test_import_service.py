"""import_file: all or nothing, a new bank with a draft quiz, replacing a bank's questions
with versions, idempotent re-import, encodings and refusals."""

import pytest
from sqlalchemy import func, select

from learnhub.core.timeutil import now_utc
from learnhub.courses.models import ContentSource
from learnhub.extensions import db
from learnhub.org.models import AuditEvent, Role
from learnhub.quizzes.attempts.models import Attempt, AttemptItem
from learnhub.quizzes.importing.services import (
    ImportInvalid,
    bank_slug_for,
    import_file,
)
from learnhub.quizzes.models import (
    Question,
    QuestionBank,
    QuestionVersion,
    Quiz,
    QuizMode,
    QuizStatus,
)
from tests.factories import make_member, make_unit
from tests.quizzes.builders import judge, make_quiz
from tests.quizzes.importing.files import AIKEN, BAD_GIFT, GIFT


def _import(text, filename="party-rules.gift", file_format="gift", **options):
    data = text.encode() if isinstance(text, str) else text
    options.setdefault("bank_slug", None)
    options.setdefault("actor", None)
    options.setdefault("owner_unit", None)
    return import_file(filename, data, file_format=file_format, **options)


def _counts():
    return tuple(db.session.scalar(select(func.count(model.id))) for model in (
        QuestionBank, Question, QuestionVersion, Quiz, AuditEvent))


def _problems(text, **options):
    with pytest.raises(ImportInvalid) as caught:
        _import(text, **options)
    return [str(p) for p in caught.value.problems]


def test_new_bank_gets_every_question_and_a_draft_quiz_over_them():
    unit = make_unit()
    result = _import(GIFT, owner_unit=unit)
    assert result.bank_created and result.quiz_slug == "party-rules"
    assert [(q.key, q.type, q.category, q.status) for q in result.questions] == [
        ("义务项数", "single", "党员义务", "new"), ("预备期", "true_false", "党员义务", "new"),
        ("最高理想", "fill", "党的纲领", "new")]
    bank = db.session.scalar(select(QuestionBank).where(QuestionBank.slug == "party-rules"))
    assert bank.owner_unit_id == unit.id and bank.source == ContentSource.WEB
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "party-rules"))
    assert quiz.status == QuizStatus.DRAFT and quiz.mode == QuizMode.QUIZ
    assert quiz.bank_id == bank.id and quiz.owner_unit_id == unit.id
    version = quiz.current_version
    assert version.number == 1 and version.selection == {"fixed": ["义务项数", "预备期", "最高理想"]}
    assert version.pass_percent == 60 and version.attempts_allowed == 0
    stored = db.session.scalar(select(QuestionVersion).join(
        Question, Question.current_version_id == QuestionVersion.id).where(
        Question.key == "义务项数"))
    assert stored.explanation_markdown == "《中国共产党章程》第三条。"
    assert stored.spec().choices[1].feedback == "对，见党章第三条"


def test_reimporting_the_same_file_changes_nothing():
    _import(GIFT)
    before = _counts()
    result = _import(GIFT)
    assert not result.bank_created and not result.changed_anything
    assert {q.status for q in result.questions} == {"unchanged"}
    assert _counts() == before


def test_one_bad_question_writes_nothing_and_every_problem_is_reported():
    before = _counts()
    assert [p.split(": ")[0] for p in _problems(BAD_GIFT)] == [
        "party-rules.gift:3", "party-rules.gift:5"]
    assert _counts() == before


def test_replacing_an_existing_bank_versions_what_learners_saw():
    _import(GIFT)
    shown = db.session.scalar(select(Question).where(Question.key == "预备期"))
    first_version = shown.current_version_id
    changed = GIFT.replace("预备期为一年。{T}", "预备期为一年。{T####党章第七条}").replace(
        "::最高理想:: 党的最高理想和最终目标是实现{=共产主义}。\n", "")
    result = _import(changed)
    assert [(q.key, q.status) for q in result.questions] == [
        ("义务项数", "unchanged"), ("预备期", "changed")]
    assert result.retired == ["最高理想"]
    assert result.quiz_updated  # the draft follows its bank until it is published
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "party-rules"))
    assert quiz.current_version.selection == {"fixed": ["义务项数", "预备期"]}
    db.session.refresh(shown)
    assert shown.current_version_id == first_version  # nobody saw it: changed in place
    assert db.session.scalar(select(Question.retired).where(Question.key == "最高理想"))


def test_a_question_an_attempt_showed_gets_a_new_version():
    quiz = make_quiz("shown-bank", [judge("预备期", True, prompt="预备党员的预备期为一年。")])
    quiz.bank.source = ContentSource.WEB
    question = db.session.scalar(select(Question).where(Question.bank_id == quiz.bank_id))
    shown_version = question.current_version_id
    attempt = Attempt(quiz_id=quiz.id, quiz_version_id=quiz.current_version_id,
                      member_id=make_member().id, number=1, started_at=now_utc())
    db.session.add(attempt)
    db.session.flush()
    db.session.add(AttemptItem(attempt_id=attempt.id, position=1,
                               question_version_id=shown_version))
    db.session.flush()
    result = _import("::预备期:: 预备党员的预备期为两年。{F}", bank_slug="shown-bank")
    assert [q.status for q in result.questions] == ["changed"]
    db.session.refresh(question)
    assert question.current_version_id != shown_version
    assert question.current_version.number == 2
    assert result.quiz_slug == "shown-bank" and not result.quiz_updated  # published: untouched


def test_aiken_file_imports_as_multiple_choice():
    result = _import(AIKEN, filename="rights.txt", file_format="aiken")
    assert result.bank_slug == "rights"
    assert [(q.key, q.type) for q in result.questions] == [("q1", "multiple")]


def test_dry_run_writes_nothing():
    before = _counts()
    result = _import(GIFT, dry_run=True)
    assert result.dry_run and result.count("new") == 3
    assert _counts() == before


@pytest.mark.parametrize(("filename", "given", "slug"), [
    ("党章 Quiz 2026.gift", None, "quiz-2026"), ("x.gift", "Party Rules", "party-rules"),
    ("党章.gift", None, ""), ("a/b/c.txt", " ", "c")])
def test_bank_slug_from_the_option_or_the_file_name(filename, given, slug):
    assert bank_slug_for(filename, given) == slug


def test_chinese_file_name_needs_a_bank_slug():
    [problem] = _problems(GIFT, filename="党章.gift")
    assert "题库标识" in problem
    assert _import(GIFT, filename="党章.gift", bank_slug="party").bank_slug == "party"


def test_gb18030_and_utf8_with_bom_are_read_and_named():
    assert _import(GIFT.encode("gb18030"), bank_slug="gb").encoding == "GB18030"
    assert _import(b"\xef\xbb\xbf" + GIFT.encode(), bank_slug="bom").encoding == "UTF-8 (BOM)"
    assert _import(GIFT.encode(), bank_slug="plain").encoding == "UTF-8"


def test_undecodable_binary_and_control_characters_are_refused():
    assert "无法识别文件编码" in _problems(b"\x80\xff\x80\xff")[0]
    assert "纯文本" in _problems(b"PK\x03\x04rest")[0]
    assert _problems("一{T}\n\n二\x07{T}") == [
        "party-rules.gift:3: 含有不允许的控制字符（U+0007），请删除后重试。"]


def test_too_large_and_empty_files_are_refused():
    assert "文件太大" in _problems(b" " * (5 * 1024 * 1024 + 1))[0]
    assert _problems("// 只有注释\n") == ["party-rules.gift:1: 文件中没有题目。"]


def test_a_gift_file_read_as_markdown_names_what_is_wrong():
    assert _problems(GIFT, file_format="md") == [
        "party-rules.gift:1: 文件必须以 --- 开头的 YAML 头信息开始。"]


def test_a_bank_synced_from_a_quiz_file_is_not_replaced():
    make_quiz("party-rules")  # a quizzes/party-rules.md bank (source file)
    assert "quizzes/party-rules.md" in _problems(GIFT)[0]


def test_a_quiz_slug_taken_by_another_bank_is_refused():
    quiz = make_quiz("party-rules")
    quiz.bank.slug = "other-bank"
    db.session.flush()
    assert "已有标识为 party-rules 的测验" in _problems(GIFT)[0]


def test_trainer_may_replace_only_banks_of_their_subtree():
    root = make_unit()
    mine, theirs = make_unit(root), make_unit(root)
    trainer = make_member(mine, roles=(Role.TRAINER,))
    _import(GIFT, bank_slug="theirs", owner_unit=theirs)
    assert "没有题库 theirs 的管理权限" in _problems(GIFT, bank_slug="theirs", actor=trainer)[0]
    _import(GIFT, bank_slug="ours", owner_unit=mine)
    assert _import(GIFT, bank_slug="ours", actor=trainer).bank_slug == "ours"


def test_import_is_audited_when_it_changes_something():
    trainer = make_member(roles=(Role.TRAINER,))
    _import(GIFT, actor=trainer)
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "question_bank.import"))
    assert event.actor_id == trainer.id and event.details["new"] == 3
