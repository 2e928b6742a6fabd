"""Putting a service's refusal (a DomainError) on the form the user filled in."""

from __future__ import annotations

from flask_wtf import FlaskForm

from learnhub.core.errors import DomainError


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
