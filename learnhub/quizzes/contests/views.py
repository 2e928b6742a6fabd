"""知识竞赛 pages: the list of contests and each contest's board."""

from __future__ import annotations

from flask import g, render_template
from flask_login import current_user, login_required

from learnhub.core.pagination import Page
from learnhub.core.query_args import requested_page
from learnhub.core.timeutil import now_utc
from learnhub.quizzes.blueprint import bp
from learnhub.quizzes.contests import pages

MANAGED_PER_PAGE = 50


@bp.get("/contests")
@login_required
def contests():
    g.section = "contests"
    listed = pages.contest_list(current_user, now_utc())
    return render_template("quizzes/contests/list.html", contests=listed,
                           start_urls={c.slug: pages.start_url(c.slug) for c in listed.open})


@bp.get("/contests/<slug>/board")
@login_required
def contest_board(slug: str):
    g.section = "contests"
    page, per_page = requested_page(MANAGED_PER_PAGE)
    shown = pages.contest_board(current_user, slug, now=now_utc(),
                                offset=(page - 1) * per_page, limit=per_page)
    managed_page = None
    if shown.managed is not None:
        managed_page = Page(items=shown.managed, total=shown.managed_total, page=page,
                            per_page=per_page)
    return render_template("quizzes/contests/board.html", board=shown,
                           managed_page=managed_page, start_url=pages.start_url(slug))
