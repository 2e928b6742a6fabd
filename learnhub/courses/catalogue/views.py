"""课程: the catalogue page."""

from __future__ import annotations

from flask import current_app, g, render_template, request
from flask_babel import gettext
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from learnhub.core.query_args import positive_int
from learnhub.core.timeutil import local_today
from learnhub.courses.blueprint import bp
from learnhub.courses.catalogue.forms import CatalogueFilterForm
from learnhub.courses.catalogue.services import CatalogueFilters, catalogue, normalise_query

CATALOGUE_PAGE_SIZE = 20


@bp.get("/courses", endpoint="catalogue")
@login_required
def catalogue_page():
    g.section = "courses"
    form = CatalogueFilterForm(formdata=request.args)
    filters = CatalogueFilters(q=normalise_query(request.args.get("q", "")),
                               category=request.args.get("category", "").strip(),
                               tag=request.args.get("tag", "").strip())
    page = catalogue(current_user, filters, today=local_today(),
                     page=request.args.get("page", 1, type=positive_int),
                     per_page=current_app.config.get("CATALOGUE_PAGE_SIZE", CATALOGUE_PAGE_SIZE))
    everything = SelectChoice("", gettext("全部"))
    form.category.choices = [everything, *[SelectChoice(c, c) for c in page.categories]]
    form.tag.choices = [everything, *[SelectChoice(t, t) for t in page.tags]]
    return render_template("courses/catalogue.html", form=form, filters=filters, page=page)

