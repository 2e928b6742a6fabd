"""练习 and 每日一练 pages: the banks, one question at a time, the answer with its feedback,
and today's daily questions."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from learnhub.core.errors import ValidationFailed
from learnhub.core.timeutil import now_utc
from learnhub.extensions import db
from learnhub.quizzes.blueprint import bp
from learnhub.quizzes.models import QuestionBank
from learnhub.quizzes.practice import daily, selection, services
from learnhub.quizzes.practice.models import PracticeItem, PracticeSource


@bp.get("/practice")
@login_required
def practice_banks():
    g.section = "practice"
    banks = selection.bank_summaries(current_user.id, selection.banks_of_quizzes())
    return render_template("quizzes/practice/banks.html", banks=banks,
                           panel=daily.daily_panel(current_user))


@bp.get("/practice/<slug>")
@login_required
def practice(slug: str):
    g.section = "practice"
    bank = services.practice_bank(slug)
    item = services.current_item(current_user, bank, now=now_utc())
    question = services.question_view(item)
    db.session.commit()
    return render_template("quizzes/practice/question.html", bank=bank, question=question)


@bp.get("/practice/items/<int:item_id>")
@login_required
def practice_item(item_id: int):
    g.section = "practice"
    item = services.own_item(current_user, item_id)
    if item.answered_at is None:
        return _question_page(item)
    return _feedback_page(item)


@bp.post("/practice/items/<int:item_id>")
@login_required
def practice_answer(item_id: int):
    item = services.own_item(current_user, item_id)
    now = now_utc()
    try:
        services.answer(item, services.form_values(request.form, item.question_version.type),
                        now=now, today=daily.member_day(current_user, now))
    except ValidationFailed as error:
        db.session.rollback()
        flash(error.translated(), "error")
    else:
        db.session.commit()
    return redirect(url_for(".practice_item", item_id=item_id), 303)


@bp.get("/daily")
@login_required
def daily_practice():
    g.section = "practice"
    todays = daily.todays_set(current_user, now=now_utc())
    shown = daily.daily_page(todays)  # before the commit expires the set's rows
    db.session.commit()
    return render_template("quizzes/practice/daily.html", page=shown,
                           panel=daily.daily_panel(current_user))


def _bank_of(item: PracticeItem) -> QuestionBank:
    bank = db.session.get(QuestionBank, item.bank_id)
    assert bank is not None
    return bank


def _question_page(item: PracticeItem):
    if item.source == PracticeSource.DAILY:
        return redirect(url_for(".daily_practice"))
    return render_template("quizzes/practice/question.html", bank=_bank_of(item),
                           question=services.question_view(item))


def _feedback_page(item: PracticeItem):
    bank = None if item.source == PracticeSource.DAILY else _bank_of(item)
    return render_template("quizzes/practice/feedback.html", item=item, bank=bank,
                           result=services.feedback(item))
