"""The learner's quiz pages: 我的测验, a quiz's start page, the attempt (with its autosave
endpoint and submit) and the result. Every request that touches an attempt past its
deadline grades it first (grading.close_if_expired)."""

from __future__ import annotations

from flask import g, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from learnhub.core.timeutil import now_utc
from learnhub.extensions import db
from learnhub.quizzes.attempts import learner_pages
from learnhub.quizzes.attempts.access import get_own_attempt
from learnhub.quizzes.attempts.availability import published_quiz
from learnhub.quizzes.attempts.failures import AttemptClosed, BadAnswer
from learnhub.quizzes.attempts.grading import close_if_expired, submit
from learnhub.quizzes.attempts.models import AttemptState
from learnhub.quizzes.attempts.saving import save_answer
from learnhub.quizzes.attempts.starting import start
from learnhub.quizzes.blueprint import bp


@bp.get("/mine")
@login_required
def mine():
    g.section = "quizzes"
    quizzes = learner_pages.my_quizzes(current_user, now_utc())
    return render_template("quizzes/attempts/mine.html", quizzes=quizzes, now=now_utc())


@bp.get("/<slug>")
@login_required
def quiz(slug: str):
    g.section = "quizzes"
    found, version = published_quiz(slug)
    page = learner_pages.start_page(current_user, found, version, now_utc())
    return render_template("quizzes/attempts/start.html", page=page)


@bp.post("/<slug>/start")
@login_required
def start_attempt(slug: str):
    found, version = published_quiz(slug)
    attempt = start(current_user, found, version, now_utc())
    db.session.commit()
    return redirect(url_for(".attempt", slug=slug, attempt_id=attempt.id))


@bp.get("/<slug>/attempts/<int:attempt_id>")
@login_required
def attempt(slug: str, attempt_id: int):
    g.section = "quizzes"
    found = get_own_attempt(current_user, attempt_id, slug)
    if found.state == AttemptState.OPEN and close_if_expired(found, now_utc()):
        db.session.commit()
    if found.state != AttemptState.OPEN:
        return redirect(url_for(".result", slug=slug, attempt_id=attempt_id))
    view = learner_pages.attempt_view(found, now_utc())
    return render_template("quizzes/attempts/attempt.html", view=view, quiz=found.quiz,
                           version=found.quiz_version)


@bp.post("/<slug>/attempts/<int:attempt_id>/answers")
@login_required
def save(slug: str, attempt_id: int):
    """JSON `{position, answer}` → `{status: "saved", server_time, remaining_seconds}`;
    409 once the attempt is closed (after grading it, if its deadline passed)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or isinstance(body.get("position"), bool) or not isinstance(
            body.get("position"), int):
        raise BadAnswer()
    now = now_utc()
    try:
        saved = save_answer(current_user, attempt_id, body["position"], body.get("answer"), now)
    except AttemptClosed as closed:
        db.session.commit()  # an overdue attempt was graded on the way
        return jsonify({"error": {"code": closed.code, "message": closed.translated(),
                                  "fields": {}}}), closed.status
    db.session.commit()
    return jsonify({"status": "saved", "server_time": now.isoformat(),
                    "remaining_seconds": saved.remaining_seconds})


@bp.post("/<slug>/attempts/<int:attempt_id>/submit")
@login_required
def submit_attempt(slug: str, attempt_id: int):
    found = get_own_attempt(current_user, attempt_id, slug)
    answers = {int(name[1:]): values for name in request.form
               if name[:1] == "q" and name[1:].isdigit()
               and (values := [v for v in request.form.getlist(name)])}
    submit(found, now_utc(), answers)
    db.session.commit()
    return redirect(url_for(".result", slug=slug, attempt_id=attempt_id))


@bp.get("/<slug>/attempts/<int:attempt_id>/result")
@login_required
def result(slug: str, attempt_id: int):
    g.section = "quizzes"
    found = get_own_attempt(current_user, attempt_id, slug)
    if found.state == AttemptState.OPEN:
        if not close_if_expired(found, now_utc()):
            return redirect(url_for(".attempt", slug=slug, attempt_id=attempt_id))
        db.session.commit()
    view = learner_pages.result_view(found, now_utc())
    return render_template("quizzes/attempts/result.html", view=view, quiz=found.quiz,
                           version=found.quiz_version)
