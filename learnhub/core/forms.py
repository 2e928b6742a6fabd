"""The base of every form, and answering with a service's refusal (a DomainError): on the
form the user filled in, or as a flashed message after a button; and the status of a page
that shows a form."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    PasswordField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import StopValidation

from learnhub.core.control_characters import control_character
from learnhub.core.errors import DomainError
from learnhub.extensions import db


def strip(value: str | None) -> str | None:
    """A field filter: surrounding spaces off (a pasted 工号 or title keeps none)."""
    return value.strip() if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    """A choice of several values as a group of checkboxes (macros/forms.html checkbox_group)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class NoControlCharacters:
    """A text field holds no control character; a single-line one no tab or line break
    either (except at its ends, which every form and service strips)."""

    def __init__(self, *, multiline: bool) -> None:
        self.multiline = multiline

    def __call__(self, form: FlaskForm, field: StringField) -> None:
        value = field.data
        if not isinstance(value, str):
            return
        text = value if self.multiline else value.strip()
        if control_character(text, multiline=self.multiline):
            raise StopValidation(_l("不能包含换行符、制表符等控制字符。"))


class Form(FlaskForm):
    """Every form of the app derives from this (a test holds it): each text field checks
    for control characters before its own validators. The request check
    (`core.control_characters`) already refuses the rest; here a single-line field also
    refuses tabs and line breaks, with the message under the field. Textareas keep them;
    so does a password (hashed, never stored or shown) and a hidden field (the app wrote
    it, and what reads it checks it: a bad `next` just goes home)."""

    class Meta(FlaskForm.Meta):
        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            if isinstance(field, StringField):
                multiline = isinstance(field, TextAreaField | PasswordField | HiddenField)
                field.validators = [NoControlCharacters(multiline=multiline),
                                    *field.validators]
            return field


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
