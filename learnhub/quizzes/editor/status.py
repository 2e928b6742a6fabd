"""A quiz's status by hand: publishing a draft (an import makes one), archiving (learners'
lists no longer show it; attempts, outcomes and credit stay) and bringing it back.
Each is audited."""

from __future__ import annotations

from learnhub.core.errors import Conflict
from learnhub.extensions import db
from learnhub.org.audit.services import record_audit
from learnhub.org.models import Member
from learnhub.quizzes.models import Quiz, QuizStatus

ACTIONS = ("publish", "archive", "unarchive")


class WrongStatus(Conflict):
    code = "quiz_wrong_status"
    message = "测验当前的状态不能执行这个操作（可能已被别人处理），页面已更新。"


def allowed(quiz: Quiz, action: str) -> bool:
    if action == "publish":
        return quiz.status == QuizStatus.DRAFT and quiz.current_version_id is not None
    if action == "archive":
        return quiz.status != QuizStatus.ARCHIVED
    return action == "unarchive" and quiz.status == QuizStatus.ARCHIVED


def change_status(quiz: Quiz, action: str, *, actor: Member) -> QuizStatus:
    """Apply `action` (one of ACTIONS); refused when the quiz's status doesn't allow it."""
    if not allowed(quiz, action):
        raise WrongStatus()
    if action == "archive":
        quiz.status = QuizStatus.ARCHIVED
    else:  # publish, or unarchive: back to published if it ever had a version
        quiz.status = (QuizStatus.PUBLISHED if quiz.current_version_id is not None
                       else QuizStatus.DRAFT)
    db.session.flush()
    version = quiz.current_version
    record_audit(actor, f"quiz.{action}", "quiz", quiz.id, summary=quiz.slug,
                 details={"status": quiz.status.value,
                          "version": version.number if version else None})
    return quiz.status
