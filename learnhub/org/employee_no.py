"""The one rule for a 工号 (the login name): the member and grant forms, the roster import
and `learnhub create-admin` all check it here, so no 工号 gets in by one door that another
would refuse. Login does not: members imported before the rule must still sign in."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext
from wtforms import Field, ValidationError

from learnhub.core.messages import N_

MAX_LENGTH = 64  # Member.employee_no
# Letters, digits, `. _ -`, starting with a letter or digit: what rosters use, and nothing
# a spreadsheet, a URL or a CSV export would take for something else (`+1`, `=1`, `-1`).
_ALLOWED = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")


def employee_no_problem(value: str) -> tuple[str, dict[str, Any]] | None:
    """Why a non-empty, stripped `value` cannot be a 工号, as (msgid, params); None if it can."""
    if any(ch.isspace() for ch in value):
        return N_("工号中不能有空格。"), {}
    if len(value) > MAX_LENGTH:
        return (N_("内容太长（最多 %(limit)s 个字符，现有 %(length)s 个）。"),
                {"limit": MAX_LENGTH, "length": len(value)})
    if not _ALLOWED.fullmatch(value):
        return N_("工号只能包含字母、数字、点、下划线和连字符，并以字母或数字开头。"), {}
    return None


class EmployeeNo:
    """WTForms validator for a 工号 field (its surrounding spaces are stripped by the
    services, so they are not held against it). Emptiness is DataRequired's business."""

    def __call__(self, form: Any, field: Field) -> None:
        value = (field.data or "").strip()
        problem = employee_no_problem(value) if value else None
        if problem is not None:
            message, params = problem
            raise ValidationError(gettext(message, **params))
