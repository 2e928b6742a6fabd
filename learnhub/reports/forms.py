"""The filter bar (GET): which report's table, unit, course, year, 政治面貌. It only draws
the choices; filters.py and scope.py check what comes back."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField
from wtforms.fields.choices import SelectChoice

from learnhub.core.forms import Form
from learnhub.org.models import Unit
from learnhub.reports.filters import POLITICAL_STATUSES


class ReportFilterForm(Form):
    class Meta:
        csrf = False

    report = SelectField(_l("明细"), choices=[SelectChoice("completions", _l("必修课程完成情况")),
                                               SelectChoice("credits", _l("学时达标情况"))])
    unit = SelectField(_l("组织"))
    course = SelectField(_l("课程"))
    year = IntegerField(_l("年度"))
    political_status = SelectField(_l("政治面貌"))

    def offer(self, units: Sequence[Unit], courses: Sequence[tuple[str, str]],
              everything: bool) -> None:
        first = [SelectChoice("", gettext("全部组织"))] if everything else []
        self.unit.choices = first + [SelectChoice(unit.code, "　" * unit.depth + unit.name)
                                     for unit in units]
        self.course.choices = [SelectChoice("", gettext("全部必修课程")),
                               *[SelectChoice(slug, title) for slug, title in courses]]
        self.political_status.choices = [
            SelectChoice("", gettext("全部")),
            *[SelectChoice(value, gettext(value)) for value in POLITICAL_STATUSES]]
