"""Forms of the member import pages (shape only; the rules live in `importing`)."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField
from wtforms.validators import DataRequired

from learnhub.core.forms import Form


class ImportUploadForm(Form):
    file = FileField(_l("成员名单文件"),
                     validators=[FileRequired(_l("请选择要导入的文件。"))],
                     description=_l("支持 .xlsx 和 .csv（UTF-8 或 GB18030 编码），第一行是表头。"),
                     render_kw={"accept": ".xlsx,.csv"})
    deactivate_missing = BooleanField(_l("停用文件中没有的成员"))
    issue_passwords = BooleanField(_l("为新成员生成初始密码"), default=True)


class ImportConfirmForm(Form):
    token = HiddenField(validators=[DataRequired()])
    digest = HiddenField(validators=[DataRequired()])
