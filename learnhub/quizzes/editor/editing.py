"""The text the editor shows, checking typed text, and saving it as the next version.

Saving goes through `publishing.services.publish_file` (source WEB), the same path as a
file sync: one parser, one set of database checks, `banks.store.save_questions` for the
questions (a question with attempts gets a new version, attempts keep theirs). Either
everything is saved or nothing is."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import func, select

from learnhub.authoring.problems import Problem
from learnhub.core.errors import Conflict, ValidationFailed
from learnhub.core.transactions import take_turns
from learnhub.courses.models import ContentSource, Course
from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.org.permissions import can_train_for
from learnhub.org.units.services import unit_by_code
from learnhub.quizzes.attempts.models import Attempt
from learnhub.quizzes.blueprint import RESERVED_SLUGS
from learnhub.quizzes.editor.access import may_attach, quiz_by_slug
from learnhub.quizzes.format.parsing import ParsedQuiz, parse_quiz
from learnhub.quizzes.models import Question, QuestionBank, Quiz, QuizVersion
from learnhub.quizzes.publishing.exporting import export_bank
from learnhub.quizzes.publishing.services import (
    DEFAULT_OWNER_UNIT,
    database_problems,
    file_hash,
    publish_file,
)

NEW = "new"  # the edit token of a quiz not saved yet
QUIZ_EDIT_LOCK = 0x4C48_0003  # web saves of quizzes take turns (see core.transactions)


class QuizTextInvalid(ValidationFailed):
    code = "quiz_text_invalid"
    message = "测验内容有问题，没有保存。请按下面列出的行号修改。"

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems


class EditedElsewhere(Conflict):
    code = "quiz_edited_elsewhere"
    message = ("你打开页面之后，这个测验已被保存过（可能在另一个窗口，或由文件同步）。"
               "你的输入仍在下面，没有保存；请核对最新内容后再保存。")


class SlugTaken(Conflict):
    code = "quiz_slug_taken"
    message = "测验标识 %(slug)s 已被使用（测验或题库），请换一个。"


@dataclass(frozen=True)
class Saved:
    version: QuizVersion | None  # None: the text says what the current version says


def source_path(slug: str) -> str:
    """How the editor names the text in problems: the file it would be."""
    return f"{slug}.md"


def quiz_source(quiz: Quiz) -> str:
    """The quiz's whole file: its current version's text, or, for a version that kept none
    (an import), the writer's output of its bank and settings."""
    version = quiz.current_version
    if version is not None and version.markdown.strip():
        return version.markdown
    return export_bank(quiz.slug)


def edit_token(quiz: Quiz) -> str:
    """Changes whenever what the editor would show changes: a new or changed current
    version (a web save, a sync, an import's draft) or the bank's questions."""
    questions = db.session.execute(
        select(Question.key, Question.current_version_id, Question.retired)
        .where(Question.bank_id == quiz.bank_id).order_by(Question.id)).all()
    version = quiz.current_version
    state = [version.id if version else None, version.content_hash if version else None,
             [list(row) for row in questions]]
    return hashlib.sha256(repr(state).encode()).hexdigest()[:32]


def attempt_count(quiz: Quiz) -> int:
    return db.session.scalar(select(func.count(Attempt.id))
                             .where(Attempt.quiz_id == quiz.id)) or 0


def check_text(actor: Member, slug: str, text: str, quiz: Quiz | None) -> ParsedQuiz:
    """Parse the text as the quiz file `<slug>.md` and add every problem the database and
    the actor's rights find; `problems` empty means it can be saved."""
    parsed = parse_quiz(text, path=source_path(slug), slug=slug)
    if parsed.problems:
        return parsed
    parsed.problems += database_problems(parsed, {slug: parsed.specs})
    parsed.problems += _rights_problems(actor, parsed, quiz)
    parsed.problems.sort(key=lambda problem: problem.line)
    if parsed.problems:
        parsed.specs = []
    return parsed


def _rights_problems(actor: Member, parsed: ParsedQuiz, quiz: Quiz | None) -> list[Problem]:
    """The course must be one the actor may edit (a quiz keeps the course it already has);
    the owner unit one they train for, or they would lock themselves out."""
    settings, problems = parsed.settings, []
    lines = settings.lines
    kept = quiz is not None and quiz.course is not None and quiz.course.slug == settings.course
    if settings.course and not kept:
        course = _course(settings.course)
        if course is not None and not may_attach(actor, course):
            problems.append(Problem(parsed.path, lines.get("course", 1), gettext(
                "你不能编辑课程 %(slug)s，不能把测验放进这门课程。", slug=settings.course)))
    code = settings.owner_unit or DEFAULT_OWNER_UNIT
    unit = unit_by_code(code)
    if unit is not None and not can_train_for(actor, unit):
        problems.append(Problem(parsed.path, lines.get("owner_unit", 1), gettext(
            "你没有组织 %(code)s 的培训管理权限，测验不能归属于它（owner_unit）。", code=code)))
    return problems


def _course(slug: str) -> Course | None:
    return db.session.scalar(select(Course).where(Course.slug == slug))


def save_text(actor: Member, slug: str, text: str, *, quiz: Quiz | None, token: str,
              now: datetime) -> Saved:
    """Publish the text as the quiz's next version (a new quiz when `quiz` is None and the
    token says so). Refused, with nothing written, when the text has problems or the quiz
    changed since `token` was handed out."""
    take_turns(db.session, QUIZ_EDIT_LOCK)
    if quiz is None:
        if token != NEW:
            raise EditedElsewhere()
        if slug_taken(slug):
            raise SlugTaken(slug=slug)
    else:
        db.session.refresh(quiz)
        if token != edit_token(quiz):
            raise EditedElsewhere()
    parsed = check_text(actor, slug, text, quiz)
    if parsed.problems:
        raise QuizTextInvalid(parsed.problems)
    digest = file_hash(parsed)
    current = quiz.current_version if quiz is not None else None
    if current is not None and current.content_hash == digest and current.markdown == (
            parsed.source):
        return Saved(None)
    version = publish_file(parsed, quiz, digest=digest, actor=actor, now=now,
                           source=ContentSource.WEB)
    return Saved(version)


def slug_taken(slug: str) -> bool:
    """A new quiz's slug is free: no quiz, no bank, no page of the blueprint has it."""
    return slug in RESERVED_SLUGS or quiz_by_slug(slug) is not None or db.session.scalar(
        select(QuestionBank.id).where(QuestionBank.slug == slug)) is not None
