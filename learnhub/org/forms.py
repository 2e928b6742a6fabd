"""Form pieces every org room shares (shape and format only; the rules live in services):
select choices, the unit code field and reading a unit from it, the confirm button."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from learnhub.core.forms import Form
from learnhub.org.labels import PARTY_POST_LABELS, POLITICAL_STATUS_LABELS
from learnhub.org.models import PartyPost, PoliticalStatus, Unit
from learnhub.org.units.services import unit_by_code


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


ALL = ("", _l("全部"))
POLITICAL_STATUS_CHOICES = [(s.value, POLITICAL_STATUS_LABELS.get(s.value, s.value))
                            for s in PoliticalStatus]
PARTY_POST_CHOICES = [(p.value, PARTY_POST_LABELS.get(p.value, p.value)) for p in PartyPost]
NO_PARTY_POST = ("", _l("无"))
CODE_PATTERN = Regexp(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
                      message=_l("编码只能包含字母、数字、点、下划线和连字符。"))


def unit_code_field(label, *, required: bool = True) -> StringField:
    checks = [DataRequired(_l("请输入组织编码。"))] if required else [Optional()]
    return StringField(label, validators=[*checks, Length(max=64)],
                       description=_l("输入组织编码，或从列表中选择。"),
                       render_kw={"list": "unit-options", "autocomplete": "off"})


def unit_from_field(form: Form, name: str) -> Unit | None:
    """The unit whose code is in `form[name]`, or None with an error on that field."""
    code = (form[name].data or "").strip()
    unit = unit_by_code(code) if code else None
    if code and unit is None:
        form[name].errors = [*form[name].errors, gettext("组织编码 %(code)s 不存在。", code=code)]
    return unit


class ConfirmForm(Form):
    """A button that only carries the CSRF token: for confirmations and one-click actions."""
