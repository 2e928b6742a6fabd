"""The catalogue's filter bar (shape only; the search lives in catalogue/services.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from learnhub.core.forms import Form
from learnhub.courses.catalogue.services import MAX_QUERY_LENGTH


class CatalogueFilterForm(Form):
    """The catalogue's filter bar (GET, so no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(_l("搜索"), validators=[Optional(), Length(max=MAX_QUERY_LENGTH)],
                    description=_l("搜索课程标题、简介和课文，例如“党建”"),
                    render_kw={"type": "search"})
    category = SelectField(_l("专题"), validate_choice=False)
    tag = SelectField(_l("标签"), validate_choice=False)
