"""iCalendar pages: a meeting's `.ics`, the member's feed settings, and the feed itself.

The feed answers without login (calendar apps cannot log in): the secret in its URL is
the credential, so it answers 404 alike for unknown, revoked and deactivated tokens, is
rate-limited per token and per address, and is never cached by anything in between.
"""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from learnhub.core.timeutil import now_utc
from learnhub.core.transactions import reads_without_transaction
from learnhub.discussions import access
from learnhub.discussions.blueprint import bp
from learnhub.discussions.calendar_feed import tokens
from learnhub.discussions.calendar_feed.events import calendar_of
from learnhub.discussions.calendar_feed.feed import feed_meetings
from learnhub.discussions.models import Meeting
from learnhub.extensions import db, limiter

ICS_TYPE = "text/calendar; charset=utf-8"


def meeting_page_url(meeting: Meeting) -> str:
    """The meeting's page, absolute: /meetings/<id> (the page every room links to)."""
    return f"{request.host_url.rstrip('/')}{bp.url_prefix}/{meeting.id}"


def _token_key() -> str:
    # The limiter's storage (Redis in production) sees the token's hash, never the token.
    return "calendar-feed:" + tokens.hash_token(str((request.view_args or {}).get("token", "")))


@bp.get("/<int:meeting_id>.ics")
@login_required
def meeting_ics(meeting_id: int):
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or not access.can_view(current_user, meeting):
        abort(404)
    body = calendar_of([meeting], page_url=meeting_page_url, stamp=now_utc())
    return Response(body, content_type=ICS_TYPE, headers={
        "Content-Disposition": f'attachment; filename="meeting-{meeting.id}.ics"'})


@bp.get("/feed/<token>.ics")
@limiter.limit(lambda: current_app.config["CALENDAR_FEED_LIMIT_PER_IP"])
@limiter.limit(lambda: current_app.config["CALENDAR_FEED_LIMIT_PER_TOKEN"], key_func=_token_key)
@reads_without_transaction
def feed(token: str):
    member = tokens.member_for_token(token)
    if member is None:
        abort(404)
    now = now_utc()
    body = calendar_of(feed_meetings(member, now=now), page_url=meeting_page_url, stamp=now,
                       name=gettext("组织生活 · %(name)s", name=member.name))
    return Response(body, content_type=ICS_TYPE, headers={
        "Cache-Control": "private, no-store",
        "Content-Disposition": 'inline; filename="learnhub-meetings.ics"'})


@bp.get("/calendar-feed")
@login_required
def calendar_feed():
    return _feed_page(feed_url=None)


@bp.post("/calendar-feed")
@login_required
def issue_calendar_feed():
    """Make the URL, or a new one in place of the old; shown in this response only. The
    loser of two requests at once goes back to the page, told that the other one won."""
    try:
        token = tokens.issue(current_user, now=now_utc())
    except tokens.TokenRaced as raced:
        db.session.rollback()
        flash(raced.translated(), "error")
        return redirect(url_for(".calendar_feed"))
    db.session.commit()
    return _feed_page(feed_url=url_for(".feed", token=token, _external=True))


@bp.get("/calendar-feed/<any(regenerate, revoke):action>")
@login_required
def confirm_calendar_feed(action: str):
    live = tokens.live_token(current_user)
    if live is None:
        return redirect(url_for(".calendar_feed"))
    return render_template("discussions/calendar_feed/confirm.html", action=action, live=live)


@bp.post("/calendar-feed/revoke")
@login_required
def revoke_calendar_feed():
    if tokens.revoke(current_user, now=now_utc()):
        flash(gettext("订阅地址已停用，日历将不再更新。"), "success")
    db.session.commit()
    return redirect(url_for(".calendar_feed"))


def _feed_page(*, feed_url: str | None) -> Response:
    response = Response(render_template(
        "discussions/calendar_feed/settings.html", feed_url=feed_url,
        live=tokens.live_token(current_user)))
    response.headers["Cache-Control"] = "no-store"
    return response
