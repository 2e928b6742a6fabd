"""Questions into a bank, as versions: the one place a QuestionSpec becomes rows.

File sync, imports and the web editor all call `save_questions`. A question is matched
by its key; a changed question gets a new version when an attempt has shown the current
one (attempts keep what they showed), and is changed in place while nobody saw it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import exists, select

from learnhub.core.markdown import render
from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.quizzes.attempts.models import AttemptItem
from learnhub.quizzes.models import Question, QuestionBank, QuestionVersion, spec_data
from learnhub.quizzes.questions.spec import QuestionSpec


@dataclass
class SavedQuestions:
    questions: list[Question]  # in the order given
    created: list[str] = field(default_factory=list)  # keys
    new_versions: list[str] = field(default_factory=list)
    changed_in_place: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)


def content_hash(spec: QuestionSpec) -> str:
    payload = {"type": spec.type.value, "prompt": spec.prompt, "title": spec.title,
               "category": spec.category, "points": str(spec.points),
               "explanation": spec.explanation, **spec_data(spec)}
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True)
                          .encode()).hexdigest()


def _fill(version: QuestionVersion, spec: QuestionSpec, digest: str) -> None:
    version.type = spec.type
    version.category = spec.category
    version.title = spec.title
    version.points = spec.points
    version.prompt_markdown = spec.prompt
    version.prompt_html = render(spec.prompt).html
    version.explanation_markdown = spec.explanation
    version.explanation_html = render(spec.explanation).html if spec.explanation else ""
    version.data = spec_data(spec)
    version.content_hash = digest


def was_shown(version_id: int) -> bool:
    return bool(db.session.scalar(select(exists().where(
        AttemptItem.question_version_id == version_id))))


def save_questions(bank: QuestionBank, specs: Sequence[QuestionSpec], *,
                   actor: Member | None = None, retire_missing: bool = True) -> SavedQuestions:
    """Make the bank hold `specs` (each with a key unique among them), in their order.
    Questions of the bank missing from `specs` are retired (kept for past attempts)."""
    existing = {q.key: q for q in db.session.scalars(
        select(Question).where(Question.bank_id == bank.id))}
    saved = SavedQuestions(questions=[])
    for position, spec in enumerate(specs, start=1):
        digest = content_hash(spec)
        question = existing.pop(spec.key, None)
        if question is None:
            question = Question(bank_id=bank.id, key=spec.key)
            db.session.add(question)
            db.session.flush()
            saved.created.append(spec.key)
            _new_version(question, spec, digest, actor, number=1)
        else:
            current = question.current_version
            if current is not None and current.content_hash == digest:
                saved.unchanged.append(spec.key)
            elif current is not None and not was_shown(current.id):
                _fill(current, spec, digest)
                saved.changed_in_place.append(spec.key)
            else:
                number = (current.number + 1) if current is not None else 1
                _new_version(question, spec, digest, actor, number=number)
                saved.new_versions.append(spec.key)
        question.position = position
        question.category = spec.category
        question.retired = False
        saved.questions.append(question)
    if retire_missing:
        for question in existing.values():
            if not question.retired:
                question.retired = True
                saved.retired.append(question.key)
    db.session.flush()
    return saved


def _new_version(question: Question, spec: QuestionSpec, digest: str,
                 actor: Member | None, *, number: int) -> QuestionVersion:
    version = QuestionVersion(question_id=question.id, number=number,
                              created_by_id=actor.id if actor else None)
    _fill(version, spec, digest)
    db.session.add(version)
    db.session.flush()
    question.current_version = version
    return version
