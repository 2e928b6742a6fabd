"""Answering with a service's refusal (a DomainError): on the form the user filled in, or
as a flashed message after a button; and the status of a page that shows a form."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import flash
from flask_wtf import FlaskForm

from learnhub.core.errors import DomainError
from learnhub.extensions import db


def attach_errors(form: FlaskForm, error: DomainError) -> None:
    """Each message under the field it names, else at the top of the form.

    An error with one message per field (`field_messages`) shows each where it belongs;
    any other shows its message under the first field it names that the form has."""
    messages = error.field_messages()
    if messages:
        for name, message in messages.items():
            _add(form, name, message)
        return
    message = error.translated()
    _add(form, next((name for name in error.fields if name in form._fields), None), message)


def _add(form: FlaskForm, name: str | None, message: str) -> None:
    if name is not None and name in form._fields:
        form[name].errors = [*form[name].errors, message]
    else:
        form.form_errors.append(message)


class Outcome:
    """Whether the service call of a `form_outcome` block went through."""

    succeeded = False


@contextmanager
def form_outcome(form: FlaskForm) -> Iterator[Outcome]:
    """For a form page: commit when the block's service call goes through (then
    `outcome.succeeded`), or roll back and show the service's refusal on `form` (the
    DomainError stops here)."""
    outcome = Outcome()
    try:
        yield outcome
    except DomainError as error:
        db.session.rollback()
        attach_errors(form, error)
    else:
        db.session.commit()
        outcome.succeeded = True


@contextmanager
def flash_outcome(success: str) -> Iterator[None]:
    """For a POST-only button: commit and flash `success` when the block's service call
    goes through, or roll back and flash the service's refusal (the DomainError stops here)."""
    try:
        yield
    except DomainError as error:
        db.session.rollback()
        flash(error.translated(), "error")
    else:
        db.session.commit()
        flash(success, "success")


def form_status(form: FlaskForm) -> int:
    """The status of a page showing `form`: 422 when it carries errors, else 200."""
    return 422 if form.errors else 200
