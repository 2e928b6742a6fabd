"""The upload form of /quizzes/import (shape only; the rules live in `services`)."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from learnhub.core.forms import Form, strip


class QuizImportForm(Form):
    file = FileField(_l("题目文件"), validators=[FileRequired(_l("请选择要导入的文件。"))],
                     description=_l("纯文本文件（.txt、.gift），UTF-8 或 GB18030 编码，不超过 5 MB。"),
                     render_kw={"accept": ".txt,.gift,.md,text/plain,text/markdown"})
    file_format = SelectField(_l("文件格式"), choices=[])
    bank = StringField(_l("题库标识（可不填）"), filters=[strip],
                       validators=[Optional(), Length(max=100)],
                       description=_l("不填时用文件名；中文文件名请填写，如 party-rules。"
                                      "已有的题库会被文件中的题目替换。"))
