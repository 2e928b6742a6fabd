"""Forms of the org tree pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from learnhub.core.forms import Form
from learnhub.org.forms import CODE_PATTERN, choices, unit_code_field
from learnhub.org.labels import UNIT_KIND_LABELS
from learnhub.org.models import UnitKind


class UnitForm(Form):
    code = StringField(_l("组织编码"), validators=[DataRequired(_l("请输入组织编码。")),
                                                  Length(max=64), CODE_PATTERN],
                       description=_l("唯一，创建后不能修改，例如 GB01-B03。"))
    name = StringField(_l("组织名称"), validators=[DataRequired(_l("请输入组织名称。")),
                                                  Length(max=200)])
    kind = SelectField(_l("组织类型"), choices=choices(UNIT_KIND_LABELS.items()),
                       coerce=UnitKind, validate_choice=True)
    parent_code = unit_code_field(_l("上级组织"), required=False)


class RenameUnitForm(Form):
    name = StringField(_l("组织名称"), validators=[DataRequired(_l("请输入组织名称。")),
                                                  Length(max=200)])
    kind = SelectField(_l("组织类型"), choices=choices(UNIT_KIND_LABELS.items()),
                       coerce=UnitKind, validate_choice=True)


class MoveUnitForm(Form):
    parent_code = unit_code_field(_l("新的上级组织"))
    confirm = HiddenField()
