"""Login, logout, password change and language choice."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user, login_required, login_user, logout_user

from learnhub.auth import services
from learnhub.auth.forms import ChangePasswordForm, LoginForm
from learnhub.core.errors import ValidationFailed
from learnhub.core.timeutil import now_utc
from learnhub.extensions import db, limiter

bp = Blueprint("auth", __name__)

# Pages a member who must set a new password may still reach.
OPEN_WHILE_PASSWORD_EXPIRED = {"auth.change_password", "auth.logout", "auth.set_language",
                               "static", "home.healthz"}


def is_safe_next(target: str | None) -> bool:
    """Only a local path: no scheme, no host, no `//`, `/\\` or control characters."""
    if not target:
        return False
    # Check the text as given and as a browser may decode it (`/%09/evil` → `/\t/evil`).
    for candidate in (target, unquote(target)):
        if not candidate.startswith("/"):
            return False
        if any(ord(ch) < 0x20 or ch.isspace() for ch in candidate):
            return False
        normalised = candidate.replace("\\", "/")
        parts = urlsplit(normalised)
        if normalised.startswith("//") or parts.scheme or parts.netloc:
            return False
    return True


def _account_key() -> str:
    return "login-account:" + (request.form.get("employee_no") or "").strip().lower()


@bp.before_app_request
def require_new_password():
    """Until a first or reset password is replaced, only the password page opens.
    The open pages are checked first: they need not load the member (a query), so
    /healthz and static files answer the same with or without a session cookie."""
    if request.endpoint in OPEN_WHILE_PASSWORD_EXPIRED:
        return None
    if current_user.is_authenticated and current_user.must_change_password:
        return redirect(url_for("auth.change_password"))
    return None


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_IP"], methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], methods=["POST"],
               key_func=_account_key)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm(next=request.args.get("next", ""))
    error = None
    if form.validate_on_submit():
        try:
            member = services.authenticate(form.employee_no.data, form.password.data,
                                           now=now_utc())
        except services.LoginFailed as failure:
            db.session.commit()  # keep the failure count
            error = failure.translated()
        else:
            db.session.commit()
            language = session.get("lang")  # chosen on the login page; keep it
            session.clear()
            if language:
                session["lang"] = language
            login_user(member)
            target = form.next.data
            return redirect(target if is_safe_next(target) else url_for("home.index"))
    return render_template("auth/login.html", form=form, error=error), 401 if error else 200


@bp.post("/logout")
def logout():
    # A session already ended elsewhere (a 退出 clicked in a stale tab) just lands on the
    # login page; login_required would send it back to GET /logout, a 405, after login.
    if current_user.is_authenticated:
        services.end_sessions(current_user)
        db.session.commit()
        logout_user()
    session.clear()
    flash(gettext("你已安全退出。"), "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, current_password=form.current_password.data,
                                     new_password=form.new_password.data)
        except ValidationFailed as problem:
            field_name = next(iter(problem.fields), "new_password")
            getattr(form, field_name).errors.append(problem.translated())
        else:
            member = current_user._get_current_object()
            db.session.commit()
            login_user(member)  # the new session version goes into this session only
            flash(gettext("密码已修改。其他设备上的登录已失效。"), "success")
            return redirect(url_for("home.index"))
    return render_template("auth/change_password.html", form=form)


@bp.post("/language")
def set_language():
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            services.set_locale(current_user, lang)
            db.session.commit()
    target = request.form.get("next", "")
    return redirect(target if is_safe_next(target) else url_for("home.index"))
