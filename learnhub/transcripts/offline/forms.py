"""Forms of the offline training pages (shape only; rules in services and importing)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, DecimalField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from learnhub.core.forms import Form, strip
from learnhub.transcripts.offline.services import TrainingInput


class TrainingForm(Form):
    title = StringField(_l("培训名称"), filters=[strip],
                        validators=[InputRequired(_l("请填写培训名称。")), Length(max=200)])
    provider = StringField(_l("举办单位"), filters=[strip], validators=[Length(max=200)],
                           description=_l("例如：市委党校、集团公司党委组织部。"))
    started_on = DateField(_l("开始日期"), validators=[InputRequired(_l("请填写开始日期。"))])
    ended_on = DateField(_l("结束日期"), validators=[InputRequired(_l("请填写结束日期。"))])
    hours = DecimalField(_l("学时"), places=2,
                         validators=[InputRequired(_l("请填写学时。")),
                                     NumberRange(0.01, 999.99, _l("学时必须大于 0 且不超过 999.99。"))],
                         render_kw={"inputmode": "decimal"})
    note = TextAreaField(_l("备注"), filters=[strip], validators=[Length(max=2000)])
    evidence = FileField(_l("证明材料"), validators=[Optional()],
                         description=_l("结业证书、通知或照片：PDF、PNG 或 JPEG，不超过 10 MB。"),
                         render_kw={"accept": ".pdf,.png,.jpg,.jpeg"})

    def training_input(self) -> TrainingInput:
        return TrainingInput(title=self.title.data or "", provider=self.provider.data or "",
                             started_on=self.started_on.data, ended_on=self.ended_on.data,
                             hours=self.hours.data, note=self.note.data or "")


class RecordForm(TrainingForm):
    """A manager records a member's training directly."""

    employee_no = StringField(_l("工号"), filters=[strip],
                              validators=[InputRequired(_l("请填写成员工号。")), Length(max=64)])


class ReasonForm(Form):
    reason = TextAreaField(_l("原因"), filters=[strip], validators=[Length(max=500)])


class ButtonForm(Form):
    """A button's form: the CSRF token only."""


class ImportUploadForm(Form):
    file = FileField(_l("培训记录文件"), validators=[FileRequired(_l("请选择要导入的文件。"))],
                     description=_l("支持 .xlsx 和 .csv（UTF-8 或 GB18030 编码），第一行是表头。"),
                     render_kw={"accept": ".xlsx,.csv"})


class ImportConfirmForm(Form):
    token = HiddenField(validators=[DataRequired()])
