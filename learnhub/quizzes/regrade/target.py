"""Which question version a regrade corrects, checked for the actor: the quiz is theirs
(results.scope.managed_quiz, 404 otherwise), the version belongs to it (its bank, or shown
in its attempts), and the bank is theirs too (a key in a bank another unit owns is that
unit's to correct, and every quiz drawing from it would change)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import joinedload

from learnhub.core.errors import NotFound
from learnhub.courses.models import ContentSource
from learnhub.extensions import db
from learnhub.org.models import Member
from learnhub.quizzes.attempts.models import Attempt, AttemptItem
from learnhub.quizzes.models import Question, QuestionBank, QuestionVersion, Quiz
from learnhub.quizzes.questions.spec import QuestionSpec, QuestionType
from learnhub.quizzes.regrade.failures import BankNotManaged, NotRegradable
from learnhub.quizzes.regrade.keys import REGRADABLE
from learnhub.quizzes.results.scope import owned_in_scope


@dataclass(frozen=True)
class Target:
    quiz: Quiz
    question: Question
    version: QuestionVersion  # whose past items are re-scored
    current: QuestionVersion  # the question's current version: the new one copies its text
    bank: QuestionBank

    @property
    def from_file(self) -> bool:
        """The bank is a quiz file's: the next `content sync` of an uncorrected file
        brings the old key back as a new version."""
        return self.bank.source == ContentSource.FILE

    def spec(self) -> QuestionSpec:
        """The current version's spec: its key is the one the form starts from."""
        return self.current.spec()


def regrade_target(actor: Member, quiz: Quiz, version_id: int) -> Target:
    shown_here = exists().where(AttemptItem.question_version_id == QuestionVersion.id,
                                Attempt.id == AttemptItem.attempt_id,
                                Attempt.quiz_id == quiz.id)
    version = db.session.scalar(
        select(QuestionVersion).join(Question, Question.id == QuestionVersion.question_id)
        .options(joinedload(QuestionVersion.question).joinedload(Question.bank),
                 joinedload(QuestionVersion.question).joinedload(Question.current_version))
        .where(QuestionVersion.id == version_id,
               or_(Question.bank_id == quiz.bank_id, shown_here)))
    if version is None:
        raise NotFound()
    question = version.question
    bank = question.bank
    if not db.session.scalar(select(exists().where(
            QuestionBank.id == bank.id, owned_in_scope(actor, QuestionBank.owner_unit_id)))):
        raise BankNotManaged()
    current = question.current_version or version
    check_regradable(version, current)
    return Target(quiz=quiz, question=question, version=version, current=current, bank=bank)


def check_regradable(version: QuestionVersion, current: QuestionVersion) -> None:
    if version.type == QuestionType.ESSAY:
        raise NotRegradable("心得由培训员阅卷评分，重新评分不适用于心得题，已有的评分保持不变。")
    if version.type not in REGRADABLE or version.type != current.type:
        raise NotRegradable("该题目版本的题型与当前版本不同，不能用当前版本的答案重新评分。")
    if version.type != QuestionType.FILL and _texts(version) != _texts(current):
        raise NotRegradable("该题目版本的选项与当前版本不同（题目已被编辑），不能用当前版本的答案"
                            "重新评分。请在当前版本上更正答案。")


def _texts(version: QuestionVersion) -> list[str]:
    return [choice.get("text", "") for choice in (version.data or {}).get("choices", [])]
