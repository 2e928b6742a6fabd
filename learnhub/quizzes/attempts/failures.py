"""The named reasons a quiz or an attempt says no; the views' error handler translates them."""

from __future__ import annotations

from learnhub.core.errors import Conflict, DomainError, NotFound, ValidationFailed


class QuizNotAvailable(DomainError):
    """Not open to this member now: outside its window, not for their audience, or its
    course is not published."""

    code = "quiz_not_available"
    status = 403
    message = "该测验当前不可参加。"


class NoAttemptsLeft(DomainError):
    code = "no_attempts_left"
    status = 403
    message = "你已用完该测验的作答次数。"


class CoolingDown(DomainError):
    code = "cooling_down"
    status = 403
    message = "距离上次作答时间太短，请于 %(when)s 之后再试。"


class AttemptClosed(Conflict):
    """The attempt was already submitted, or its time ran out."""

    code = "attempt_closed"
    message = "作答已结束（已提交或已超时），答案未保存。"


class BadAnswer(ValidationFailed):
    code = "bad_answer"
    message = "答案格式无效。"


class AttemptNotFound(NotFound):
    """Someone else's attempt, or none: the same answer, so ids reveal nothing."""

    code = "attempt_not_found"


class NoQuestions(DomainError):
    """The quiz's selection found nothing to show (keys gone, categories empty)."""

    code = "no_questions"
    status = 409
    message = "该测验暂时没有可用的题目，请联系培训管理员。"


class MarkOutOfRange(ValidationFailed):
    code = "mark_out_of_range"
    message = "得分必须在 0 到 %(points)s 之间。"


class QuizNotFound(NotFound):
    code = "quiz_not_found"
