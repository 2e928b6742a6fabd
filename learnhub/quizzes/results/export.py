"""The results table as a file (CSV or XLSX through `core.exports`: formula-safe, CSV with
a UTF-8 BOM): one row per submitted attempt in the trainer's scope and filter."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from flask_babel import gettext

from learnhub.core.messages import N_
from learnhub.core.timeutil import to_local
from learnhub.extensions import db
from learnhub.org.models import Member, Unit
from learnhub.quizzes.attempts.models import Attempt
from learnhub.quizzes.models import Quiz
from learnhub.quizzes.results.scope import SUBMITTED, ResultFilter, scoped_attempts

STATE_LABELS = {"open": N_("作答中"), "marking": N_("待阅卷"), "graded": N_("已评分")}


def header() -> list[str]:
    return [gettext("工号"), gettext("姓名"), gettext("所属组织"), gettext("第几次"),
            gettext("状态"), gettext("提交时间"), gettext("用时（秒）"), gettext("得分"),
            gettext("满分"), gettext("得分率（%）"), gettext("是否通过")]


def result_rows(actor: Member, quiz: Quiz, filters: ResultFilter) -> Iterator[Sequence]:
    """Rows in tree order, then employee number and attempt number (one query, streamed)."""
    query = scoped_attempts(
        actor, quiz, Member.employee_no, Member.name, Unit.name, Attempt.number,
        Attempt.state, Attempt.submitted_at, Attempt.seconds_taken, Attempt.score,
        Attempt.max_score, Attempt.percent, Attempt.passed, filters=filters, states=SUBMITTED,
    ).order_by(Unit.path, Member.employee_no, Attempt.number)
    yes, no = gettext("是"), gettext("否")
    for (employee_no, name, unit, number, state, submitted, seconds, score, max_score,
         percent, passed) in db.session.execute(query):
        yield (employee_no, name, unit, number, gettext(STATE_LABELS[str(state)]),
               to_local(submitted).strftime("%Y-%m-%d %H:%M") if submitted else None,
               seconds, score, max_score, percent,
               None if passed is None else (yes if passed else no))
