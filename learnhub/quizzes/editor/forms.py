"""Forms of the quiz editor (shape only; the rules are in editing.py and status.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Length, Regexp

from learnhub.core.forms import Form, strip
from learnhub.org.forms import choices
from learnhub.quizzes.blueprint import RESERVED_SLUGS
from learnhub.quizzes.format.parsing import MAX_FILE_BYTES
from learnhub.quizzes.format.settings import SLUG

MODE_CHOICES = choices([("quiz", _l("测验")), ("practice", _l("练习")),
                        ("contest", _l("知识竞赛"))])



def unix_newlines(value: str | None) -> str | None:
    """Browsers send textareas with CRLF; files, hashes and line numbers use LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class NewQuizForm(Form):
    slug = StringField(_l("测验标识"), filters=[strip], validators=[
        DataRequired(_l("请输入测验标识。")), Length(max=100),
        Regexp(SLUG, message=_l("测验标识只能用小写字母、数字、- 和 _，例如 party-rules-quiz。"))],
        description=_l("用于网址和导出的文件名（quizzes/<标识>.md）；创建后不能修改。"))
    title = StringField(_l("测验标题"), filters=[strip],
                        validators=[DataRequired(_l("请输入测验标题。")), Length(max=200)])
    mode = SelectField(_l("类型"), choices=MODE_CHOICES, default="quiz")
    course = SelectField(_l("所属课程（可选）"), choices=[], validate_choice=True,
                         description=_l("通过测验计入该课程的完成条件；只列出你可以编辑的课程。"))
    owner_unit = SelectField(_l("归属组织"), choices=[], validate_choice=True,
                             description=_l("该组织及上级组织的培训管理员可以编辑此测验。"))

    def validate_slug(self, field: StringField) -> None:
        if field.data in RESERVED_SLUGS:
            raise ValidationError(_l("这个标识是系统保留的网址，请换一个。"))


class EditorForm(Form):
    markdown = TextAreaField(
        _l("测验内容（Markdown）"), filters=[unix_newlines],
        validators=[Length(max=MAX_FILE_BYTES // 4, message=_l("内容太长。"))],
        description=_l("与 quizzes/<标识>.md 文件完全相同的格式：--- 之间是设置，之后每道题以 ## 开始。"),
        render_kw={"rows": 30, "spellcheck": "false", "class": "quiz-source"})
    token = HiddenField()


class ConfirmForm(Form):
    """Publish, archive, unarchive: only the CSRF token."""
