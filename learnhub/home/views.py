"""工作台: who you are, your unit and roles, and what needs doing."""

from __future__ import annotations

from flask import Blueprint, g, render_template
from flask_login import current_user, login_required

from learnhub.core.timeutil import local_today
from learnhub.home import services

bp = Blueprint("home", __name__)


@bp.get("/")
@login_required
def index():
    g.section = "home"
    dashboard = services.dashboard_for(current_user, today=local_today())
    return render_template("home/index.html", dashboard=dashboard)


@bp.get("/healthz")
def healthz():
    ok = services.database_ok()
    body = {"status": "ok" if ok else "error", "database": "ok" if ok else "error"}
    return body, 200 if ok else 503
