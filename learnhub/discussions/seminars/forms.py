"""Forms of the seminar pages (shape only; rules in setup and reflections)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import InputRequired, Length, NumberRange

from learnhub.core.forms import Form, strip
from learnhub.discussions.seminars.setup import MAX_MIN_REFLECTION_CHARS


def unix_newlines(value: str | None) -> str | None:
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class CheckboxList(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class SetupForm(Form):
    theme = StringField(_l("研讨主题"), filters=[strip], validators=[Length(max=200)],
                        description=_l("例如：深入学习贯彻党的二十大精神。"))
    min_reflection_chars = IntegerField(
        _l("心得最少字数"), validators=[InputRequired(_l("请输入心得最少字数。")),
                                   NumberRange(0, MAX_MIN_REFLECTION_CHARS,
                                               _l("请输入 0 到 %(max)s 之间的整数。"))],
        description=_l("不计空白；0 表示不限。"), render_kw={"inputmode": "numeric"})
    speakers = CheckboxList(_l("重点发言"), coerce=int, validate_choice=True,
                            description=_l("从参会人员中选择重点发言人。"))


class DocumentForm(Form):
    file = FileField(_l("选择文件"), validators=[FileRequired(_l("请选择要上传的文件。"))],
                     description=_l("PDF、Word（.docx）或 Excel（.xlsx），每个不超过 20 MB。"),
                     render_kw={"accept": ".pdf,.docx,.xlsx"})


class ConfirmForm(Form):
    """A button's form: the CSRF token only."""


class ReflectionForm(Form):
    markdown = TextAreaField(_l("我的心得"), filters=[unix_newlines],
                             validators=[InputRequired(_l("请填写心得。"))],
                             render_kw={"rows": 14})
