"""签到 pages: a member's sign-in (phone), the room's screen, opening and closing sign-in,
and the attendance list where the host or recorder sets statuses by hand."""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import get_timezone, gettext
from flask_login import current_user, login_required

from learnhub.core.errors import DomainError
from learnhub.core.forms import flash_outcome
from learnhub.core.timeutil import now_utc, to_local
from learnhub.discussions import access
from learnhub.discussions.attendance import pages, services
from learnhub.discussions.attendance.failures import ExpiredCode, WrongCode
from learnhub.discussions.attendance.forms import (
    STATUS_LABELS,
    AttendanceForm,
    OpenSigninForm,
    SigninForm,
)
from learnhub.discussions.blueprint import bp
from learnhub.extensions import db, limiter

# Beyond the per-meeting wrong-code lock (services): any member's sign-in POSTs, right or
# wrong, across meetings, counted by Flask-Limiter (shared through Redis when configured).
SIGNIN_POSTS_PER_MEMBER = "30 per minute"


def _member_key() -> str:
    return "signin-member:" + str(current_user.get_id())


def _running(meeting_id: int):
    meeting = pages.get_meeting(meeting_id)
    if not access.can_run(current_user, meeting):
        abort(403)
    return meeting


@bp.route("/<int:meeting_id>/signin", methods=["GET", "POST"])
@login_required
@limiter.limit(SIGNIN_POSTS_PER_MEMBER, methods=["POST"], key_func=_member_key)
def signin(meeting_id: int):
    """GET `?code=` (from the QR code) fills the form; POST signs in and comes back here."""
    g.section = "discussions"
    meeting = pages.get_meeting(meeting_id)
    form = SigninForm(code=request.args.get("code", ""))
    error, status = None, 200
    if form.validate_on_submit():
        now = now_utc()
        try:
            done = services.sign_in(current_user, meeting, form.code.data, now)
        except (WrongCode, ExpiredCode) as wrong:
            db.session.commit()  # keep the wrong code: it counts towards the lock
            error, status = wrong.translated(), wrong.status
        except DomainError as refused:
            db.session.rollback()
            error, status = refused.translated(), refused.status
        else:
            # Translated before the commit, which expires the member the locale is read from.
            if done.already:
                flash(gettext("你已签到，无需重复签到。"), "info")
            else:
                flash(gettext("签到成功。"), "success")
            db.session.commit()
            return redirect(url_for(".signin", meeting_id=meeting_id))
    elif request.method == "POST":
        status = 422
    page = pages.signin_page(current_user, meeting, now_utc())
    if page.invitation is None and error is None:
        status = 403
    return render_template("discussions/attendance/signin.html", page=page, form=form,
                           error=error), status


@bp.get("/<int:meeting_id>/signin/screen")
@login_required
def signin_screen(meeting_id: int):
    """The room's screen: code, QR code, countdown and how many have signed in."""
    meeting = _running(meeting_id)
    signin = services.get_signin(meeting)
    now = now_utc()
    if not services.accepting(signin, meeting, now):
        return render_template("discussions/attendance/screen_closed.html", meeting=meeting,
                               signin=signin, window=services.window(meeting),
                               form=OpenSigninForm(without_code=bool(
                                   meeting.online_url and not meeting.place)))
    assert signin is not None
    return render_template("discussions/attendance/screen.html", meeting=meeting,
                           signin=signin, screen=pages.screen(meeting, signin, now))


@bp.get("/<int:meeting_id>/signin/screen/state")
@login_required
def signin_screen_state(meeting_id: int):
    """What the screen's script refreshes each step: JSON with the code and QR markup."""
    meeting = _running(meeting_id)
    signin = services.get_signin(meeting)
    now = now_utc()
    if not services.accepting(signin, meeting, now):
        return jsonify({"open": False})
    assert signin is not None
    screen = pages.screen(meeting, signin, now)
    return jsonify({"open": True, "code": screen.code, "seconds_left": screen.seconds_left,
                    "url": screen.url, "qr_svg": str(screen.qr), "signed_in": screen.signed_in,
                    "invited": screen.invited})


@bp.post("/<int:meeting_id>/signin/open")
@login_required
def open_signin(meeting_id: int):
    meeting = _running(meeting_id)
    form = OpenSigninForm()
    if form.validate_on_submit():
        with flash_outcome(gettext("签到已开启。")):
            services.open_signin(current_user, meeting, now_utc(),
                                 with_code=not form.without_code.data)
    return redirect(url_for(".signin_screen", meeting_id=meeting_id))


@bp.post("/<int:meeting_id>/signin/close")
@login_required
def close_signin(meeting_id: int):
    meeting = _running(meeting_id)
    if OpenSigninForm().validate_on_submit():
        with flash_outcome(gettext("签到已关闭。")):
            services.close_signin(current_user, meeting, now_utc())
    return redirect(url_for(".attendance", meeting_id=meeting_id))


@bp.get("/<int:meeting_id>/attendance")
@login_required
def attendance(meeting_id: int):
    g.section = "discussions"
    meeting = pages.get_meeting(meeting_id)
    if not access.can_record(current_user, meeting):
        abort(403)
    now = now_utc()
    signin = services.get_signin(meeting)
    return render_template("discussions/attendance/attendance.html", meeting=meeting,
                           rows=pages.roster(meeting), signin=signin,
                           accepting=services.accepting(signin, meeting, now),
                           can_run=access.can_run(current_user, meeting),
                           # translated once, not once per row
                           statuses=[(value, str(label)) for value, label in STATUS_LABELS])


@bp.post("/<int:meeting_id>/attendance/<int:invitation_id>")
@login_required
def set_attendance(meeting_id: int, invitation_id: int):
    meeting = pages.get_meeting(meeting_id)
    if not access.can_record(current_user, meeting):
        abort(403)
    invitation = pages.get_invitation(meeting, invitation_id)
    form = AttendanceForm()
    if form.validate_on_submit():
        with flash_outcome(gettext("出勤状态已保存。")):
            services.set_attendance(current_user, invitation, form.status.data,
                                    form.reason.data or "", now_utc())
    else:
        flash(gettext("请选择有效的出勤状态。"), "error")
    return redirect(url_for(".attendance", meeting_id=meeting_id) + f"#invitee-{invitation.id}")


@bp.app_template_filter("time_of_day")
def time_of_day(value: datetime) -> str:
    """`14:05` in the reader's zone: a sign-in time on the day of its meeting."""
    return to_local(value, get_timezone()).strftime("%H:%M")
