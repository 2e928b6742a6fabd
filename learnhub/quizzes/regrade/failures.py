"""Why a regrade says no; the views show each on the form or as the page's error."""

from __future__ import annotations

from learnhub.core.errors import Conflict, DomainError, ValidationFailed


class InvalidKey(ValidationFailed):
    """The corrected key does not fit the question (no right choice, a bad tolerance...)."""

    code = "invalid_key"
    message = "更正后的答案无效，请检查后重新预览。"


class NotRegradable(DomainError):
    """心得 are marked by a trainer; a version whose choices were edited since can't take
    the current key."""

    code = "not_regradable"
    status = 409
    message = "该题目不能重新评分。"


class BankNotManaged(DomainError):
    """The question sits in a bank another unit owns: its key is theirs to correct."""

    code = "bank_not_managed"
    status = 403
    message = "这道题属于其他单位的题库，只有该题库的管理者可以更正答案。"


class StalePreview(Conflict):
    """The attempts, the key or the question changed since the preview (another regrade,
    new submissions): the apply would not do what the trainer read."""

    code = "stale_preview"
    message = "预览之后题目或作答已有变化（例如已有人应用了更正，或有新的提交）。请重新预览后再应用。"
