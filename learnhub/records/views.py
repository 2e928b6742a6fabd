"""我的学时: a member's ledger entries for a year, with the total."""

from __future__ import annotations

from flask import Blueprint, g, render_template, request
from flask_login import current_user, login_required

from learnhub.core.query_args import positive_int
from learnhub.core.timeutil import local_today
from learnhub.records import services

bp = Blueprint("records", __name__)


@bp.get("/me/credits")
@login_required
def my_credits():
    g.section = "records"
    this_year = local_today().year
    year = request.args.get("year", type=positive_int) or this_year
    if not 1900 <= year <= 9999:  # a crafted ?year= must not reach the database as is
        year = this_year
    ledger = services.member_year(current_user.id, year)
    years = sorted(set(services.member_years(current_user.id)) | {this_year}, reverse=True)
    return render_template("records/my_credits.html", ledger=ledger, years=years)
