"""Forms of the course editor (shape and format only; the rules live in edits.py)."""

from __future__ import annotations

import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from learnhub.authoring.fields import credit_hours_value
from learnhub.core.forms import Form, MultiCheckboxField, strip
from learnhub.courses.assignments.audience import CRITERIA
from learnhub.courses.format.fields import LESSON_KEY, MAX_MINUTES, SLUG
from learnhub.org.forms import PARTY_POST_CHOICES, POLITICAL_STATUS_CHOICES, choices

LIST_SEPARATORS = re.compile(r"[,，、;；\n]+")
ROLE_LABELS = [("trainer", _l("培训管理员")), ("manager", _l("组织管理员")),
               ("admin", _l("系统管理员"))]



def unix_newlines(value: str | None) -> str | None:
    """Browsers send textareas with CRLF; the files (and hashes) use LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def split_list(value: str | None) -> list[str]:
    """`党章, 党员权利、纪律` → ['党章', '党员权利', '纪律'] (commas of either width, 、 or ;)."""
    items: list[str] = []
    for item in LIST_SEPARATORS.split(value or ""):
        item = item.strip()
        if item and item not in items:
            items.append(item)
    return items



def unit_field(label, description) -> StringField:
    return StringField(label, validators=[DataRequired(_l("请输入组织编码。")), Length(max=64)],
                       filters=[strip], description=description,
                       render_kw={"list": "unit-options", "autocomplete": "off"})


class NewCourseForm(Form):
    slug = StringField(_l("课程标识"), filters=[strip], validators=[
        DataRequired(_l("请输入课程标识。")), Length(max=100),
        Regexp(SLUG, message=_l("课程标识只能用小写字母、数字、- 和 _，例如 party-rules。"))],
        description=_l("用于网址和导出的文件夹名；只能用小写字母、数字、- 和 _，创建后不能修改。"))
    title = StringField(_l("课程标题"), filters=[strip],
                        validators=[DataRequired(_l("请输入课程标题。")), Length(max=200)])
    owner_unit = unit_field(_l("归属组织"), _l("课程归属的组织编码；该组织及上级组织的培训管理员可以编辑此课程。"))


class CourseDetailsForm(Form):
    title = StringField(_l("课程标题"), filters=[strip],
                        validators=[DataRequired(_l("请输入课程标题。")), Length(max=200)])
    summary = TextAreaField(_l("简介"), filters=[strip, unix_newlines],
                            validators=[DataRequired(_l("请输入简介。")), Length(max=1000)],
                            description=_l("一两句话，显示在课程目录中。"),
                            render_kw={"rows": 3})
    category = StringField(_l("专题"), filters=[strip],
                           validators=[DataRequired(_l("请输入专题。")), Length(max=100)],
                           description=_l("例如：党章党规、党建实务、廉洁合规。"))
    tags = StringField(_l("标签"), filters=[strip], validators=[Length(max=1000)],
                       description=_l("多个标签用逗号或顿号分隔。"))
    credit_hours = StringField(_l("学时"), filters=[strip],
                               validators=[DataRequired(_l("请输入学时。"))],
                               description=_l("完成课程计入的学时，例如 2 或 1.5。"),
                               render_kw={"inputmode": "decimal"})
    owner_unit = unit_field(_l("归属组织"), _l("组织编码；该组织及上级组织的培训管理员可以编辑此课程。"))
    audience_political_status = MultiCheckboxField(
        _l("政治面貌"), choices=choices(POLITICAL_STATUS_CHOICES), validate_choice=True)
    audience_cadre_level = StringField(_l("干部级别"), filters=[strip],
                                       validators=[Length(max=1000)],
                                       description=_l("多个级别用逗号分隔，例如：中层正职、中层副职。"))
    audience_party_post = MultiCheckboxField(
        _l("党内职务"), choices=choices(PARTY_POST_CHOICES), validate_choice=True)
    audience_roles = MultiCheckboxField(_l("角色"), choices=choices(ROLE_LABELS), validate_choice=True)
    audience_units = StringField(_l("组织"), filters=[strip], validators=[Length(max=1000)],
                                 description=_l("组织编码，多个用逗号分隔；包括其所有下级组织。"))
    intro_markdown = TextAreaField(_l("课程介绍（Markdown）"), filters=[unix_newlines],
                                   render_kw={"rows": 14, "spellcheck": "false"})
    token = HiddenField()

    def validate_tags(self, field) -> None:
        if any(len(tag) > 50 for tag in split_list(field.data)):
            raise ValidationError(_l("每个标签最多 50 个字符。"))

    def validate_credit_hours(self, field) -> None:
        hours = credit_hours_value(field.data)
        if hours is None:
            raise ValidationError(_l("学时必须是 0 到 9999.99 之间的数字，最多两位小数。"))

    @property
    def credit_hours_decimal(self) -> Decimal:
        return credit_hours_value(self.credit_hours.data) or Decimal("0.00")


KEY_RULE = Regexp(LESSON_KEY, message=_l("课节标识只能用字母、数字、.、- 和 _，以字母或数字开头。"))


def minutes_field() -> IntegerField:
    return IntegerField(_l("预计学习分钟数"), validators=[
        DataRequired(_l("请输入 1 到 %(max)s 之间的整数。", max=MAX_MINUTES)),
        NumberRange(1, MAX_MINUTES, message=_l("请输入 1 到 %(max)s 之间的整数。", max=MAX_MINUTES))],
        render_kw={"inputmode": "numeric"})


class NewLessonForm(Form):
    title = StringField(_l("课节标题"), filters=[strip],
                        validators=[DataRequired(_l("请输入课节标题。")), Length(max=200)])
    minutes = minutes_field()
    key = StringField(_l("课节标识（可不填）"), filters=[strip],
                      validators=[Optional(), Length(max=100), KEY_RULE],
                      description=_l("学习进度按标识记录，发布后不能修改；不填则自动生成。"))


class LessonForm(Form):
    title = StringField(_l("课节标题"), filters=[strip],
                        validators=[DataRequired(_l("请输入课节标题。")), Length(max=200)])
    minutes = minutes_field()
    key = StringField(_l("课节标识"), filters=[strip],
                      validators=[Optional(), Length(max=100), KEY_RULE],
                      description=_l("学习进度按标识记录，发布后不能修改。"))
    video = SelectField(_l("视频"), choices=[], validate_choice=True, default="",
                        description=_l("选择已上传的 mp4 或 webm 文件，此课节即为视频课。"))
    markdown = TextAreaField(_l("正文（Markdown）"), filters=[unix_newlines],
                             render_kw={"rows": 24, "spellcheck": "false"})
    optional = BooleanField(_l("选学（所有人均可不学，不计入课程完成）"))
    token = HiddenField()
    # audience_<criterion>: the course details page's fields, for every criterion it has

    def audience_fields(self) -> list:
        return [self[name] for name in audience_field_names() if name in self]


def audience_field_names() -> list[str]:
    """The form fields of the audience criteria (`CRITERIA`) the details form offers."""
    return [f"audience_{criterion}" for criterion in CRITERIA
            if hasattr(CourseDetailsForm, f"audience_{criterion}")]


for _name in audience_field_names():  # the same fields, labels and choices as a course's
    setattr(LessonForm, _name, getattr(CourseDetailsForm, _name))


def audience_data(required: dict) -> dict:
    """Form data for the audience fields from `{criterion: [values]}`."""
    data = {}
    for name in audience_field_names():
        values = list(required.get(name.removeprefix("audience_"), []))
        multiple = issubclass(getattr(CourseDetailsForm, name).field_class, SelectMultipleField)
        data[name] = values if multiple else "、".join(values)
    return data


def audience_from(form) -> dict[str, list[str]]:
    """`{criterion: [values]}` (values may be empty) from the audience fields."""
    required = {}
    for f in form.audience_fields():
        criterion = f.name.removeprefix("audience_")
        if isinstance(f, SelectMultipleField):
            required[criterion] = list(f.data or [])
        else:
            required[criterion] = split_list(str(f.data or ""))
    return required


class AssetForm(Form):
    file = FileField(_l("选择文件"), validators=[FileRequired(_l("请选择要上传的文件。"))],
                     description=_l("图片（png、jpg、gif、webp）、附件（PDF、Office 文档等）或视频（mp4、webm）。"
                                    "同名文件会被替换。"))


class ImportForm(Form):
    file = FileField(_l("课程 zip 文件"), validators=[FileRequired(_l("请选择 zip 文件。"))],
                     description=_l("由“导出 zip”得到的文件，或按《课程编写说明》格式打包的课程文件夹。"),
                     render_kw={"accept": ".zip,application/zip"})
    slug = StringField(_l("课程标识（可不填）"), filters=[strip],
                       validators=[Optional(), Length(max=100),
                                   Regexp(SLUG, message=_l("课程标识只能用小写字母、数字、- 和 _。"))],
                       description=_l("只有 course.md 直接位于 zip 最上层时才需要填写。"))
    replace_draft = BooleanField(_l("替换已有草稿"),
                                 description=_l("课程已有未发布的草稿时，用 zip 的内容替换它。"))


class ConfirmForm(Form):
    """CSRF only (and, on the publish page, the draft hash that was confirmed)."""

    token = HiddenField()
