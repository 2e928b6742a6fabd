"""Quiz files into the database: each file's questions into its bank (as versions, through
`banks.store`), its settings into a new QuizVersion when the file changed since its last
sync. Mirrors course sync: a quiz with problems is reported `invalid` and left as it was,
the others are synced; running it twice changes nothing the second time."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from flask_babel import gettext
from sqlalchemy import func, select

from learnhub.authoring.kinds import ItemSyncReport, ItemSyncResult
from learnhub.authoring.problems import Problem, display_path
from learnhub.core.markdown import render
from learnhub.core.timeutil import now_utc
from learnhub.courses.models import ContentSource, Course
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member, Unit
from learnhub.org.units.services import unit_by_code
from learnhub.quizzes.banks.store import content_hash, save_questions
from learnhub.quizzes.format.parsing import ParsedQuiz, parse_quiz_file
from learnhub.quizzes.format.settings import QuizSettings
from learnhub.quizzes.models import (
    GradingMethod,
    Question,
    QuestionBank,
    Quiz,
    QuizMode,
    QuizStatus,
    QuizVersion,
)

DEFAULT_OWNER_UNIT = "ROOT"  # as for courses: files without owner_unit belong to the root
COURSE_FILE = "course.md"


# -- finding quiz files -----------------------------------------------------------------

def quiz_files(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """The quiz files among PATHs: `.md` files given by name, and the `.md` files directly
    inside a folder given (not its subfolders, such as `quizzes/imports/`). Course
    folders and their files belong to the course kind and are left alone."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_file():
            if (path.parent / COURSE_FILE).is_file():
                continue
            if path.suffix.lower() != ".md":
                problems.append(Problem(display_path(path), 1, gettext(
                    "不是测验文件：测验文件是 quizzes/ 下的 .md 文件。")))
                continue
            found = [path]
        elif path.is_dir() and not (path / COURSE_FILE).is_file():
            found = sorted(child for child in path.iterdir()
                           if child.suffix.lower() == ".md" and child.is_file()
                           and not child.name.startswith(".")
                           and child.name.lower() != "readme.md")
        else:
            continue
        for file in found:
            if file.resolve() not in seen:
                seen.add(file.resolve())
                files.append(file)
    return files, problems


def parse_paths(paths: Sequence[Path]) -> tuple[list[ParsedQuiz], list[Problem]]:
    """Every quiz file under PATHs, parsed; a slug found twice is a problem in both."""
    files, problems = quiz_files(paths)
    parsed = [parse_quiz_file(file) for file in files]
    by_slug: dict[str, ParsedQuiz] = {}
    for quiz in parsed:
        other = by_slug.setdefault(quiz.slug, quiz)
        if other is not quiz:
            for one, two in ((other, quiz), (quiz, other)):
                one.problems.append(Problem(one.path, 1, gettext(
                    "测验标识 %(slug)s 与 %(other)s 重复。", slug=one.slug, other=two.path)))
                one.specs = []
    return parsed, problems


# -- checks against the database --------------------------------------------------------

def database_problems(quiz: ParsedQuiz, pending: dict[str, list]) -> list[Problem]:
    """What only the database can tell: the course and unit exist, the bank of this slug
    is this quiz's, and other banks hold the questions the quiz fixes or draws.
    `pending`: the banks this run is about to write (slug → specs), counted as written."""
    settings, path = quiz.settings, quiz.path
    lines = settings.lines
    problems = []
    if settings.course and _course(settings.course) is None:
        problems.append(Problem(path, lines.get("course", 1), gettext(
            "找不到课程 %(slug)s。", slug=settings.course)))
    if settings.owner_unit and unit_by_code(settings.owner_unit) is None:
        problems.append(Problem(path, lines.get("owner_unit", 1), gettext(
            "未知的组织编码 %(code)s。", code=settings.owner_unit)))
    bank = _bank(quiz.slug)
    if bank is not None and _quiz(quiz.slug) is None:
        problems.append(Problem(path, 1, gettext(
            "题库 %(slug)s 已经存在（导入的题库），测验文件不能与它同名：请给文件换个名字。",
            slug=quiz.slug)))
    for key in settings.questions or []:
        bank_slug, _, question_key = key.rpartition("/")
        if bank_slug and not _has_question(bank_slug, question_key, pending):
            problems.append(Problem(path, lines.get(f"questions:{key}", 1), gettext(
                "找不到题目 %(key)s：题库 %(bank)s 里没有这道题。", key=key, bank=bank_slug)))
    for draw in settings.draw or []:
        if draw.bank and draw.bank != quiz.slug:
            have = _category_size(draw.bank, draw.category, pending)
            if have is None:
                problems.append(Problem(path, draw.line, gettext(
                    "找不到题库 %(bank)s。", bank=draw.bank)))
            elif have < draw.count:
                problems.append(Problem(path, draw.line, gettext(
                    "draw 要从题库 %(bank)s 的分类 %(category)s 抽 %(count)s 道题，"
                    "那里只有 %(have)s 道。", bank=draw.bank, category=draw.category,
                    count=draw.count, have=have)))
    return problems


def _course(slug: str) -> Course | None:
    return db.session.scalar(select(Course).where(Course.slug == slug))


def _bank(slug: str) -> QuestionBank | None:
    return db.session.scalar(select(QuestionBank).where(QuestionBank.slug == slug))


def _quiz(slug: str) -> Quiz | None:
    return db.session.scalar(select(Quiz).where(Quiz.slug == slug))


def _has_question(bank_slug: str, key: str, pending: dict[str, list]) -> bool:
    if bank_slug in pending:
        return any(spec.key == key for spec in pending[bank_slug])
    return bool(db.session.scalar(
        select(func.count(Question.id)).join(QuestionBank)
        .where(QuestionBank.slug == bank_slug, Question.key == key,
               Question.retired.is_(False))))


def _category_size(bank_slug: str, category: str, pending: dict[str, list]) -> int | None:
    if bank_slug in pending:
        return sum(1 for spec in pending[bank_slug] if spec.category == category)
    bank = _bank(bank_slug)
    if bank is None:
        return None
    return db.session.scalar(select(func.count(Question.id)).where(
        Question.bank_id == bank.id, Question.category == category,
        Question.retired.is_(False))) or 0


def checked(parsed: list[ParsedQuiz]) -> dict[str, list[Problem]]:
    """Each quiz's problems, the database's included. A quiz that draws from another
    file's bank counts that file's questions only while that file is itself valid."""
    problems = {quiz.path: list(quiz.problems) for quiz in parsed}
    while True:
        pending = {quiz.slug: quiz.specs for quiz in parsed if not problems[quiz.path]}
        found = {quiz.path: database_problems(quiz, pending)
                 for quiz in parsed if not problems[quiz.path]}
        for path, more in found.items():
            problems[path] += more
        if not any(found.values()):
            return problems


# -- sync --------------------------------------------------------------------------------

def sync(paths: Sequence[Path], *, actor: Member | None = None, dry_run: bool = False,
         now: datetime | None = None) -> ItemSyncReport:
    """Publish a new version of every quiz whose file changed since its last sync."""
    now = now or now_utc()
    parsed, problems = parse_paths(paths)
    report = ItemSyncReport(dry_run, problems=problems,
                            warnings=[w for quiz in parsed for w in quiz.warnings])
    found = checked(parsed)
    for quiz in parsed:
        if found[quiz.path]:
            report.problems += found[quiz.path]
            report.results.append(ItemSyncResult(quiz.slug, "invalid",
                                                 problems=found[quiz.path]))
        else:
            report.results.append(_sync_quiz(quiz, actor=actor, dry_run=dry_run, now=now))
    return report


def file_hash(quiz: ParsedQuiz) -> str:
    """What the file says, independent of its formatting: settings, description and
    each question's content under its key."""
    payload = {"settings": version_settings(quiz.slug, quiz.settings, quiz.specs),
               "description": quiz.description,
               "questions": [[spec.key, content_hash(spec)] for spec in quiz.specs]}
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
                          .encode()).hexdigest()


def version_settings(slug: str, settings: QuizSettings, specs: Sequence) -> dict:
    """The QuizVersion columns the settings fill (besides title and description)."""
    if settings.draw is not None:
        selection: dict = {"draw": [{"bank": d.bank or slug, "category": d.category,
                                     "count": d.count} for d in settings.draw]}
    else:
        selection = {"fixed": list(settings.questions if settings.questions is not None
                                   else [spec.key for spec in specs])}
    return {
        "title": settings.title, "mode": QuizMode(settings.mode), "required": settings.required,
        "selection": selection, "shuffle_questions": settings.shuffle_questions,
        "shuffle_choices": settings.shuffle_choices, "pass_percent": settings.pass_percent,
        "time_limit_minutes": settings.time_limit, "attempts_allowed": settings.attempts,
        "cooldown_minutes": settings.cooldown,
        "grading_method": GradingMethod(settings.grading), "opens_at": settings.opens,
        "closes_at": settings.closes, "review": dict(settings.review),
        "credit_hours": settings.credit_hours, "show_names": settings.show_names,
        "course": settings.course, "owner_unit": settings.owner_unit,
    }


def _sync_quiz(parsed: ParsedQuiz, *, actor: Member | None, dry_run: bool,
               now: datetime) -> ItemSyncResult:
    digest = file_hash(parsed)
    quiz = _quiz(parsed.slug)
    current = quiz.current_version if quiz is not None else None
    if quiz is not None and (quiz.last_file_hash == digest or (
            current is not None and current.content_hash == digest)):
        if not dry_run:
            quiz.last_file_hash = digest
        return ItemSyncResult(parsed.slug, "unchanged", current.number if current else None)
    status = "created" if quiz is None else "updated"
    if dry_run:
        return ItemSyncResult(parsed.slug, status)
    version = publish_file(parsed, quiz, digest=digest, actor=actor, now=now)
    return ItemSyncResult(parsed.slug, status, version.number)


def publish_file(parsed: ParsedQuiz, quiz: Quiz | None, *, digest: str,
                 actor: Member | None, now: datetime,
                 source: ContentSource = ContentSource.FILE) -> QuizVersion:
    """Save the parsed quiz's questions into its bank and its settings as the next version.
    File sync and the web editor (`source` WEB) both publish through here; only a file
    sets `last_file_hash`, so a sync of an unchanged file leaves a web edit current."""
    settings = parsed.settings
    course = _course(settings.course) if settings.course else None
    owner = _owner_unit(settings.owner_unit)
    bank = _bank(parsed.slug)
    if bank is None:
        bank = QuestionBank(slug=parsed.slug, source=source,
                            created_by_id=actor.id if actor else None)
        db.session.add(bank)
    bank.title = settings.title
    bank.course_id = course.id if course else None
    bank.owner_unit_id = owner.id if owner else None
    db.session.flush()
    save_questions(bank, parsed.specs, actor=actor)
    if quiz is None:
        quiz = Quiz(slug=parsed.slug, bank_id=bank.id, status=QuizStatus.DRAFT,
                    created_by_id=actor.id if actor else None)
        db.session.add(quiz)
    columns = version_settings(parsed.slug, settings, parsed.specs)
    columns.pop("course"), columns.pop("owner_unit")
    quiz.title, quiz.mode = settings.title, QuizMode(settings.mode)
    quiz.course_id = course.id if course else None
    quiz.owner_unit_id = owner.id if owner else None
    db.session.flush()
    number = (db.session.scalar(select(func.max(QuizVersion.number))
                                .where(QuizVersion.quiz_id == quiz.id)) or 0) + 1
    version = QuizVersion(
        quiz_id=quiz.id, number=number, source=source, content_hash=digest,
        description_markdown=parsed.description,
        description_html=render(parsed.description).html if parsed.description else "",
        audience={}, markdown=parsed.source, created_by_id=actor.id if actor else None,
        created_at=now, **columns)
    db.session.add(version)
    db.session.flush()
    quiz.current_version = version
    if source == ContentSource.FILE:
        quiz.last_file_hash = digest
    if quiz.status != QuizStatus.ARCHIVED:
        quiz.status = QuizStatus.PUBLISHED
    db.session.flush()
    record_audit(actor, "quiz.publish", "quiz", quiz.id, summary=f"{quiz.slug} v{number}",
                 details={"version": number, "source": source.value,
                          "content_hash": digest})
    return version


def _owner_unit(code: str | None) -> Unit | None:
    return unit_by_code(code or DEFAULT_OWNER_UNIT)
