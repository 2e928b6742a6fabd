"""The regrade pages: the question with its key and the corrected-key form (GET), the
preview of what the correction changes (POST, writes nothing), and the apply (POST, with
the preview's digest). Load the quiz the actor manages and the version (404 otherwise),
act, commit once."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from learnhub.core.errors import DomainError
from learnhub.core.forms import attach_errors, form_status
from learnhub.core.timeutil import now_utc
from learnhub.extensions import db
from learnhub.org.access import role_required
from learnhub.org.models import Role
from learnhub.quizzes.blueprint import bp
from learnhub.quizzes.questions.types import TYPES
from learnhub.quizzes.regrade.applying import apply_regrade
from learnhub.quizzes.regrade.failures import InvalidKey
from learnhub.quizzes.regrade.forms import ApplyForm, KeyForm
from learnhub.quizzes.regrade.impact import Impact, measure
from learnhub.quizzes.regrade.keys import key_from_json, key_of, read_key
from learnhub.quizzes.regrade.target import Target, regrade_target
from learnhub.quizzes.results.scope import managed_quiz

trainer_page = role_required(Role.TRAINER, section="quiz_admin")


def _target(slug: str, version_id: int) -> Target:
    return regrade_target(current_user, managed_quiz(current_user, slug), version_id)


def _page(target: Target, form: KeyForm, impact: Impact | None = None,
          apply_form: ApplyForm | None = None, error: str | None = None):
    spec = target.spec()
    return render_template(
        "quizzes/regrade/regrade.html", quiz=target.quiz, target=target, spec=spec,
        type_label=TYPES[spec.type].label, key=key_of(spec), form=form, impact=impact,
        apply_form=apply_form, error=error)


@bp.get("/<slug>/questions/<int:version_id>/regrade")
@trainer_page
def regrade(slug: str, version_id: int):
    target = _target(slug, version_id)
    spec = target.spec()
    form = KeyForm(formdata=None)
    form.offer(spec)
    form.start_from(spec, key_of(spec))
    return _page(target, form)


@bp.post("/<slug>/questions/<int:version_id>/regrade")
@trainer_page
def regrade_preview(slug: str, version_id: int):
    target = _target(slug, version_id)
    spec = target.spec()
    form = KeyForm()
    form.offer(spec)
    impact = apply_form = None
    if form.validate():
        try:
            key = read_key(spec, points=form.points.data or "", correct=form.correct.data,
                           partial=form.scoring.data == "partial",
                           answers=form.answers.data or "")
        except InvalidKey as error:
            attach_errors(form, error)
        else:
            impact = measure(current_user, target, key)
            apply_form = ApplyForm(formdata=None, key=key.to_json(),
                                   preview_digest=impact.digest)
    db.session.rollback()  # a preview writes nothing
    return _page(target, form, impact, apply_form), form_status(form)


@bp.post("/<slug>/questions/<int:version_id>/regrade/apply")
@trainer_page
def regrade_apply(slug: str, version_id: int):
    quiz = managed_quiz(current_user, slug)
    _target(slug, version_id)
    form = ApplyForm()
    try:
        if not form.validate():
            raise InvalidKey()
        applied = apply_regrade(current_user, quiz, version_id, key_json=form.key.data or "",
                                digest=form.preview_digest.data or "", now=now_utc())
    except DomainError as error:
        db.session.rollback()
        return _refused(slug, version_id, form, error)
    db.session.commit()
    flash(gettext("已应用更正：%(attempts)s 次作答的得分改变，冲销 %(reversed)s 条学时记录。",
                  attempts=len(applied.impact.changes),
                  reversed=len(applied.reversed_entries)), "success")
    return redirect(url_for(".item_analysis", slug=slug,
                            _anchor=f"version-{applied.target.version.id}"))


def _refused(slug: str, version_id: int, form: ApplyForm, error: DomainError):
    """The page again with the refusal, the key form holding the trainer's correction so
    that one click previews it afresh."""
    target = _target(slug, version_id)
    spec = target.spec()
    key_form = KeyForm(formdata=None)
    key_form.offer(spec)
    try:
        key = key_from_json(spec, form.key.data or "")
    except InvalidKey:
        key = key_of(spec)
    key_form.start_from(spec, key)
    return _page(target, key_form, error=error.translated()), error.status
