"""Trainer pages: 测验管理, results per quiz, a learner's attempts, one attempt reviewed,
item analysis, and the results file. Load the quiz the actor manages (404 otherwise),
read, render; nothing here writes."""

from __future__ import annotations

from flask import Response, current_app, render_template, request
from flask_login import current_user

from learnhub.core.errors import NotFound
from learnhub.core.exports import csv_bytes, xlsx_bytes
from learnhub.core.files import content_disposition
from learnhub.core.query_args import requested_page
from learnhub.org.access import role_required
from learnhub.org.models import Role
from learnhub.org.units.queries import active_units_in_scope
from learnhub.quizzes.blueprint import bp
from learnhub.quizzes.results import export, learners
from learnhub.quizzes.results import manage as managed
from learnhub.quizzes.results.forms import ResultFilterForm
from learnhub.quizzes.results.item_analysis import FLAG_LABELS, LOW_FACILITY, MIN_ATTEMPTS
from learnhub.quizzes.results.item_analysis import item_analysis as analyse
from learnhub.quizzes.results.scope import ResultFilter, managed_quiz, member_in_scope
from learnhub.quizzes.results.summary import by_unit, distribution, summary

trainer_page = role_required(Role.TRAINER, section="quiz_admin")


def _filters() -> tuple[ResultFilterForm, ResultFilter]:
    """The filter form from the query string; an invalid filter filters nothing."""
    form = ResultFilterForm(formdata=request.args)
    units = active_units_in_scope(current_user, Role.TRAINER)
    form.offer_units(units)
    if request.args and not form.validate():
        return form, ResultFilter()
    unit = next((u for u in units if str(u.id) == form.unit.data), None)
    return form, ResultFilter(unit=unit, since=form.since.data, until=form.until.data)


@bp.get("/manage")
@trainer_page
def manage():
    return render_template(
        "quizzes/results/manage.html", quizzes=managed.managed_quizzes(current_user),
        banks=managed.managed_banks(current_user), quiz_links=managed.available(managed.QUIZ_LINKS),
        bank_links=managed.available(managed.BANK_LINKS),
        page_links=managed.available(managed.PAGE_LINKS))


@bp.get("/<slug>/results")
@trainer_page
def results(slug: str):
    quiz = managed_quiz(current_user, slug)
    form, filters = _filters()
    page, per_page = requested_page(current_app.config["PAGE_SIZE"])
    bins = distribution(current_user, quiz, filters)
    return render_template(
        "quizzes/results/results.html", quiz=quiz, form=form,
        totals=summary(current_user, quiz, filters), bins=bins,
        tallest=max(b.attempts for b in bins), units=by_unit(current_user, quiz, filters),
        page=learners.learners_page(current_user, quiz, filters, page=page, per_page=per_page))


@bp.get("/<slug>/results/export.<fmt>")
@trainer_page
def results_export(slug: str, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise NotFound()
    quiz = managed_quiz(current_user, slug)
    _form, filters = _filters()
    rows = export.result_rows(current_user, quiz, filters)
    name = f"{quiz.slug}-results.{fmt}"
    disposition = {"Content-Disposition": content_disposition(name)}
    if fmt == "csv":
        # Built whole, not streamed: one quiz's attempts in a subtree, and the rows are
        # read inside the request's transaction.
        return Response(csv_bytes(export.header(), rows), mimetype="text/csv; charset=utf-8",
                        headers=disposition)
    return Response(xlsx_bytes(export.header(), rows, sheet_title="results", text_columns=(0,)),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers=disposition)


@bp.get("/<slug>/results/members/<int:member_id>")
@trainer_page
def member_attempts(slug: str, member_id: int):
    quiz = managed_quiz(current_user, slug)
    member = member_in_scope(current_user, member_id)
    return render_template("quizzes/results/member.html", quiz=quiz, member=member,
                           attempts=learners.member_attempts(quiz, member))


@bp.get("/<slug>/results/attempts/<int:attempt_id>")
@trainer_page
def attempt_review(slug: str, attempt_id: int):
    quiz = managed_quiz(current_user, slug)
    attempt = learners.attempt_in_scope(current_user, quiz, attempt_id)
    return render_template("quizzes/results/attempt.html", quiz=quiz, attempt=attempt,
                           member=attempt.member, items=learners.reviewed_items(attempt))


@bp.get("/<slug>/analysis")
@trainer_page
def item_analysis(slug: str):
    quiz = managed_quiz(current_user, slug)
    form, filters = _filters()
    return render_template("quizzes/results/analysis.html", quiz=quiz, form=form,
                           analysis=analyse(current_user, quiz, filters),
                           flag_labels=FLAG_LABELS, min_attempts=MIN_ATTEMPTS,
                           low_facility=LOW_FACILITY)
