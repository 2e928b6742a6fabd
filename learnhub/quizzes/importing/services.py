"""`import_file`: a question file into a question bank, all or nothing.

The command and the upload page call the same function. Everything is checked before
the first write (the file, every question, the bank and who may change it), so one
problem means nothing written and every problem reported. A new bank also gets a draft
quiz over all its questions that a trainer can publish; an existing bank has its
questions replaced by `banks.store.save_questions` (a new version where learners saw
the old one). Importing the same file again changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import PurePath

from flask_babel import gettext
from sqlalchemy import select

from learnhub.authoring.problems import Problem
from learnhub.core.control_characters import control_character_line
from learnhub.core.errors import ValidationFailed
from learnhub.core.markdown import MarkdownRefused, check_size
from learnhub.courses.models import ContentSource
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member, Role, Unit
from learnhub.org.permissions import can_train_for, scope_filter
from learnhub.quizzes.banks.access import can_manage_bank
from learnhub.quizzes.banks.store import content_hash, save_questions
from learnhub.quizzes.blueprint import RESERVED_SLUGS
from learnhub.quizzes.format.keys import ascii_slug
from learnhub.quizzes.importing.formats import PARSERS, Undecodable, decode_text
from learnhub.quizzes.models import (
    Question,
    QuestionBank,
    QuestionVersion,
    Quiz,
    QuizMode,
    QuizStatus,
    QuizVersion,
)
from learnhub.quizzes.questions.spec import QuestionSpec

MAX_BYTES = 5 * 1024 * 1024
MAX_QUESTIONS = 2000
NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"


class ImportInvalid(ValidationFailed):
    """The file cannot be imported as it is; `problems` lists every reason."""

    code = "import_invalid"
    message = "导入文件有 %(count)s 处问题，没有写入任何数据。"

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(count=len(problems))
        self.problems = problems


@dataclass(frozen=True)
class ImportedQuestion:
    key: str
    title: str
    type: str
    category: str
    status: str  # NEW, CHANGED or UNCHANGED
    line: int


@dataclass
class ImportResult:
    bank_slug: str
    bank_title: str
    encoding: str
    bank_created: bool
    quiz_slug: str | None  # the draft quiz created with a new bank, or the bank's own
    questions: list[ImportedQuestion] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)  # keys no longer in the file
    quiz_updated: bool = False
    dry_run: bool = False

    def count(self, status: str) -> int:
        return sum(1 for question in self.questions if question.status == status)

    @property
    def changed_anything(self) -> bool:
        return (self.bank_created or self.quiz_updated or bool(self.retired)
                or any(q.status != UNCHANGED for q in self.questions))


def bank_slug_for(filename: str, bank_slug: str | None) -> str:
    """The bank's slug: `--bank` (or the form's field) if given, else the file's stem,
    slugified the same way; '' when nothing usable is left (a Chinese file name)."""
    wanted = bank_slug if bank_slug and bank_slug.strip() else PurePath(filename).stem
    return ascii_slug(wanted)


def default_owner_unit(actor: Member) -> Unit | None:
    """The unit a trainer's new bank belongs to: their own unit when they train for it,
    else the first unit they train for."""
    if actor.unit is not None and can_train_for(actor, actor.unit):
        return actor.unit
    return db.session.scalar(select(Unit).where(
        Unit.active.is_(True), scope_filter(actor, Role.TRAINER)).order_by(Unit.path).limit(1))


def top_unit() -> Unit | None:
    """The root of the organisation: the owner of banks imported by the command."""
    return db.session.scalar(select(Unit).where(Unit.parent_id.is_(None))
                             .order_by(Unit.path).limit(1))


def read_questions(filename: str, data: bytes, file_format: str
                   ) -> tuple[list[QuestionSpec], str]:
    """The file's questions and its encoding, or ImportInvalid with every problem."""
    if len(data) > MAX_BYTES:
        raise ImportInvalid([Problem(filename, 1, gettext(
            "文件太大（上限 %(mb)s MB）。", mb=MAX_BYTES // (1024 * 1024)))])
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportInvalid([Problem(filename, 1, gettext(
            "这是 Word、Excel 或压缩文件，不是纯文本：请在编辑器中另存为 .txt 纯文本后再导入。"))])
    try:
        text, encoding = decode_text(data)
    except Undecodable:
        raise ImportInvalid([Problem(filename, 1, gettext(
            "无法识别文件编码：请另存为 UTF-8 或 GB18030（ANSI）编码的纯文本。"))]) from None
    found = control_character_line(text)
    if found is not None:
        line, char = found
        raise ImportInvalid([Problem(filename, line, gettext(
            "含有不允许的控制字符（%(char)s），请删除后重试。", char=char))])
    specs, problems = PARSERS[file_format](text, filename)
    problems = [*problems, *_spec_problems(filename, specs)]
    if not specs and not problems:
        problems.append(Problem(filename, 1, gettext("文件中没有题目。")))
    if problems:
        raise ImportInvalid(problems)
    return specs, encoding


def _spec_problems(filename: str, specs: list[QuestionSpec]) -> list[Problem]:
    """What every format must get right, checked again here for formats added later."""
    problems = []
    if len(specs) > MAX_QUESTIONS:
        problems.append(Problem(filename, 1, gettext(
            "题目太多（一个文件最多 %(max)s 道）。", max=MAX_QUESTIONS)))
    seen: set[str] = set()
    for spec in specs:
        if not spec.key or spec.key in seen:
            problems.append(Problem(filename, spec.line, gettext(
                "题目标识“%(key)s”为空或重复。", key=spec.key)))
        seen.add(spec.key)
        for text in (spec.prompt, spec.explanation):
            try:
                check_size(text)
            except MarkdownRefused as refused:
                problems.append(Problem(filename, spec.line, refused.translated()))
    return problems


def import_file(filename: str, data: bytes, *, file_format: str, bank_slug: str | None,
                actor: Member | None, owner_unit: Unit | None,
                dry_run: bool = False) -> ImportResult:
    """Import the file into the bank `bank_slug` (or the file's stem). `actor` None is
    the command (no access check); `owner_unit` owns a new bank and its quiz.
    Raises ImportInvalid before writing anything; with `dry_run` nothing is written."""
    specs, encoding = read_questions(filename, data, file_format)
    slug = bank_slug_for(filename, bank_slug)
    if not slug:
        raise ImportInvalid([Problem(filename, 1, gettext(
            "无法从文件名得到题库标识：请指定题库标识（小写字母、数字和 -）。"))])
    bank = db.session.scalar(select(QuestionBank).where(QuestionBank.slug == slug))
    _check_bank(filename, slug, bank, actor)
    result = ImportResult(bank_slug=slug, bank_title=bank.title if bank else _title(filename, slug),
                          encoding=encoding, bank_created=bank is None,
                          quiz_slug=slug if bank is None else None, dry_run=dry_run)
    _plan(result, bank, specs)
    if dry_run:
        return result
    if bank is None:
        bank = QuestionBank(slug=slug, title=result.bank_title, source=ContentSource.WEB,
                            owner_unit_id=owner_unit.id if owner_unit else None,
                            created_by_id=actor.id if actor else None)
        db.session.add(bank)
        db.session.flush()
    save_questions(bank, specs, actor=actor)
    keys = [spec.key for spec in specs]
    if result.bank_created:
        _new_draft_quiz(bank, keys, actor)
    else:
        result.quiz_slug, result.quiz_updated = _follow_draft_quiz(bank, keys)
    if result.changed_anything:
        record_audit(actor, "question_bank.import", "question_bank", bank.id,
                     summary=f"{PurePath(filename).name} → {slug}",
                     details={"format": file_format, "new": result.count(NEW),
                              "changed": result.count(CHANGED), "retired": result.retired})
    return result


def _title(filename: str, slug: str) -> str:
    stem = PurePath(filename).stem.strip()
    return (stem or slug)[:200]


def _check_bank(filename: str, slug: str, bank: QuestionBank | None,
                actor: Member | None) -> None:
    if bank is not None:
        if bank.source == ContentSource.FILE:
            raise ImportInvalid([Problem(filename, 1, gettext(
                "题库 %(slug)s 由测验文件 quizzes/%(slug)s.md 维护，导入会被下次同步覆盖："
                "请修改那个文件，或换一个题库标识。", slug=slug))])
        if actor is not None and not can_manage_bank(actor, bank):
            raise ImportInvalid([Problem(filename, 1, gettext(
                "你没有题库 %(slug)s 的管理权限：请换一个题库标识。", slug=slug))])
        return
    if slug in RESERVED_SLUGS:
        raise ImportInvalid([Problem(filename, 1, gettext(
            "%(slug)s 是系统页面的地址，不能用作题库标识：请换一个题库标识。", slug=slug))])
    if db.session.scalar(select(Quiz.id).where(Quiz.slug == slug)) is not None:
        raise ImportInvalid([Problem(filename, 1, gettext(
            "已有标识为 %(slug)s 的测验：请换一个题库标识。", slug=slug))])


def _plan(result: ImportResult, bank: QuestionBank | None, specs: list[QuestionSpec]) -> None:
    """What the import does to each question (read only: the dry run stops here)."""
    stored: dict[str, tuple[str | None, bool]] = {}
    if bank is not None:
        rows = db.session.execute(
            select(Question.key, QuestionVersion.content_hash, Question.retired)
            .outerjoin(QuestionVersion, QuestionVersion.id == Question.current_version_id)
            .where(Question.bank_id == bank.id))
        stored = {key: (digest, retired) for key, digest, retired in rows}
    for spec in specs:
        if spec.key not in stored:
            status = NEW
        else:
            digest, retired = stored[spec.key]
            status = UNCHANGED if digest == content_hash(spec) and not retired else CHANGED
        result.questions.append(ImportedQuestion(spec.key, spec.title, spec.type.value,
                                                 spec.category, status, spec.line))
    keys = {spec.key for spec in specs}
    result.retired = sorted(key for key, (_, retired) in stored.items()
                            if key not in keys and not retired)


def _selection_hash(selection: dict) -> str:
    return hashlib.sha256(json.dumps(selection, ensure_ascii=False, sort_keys=True)
                          .encode()).hexdigest()


def _new_draft_quiz(bank: QuestionBank, keys: list[str], actor: Member | None) -> Quiz:
    """A draft quiz (mode quiz, default settings) over every question, in file order."""
    quiz = Quiz(slug=bank.slug, title=bank.title, mode=QuizMode.QUIZ, status=QuizStatus.DRAFT,
                bank_id=bank.id, owner_unit_id=bank.owner_unit_id,
                created_by_id=actor.id if actor else None)
    db.session.add(quiz)
    db.session.flush()
    selection = {"fixed": keys}
    version = QuizVersion(quiz_id=quiz.id, number=1, source=ContentSource.WEB,
                          content_hash=_selection_hash(selection), title=bank.title,
                          mode=QuizMode.QUIZ, selection=selection,
                          created_by_id=actor.id if actor else None)
    db.session.add(version)
    db.session.flush()
    quiz.current_version = version
    return quiz


def _follow_draft_quiz(bank: QuestionBank, keys: list[str]) -> tuple[str | None, bool]:
    """The draft quiz an earlier import made keeps every question of the file until a
    trainer publishes it; a published quiz changes only by a new version."""
    quiz = db.session.scalar(select(Quiz).where(Quiz.bank_id == bank.id, Quiz.slug == bank.slug))
    if quiz is None:
        return None, False
    version = quiz.current_version
    if (quiz.status != QuizStatus.DRAFT or version is None
            or "fixed" not in (version.selection or {})
            or version.selection["fixed"] == keys):
        return quiz.slug, False
    version.selection = {"fixed": keys}
    version.content_hash = _selection_hash(version.selection)
    return quiz.slug, True
