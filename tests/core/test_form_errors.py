"""A service's refusal lands where the user can act on it (learnhub.core.forms)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField

from learnhub.core.errors import ValidationFailed
from learnhub.core.forms import attach_errors
from learnhub.courses.editor.edits import FieldErrors


class UnitForm(FlaskForm):
    class Meta:
        csrf = False

    code = StringField()
    name = StringField()


def fresh_form() -> UnitForm:
    form = UnitForm()
    form.validate()
    return form


def test_an_error_naming_a_field_of_the_form_goes_under_it(app):
    with app.test_request_context("/"):
        form = fresh_form()
        attach_errors(form, ValidationFailed("编码已被占用。", fields={"other": "x", "code": "taken"}))
        assert form.code.errors == ["编码已被占用。"] and form.form_errors == []


def test_an_error_naming_no_field_of_the_form_goes_on_top(app):
    with app.test_request_context("/"):
        form = fresh_form()
        attach_errors(form, ValidationFailed("操作无法完成。", fields={"unit_code": "inactive"}))
        assert form.form_errors == ["操作无法完成。"] and not form.code.errors


def test_several_field_messages_each_go_where_they_belong(app):
    with app.test_request_context("/"):
        form = fresh_form()
        attach_errors(form, FieldErrors({"name": "请填写名称。", "lessons": "至少一课。"}))
        assert form.name.errors == ["请填写名称。"] and form.form_errors == ["至少一课。"]
