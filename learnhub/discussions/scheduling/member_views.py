"""组织生活 for members: my upcoming meetings (list or month), a meeting's page, my reply."""

from __future__ import annotations

import re

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from learnhub.core.forms import form_outcome, form_status
from learnhub.core.timeutil import now_utc
from learnhub.discussions.blueprint import bp
from learnhub.discussions.scheduling import pages, replies
from learnhub.discussions.scheduling.choices import schedulable_units
from learnhub.discussions.scheduling.forms import ReplyForm
from learnhub.discussions.scheduling.links import meeting_links

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@bp.get("/")
@login_required
def upcoming():
    g.section = "meetings"
    member = current_user._get_current_object()
    zone = pages.member_zone(member)
    now = now_utc()
    view = "month" if request.args.get("view") == "month" else "list"
    month = None
    if view == "month":
        match = MONTH.match(request.args.get("month", ""))
        today = now.astimezone(zone).date()
        year, number = (int(match[1]), int(match[2])) if match else (today.year, today.month)
        if not (1 <= number <= 12 and 1900 < year < 3000):
            year, number = today.year, today.month
        month = pages.month_of(member, year, number, zone)
    rows = pages.upcoming(member, now) if view == "list" else []
    return render_template("discussions/scheduling/upcoming.html", view=view, meetings=rows,
                           month=month, zone=zone.key, today=now.astimezone(zone).date(),
                           may_schedule=bool(schedulable_units(member)))


@bp.route("/<int:meeting_id>", methods=["GET", "POST"])
@login_required
def meeting(meeting_id: int):
    g.section = "meetings"
    member = current_user._get_current_object()
    page = pages.meeting_page(member, meeting_id)
    if request.method == "POST" and page.invitation is None:
        abort(403)  # only invitees reply
    form = ReplyForm()
    if page.invitation is not None and not form.is_submitted():
        form.answer.data = {"attending": "attending"}.get(page.invitation.reply.value,
                                                          "leave" if page.invitation.reply.value
                                                          .startswith("leave") else None)
        form.reason.data = page.invitation.leave_reason
    if page.invitation is not None and form.validate_on_submit():
        with form_outcome(form) as outcome:
            replies.reply(member, page.meeting, attending=form.answer.data == "attending",
                          reason=form.reason.data or "", now=now_utc())
        if outcome.succeeded:
            flash(gettext("已提交回复。"), "success")
            return redirect(url_for(".meeting", meeting_id=meeting_id))
    now = now_utc()
    links = meeting_links(page.meeting, is_seminar=page.kind.is_seminar,
                          invited=page.invitation is not None, may_run=page.may_run,
                          may_record=page.may_run or page.meeting.recorder_id == member.id,
                          now=now)
    return render_template("discussions/scheduling/meeting.html", page=page, form=form,
                           links=links, zone=pages.member_zone(member).key,
                           now=now), form_status(form)
