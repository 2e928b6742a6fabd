"""The learner's pages: 我的课程, the course page, the lesson reader and its heartbeats,
and course files."""

from __future__ import annotations

from flask import g, jsonify, render_template, request, url_for
from flask_login import current_user, login_required

from learnhub.core.errors import ValidationFailed
from learnhub.core.timeutil import local_today, now_utc
from learnhub.core.transactions import reads_without_transaction, relax_durability
from learnhub.courses.assignments.learners import may_view_learners
from learnhub.courses.assignments.services import may_assign
from learnhub.courses.blueprint import bp
from learnhub.courses.study import heartbeats
from learnhub.courses.study.asset_serving import asset_response, readable_asset
from learnhub.courses.study.course_page import course_page, published_course
from learnhub.courses.study.lesson_page import lesson_page
from learnhub.courses.study.my_courses import my_courses
from learnhub.courses.study.settings import heartbeat_interval
from learnhub.extensions import db

MAX_SEQ = 2**31 - 1
MAX_TOKEN_LENGTH = 512  # a signed study token is about 150 characters


@bp.get("/me/courses")
@login_required
def mine():
    g.section = "my_courses"
    courses = my_courses(current_user, today=local_today())
    return render_template("courses/mine.html", courses=courses)


@bp.get("/courses/<slug>")
@login_required
def course(slug: str):
    g.section = "courses"
    course, version = published_course(slug)
    page = course_page(current_user, course, version, today=local_today(),
                                now=now_utc())
    html = render_template("courses/course.html", page=page,
                           can_assign=may_assign(current_user),
                           can_view_learners=may_view_learners(current_user))
    db.session.commit()  # a completion found due on this visit (after rendering: no expiry)
    return html


@bp.get("/courses/<slug>/lessons/<key>")
@login_required
@reads_without_transaction
def lesson(slug: str, key: str):
    """Read-only: the page's first heartbeat makes it the active lesson (heartbeats.py)."""
    g.section = "courses"
    member = current_user._get_current_object()
    page = lesson_page(member, slug, key)
    token = heartbeats.issue_token(member.id, page.course_id, page.version_id, page.lesson.key,
                              now=now_utc())
    # Lesson keys need no quoting (letters, digits, . - _), so the table of contents
    # appends them to this prefix instead of building one URL per lesson.
    prefix = url_for("courses.lesson", slug=page.slug, key=key)[:-len(key)]
    return render_template("courses/lesson.html", page=page, lesson=page.lesson,
                           state=page.state, token=token, lesson_prefix=prefix,
                           interval=heartbeat_interval())


class BadHeartbeat(ValidationFailed):
    code = "bad_heartbeat"
    message = "学习记录请求无效。"


@bp.post("/study/heartbeat")
@login_required
def heartbeat():
    """JSON `{token, seq, resume?}` → `{status, seconds, required_seconds, studied, ...}`."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadHeartbeat()
    token, seq, resume = body.get("token"), body.get("seq"), body.get("resume", False)
    if (not isinstance(token, str) or not 0 < len(token) <= MAX_TOKEN_LENGTH or isinstance(seq, bool)
            or not isinstance(seq, int) or not 0 < seq <= MAX_SEQ
            or not isinstance(resume, bool)):
        raise BadHeartbeat()
    relax_durability(db.session)  # a crash may lose a beat's seconds; never half a beat
    result = heartbeats.heartbeat(current_user, token=token, seq=seq, resume=resume, now=now_utc())
    db.session.commit()
    return jsonify(result.as_json())


@bp.get("/courses/<slug>/assets/<sha256>/<path:name>")
@login_required
def asset(slug: str, sha256: str, name: str):
    found = readable_asset(current_user, slug, sha256.lower())
    return asset_response(found)
