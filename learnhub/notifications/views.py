"""通知: the member's inbox, and marking one or all read (POST, CSRF checked globally)."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from learnhub.core.query_args import requested_page
from learnhub.core.timeutil import now_utc
from learnhub.extensions import db
from learnhub.notifications import services
from learnhub.notifications.blueprint import bp


@bp.get("")
@login_required
def inbox():
    g.section = "notifications"
    page, per_page = requested_page(current_app.config["PAGE_SIZE"])
    shown = services.inbox(current_user, page=page, per_page=per_page)
    return render_template("notifications/inbox.html", page=shown)


@bp.post("/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int):
    """Mark it read; with `open`, go on to what it is about (the inbox's 查看 button)."""
    notification = services.get_own(current_user, notification_id)
    services.mark_read(notification, now_utc())
    db.session.commit()
    if request.form.get("open") and notification.link:
        return redirect(notification.link)
    return redirect(url_for(".inbox", page=request.form.get("page", type=int) or None))


@bp.post("/read-all")
@login_required
def mark_all_read():
    marked = services.mark_all_read(current_user, now_utc())
    db.session.commit()
    flash(gettext("已将 %(count)s 条通知标为已读。", count=marked), "success")
    return redirect(url_for(".inbox"))
