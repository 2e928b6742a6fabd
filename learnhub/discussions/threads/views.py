"""The discussion pages of a meeting: the thread with the new-post form, a reply, an edit,
and hiding a post (the host, with a reason)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from learnhub.core.errors import Forbidden
from learnhub.core.forms import form_outcome, form_status
from learnhub.core.query_args import requested_page
from learnhub.core.timeutil import now_utc
from learnhub.discussions.access import can_record, can_run
from learnhub.discussions.blueprint import bp
from learnhub.discussions.threads.forms import HideForm, PostForm, ReplyForm
from learnhub.discussions.threads.services import (
    POSTS_PER_PAGE,
    add_post,
    edit_post,
    get_meeting,
    get_post,
    hide_post,
    may_edit,
    may_see_hidden,
    page_of,
    thread,
)


def _thread_page(meeting, form: PostForm):
    page, per_page = requested_page(POSTS_PER_PAGE)
    return render_template(
        "discussions/threads/thread.html", meeting=meeting, form=form, reply_form=ReplyForm(),
        thread=thread(meeting, page=page, per_page=per_page), now=now_utc(),
        may_edit=may_edit, may_see_hidden=may_see_hidden, runs=can_run(current_user, meeting),
        records=can_record(current_user, meeting)), form_status(form)


@bp.get("/<int:meeting_id>/discussion")
@login_required
def thread_page(meeting_id: int):
    return _thread_page(get_meeting(current_user, meeting_id), PostForm())


@bp.post("/<int:meeting_id>/discussion")
@login_required
def new_post(meeting_id: int):
    meeting = get_meeting(current_user, meeting_id)
    form = PostForm()
    if form.validate_on_submit():
        with form_outcome(form) as outcome:
            post = add_post(current_user, meeting, form.body.data or "",
                            reflection=bool(form.reflection.data), now=now_utc())
        if outcome.succeeded:
            flash(gettext("已发布。"), "success")
            return _to_post(post)
    return _thread_page(meeting, form)


def _to_post(post):
    return redirect(url_for(".thread_page", meeting_id=post.meeting_id, page=page_of(post))
                    + f"#post-{post.id}")


@bp.route("/<int:meeting_id>/discussion/<int:post_id>/reply", methods=["GET", "POST"])
@login_required
def reply(meeting_id: int, post_id: int):
    meeting = get_meeting(current_user, meeting_id)
    parent = get_post(current_user, meeting, post_id)
    form = ReplyForm()
    if form.validate_on_submit():
        with form_outcome(form) as outcome:
            post = add_post(current_user, meeting, form.body.data or "", parent_id=parent.id,
                            now=now_utc())
        if outcome.succeeded:
            flash(gettext("已回复。"), "success")
            return _to_post(post)
    return render_template("discussions/threads/reply.html", meeting=meeting, parent=parent,
                           form=form, may_see_hidden=may_see_hidden), form_status(form)


@bp.route("/<int:meeting_id>/discussion/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(meeting_id: int, post_id: int):
    meeting = get_meeting(current_user, meeting_id)
    post = get_post(current_user, meeting, post_id)
    if post.author_id != current_user.id:
        raise Forbidden()
    form = PostForm(data={"body": post.body_markdown, "reflection": post.reflection})
    if form.validate_on_submit():
        with form_outcome(form) as outcome:
            edit_post(current_user, post, form.body.data or "",
                      reflection=bool(form.reflection.data), now=now_utc())
        if outcome.succeeded:
            flash(gettext("已保存修改。"), "success")
            return _to_post(post)
    return render_template("discussions/threads/edit.html", meeting=meeting, post=post,
                           form=form, editable=may_edit(current_user, post, now_utc())), \
        form_status(form)


@bp.route("/<int:meeting_id>/discussion/<int:post_id>/hide", methods=["GET", "POST"])
@login_required
def hide(meeting_id: int, post_id: int):
    meeting = get_meeting(current_user, meeting_id)
    post = get_post(current_user, meeting, post_id)
    if not can_run(current_user, meeting):
        raise Forbidden()
    form = HideForm()
    if form.validate_on_submit():
        with form_outcome(form) as outcome:
            hide_post(current_user, meeting, post, form.reason.data or "", now=now_utc())
        if outcome.succeeded:
            flash(gettext("已隐藏该发言。"), "success")
            return _to_post(post)
    return render_template("discussions/threads/hide.html", meeting=meeting, post=post,
                           form=form), form_status(form)
