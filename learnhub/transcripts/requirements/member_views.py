"""The page every member can read: how their 学时 are counted and what this year asks."""

from __future__ import annotations

from flask import g, render_template
from flask_login import current_user, login_required

from learnhub.core.timeutil import local_today
from learnhub.transcripts.blueprint import bp
from learnhub.transcripts.requirements.explained import credit_rules


@bp.get("/credit-rules")
@login_required
def credit_rules_page():
    g.section = "credit_rules"
    return render_template("transcripts/credit_rules.html",
                           page=credit_rules(current_user, local_today()))
