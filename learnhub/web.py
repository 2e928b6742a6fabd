"""Wiring for the web surface: login, language, security headers, the menu."""

from __future__ import annotations

import functools

from babel import Locale
from flask import Flask, current_app, g, has_request_context, request, session, url_for
from flask_babel import get_locale, get_translations, lazy_gettext
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup
from werkzeug.routing import IntegerConverter

from learnhub.core.feature import NavItem, registry
from learnhub.core.query_args import MAX_INT, positive_int
from learnhub.extensions import babel, login_manager

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class DatabaseIdConverter(IntegerConverter):
    """`<int:…>` in URLs names rows; a number beyond the 32-bit id columns cannot exist, so
    it is a 404 rather than an overflow in the database driver (a 500)."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=MAX_INT, signed=False):
        super().__init__(url_map, fixed_digits, min, max, signed)


def register_web(app: Flask) -> None:
    from learnhub.core.control_characters import refuse_control_characters

    app.url_map.converters["int"] = DatabaseIdConverter  # before any rule is added
    app.before_request(refuse_control_characters)  # before every view and blueprint hook
    babel.init_app(app, locale_selector=lambda: parsed_locale(select_locale()),
                   timezone_selector=select_timezone)
    # After Flask-Babel's: these replace its own (the i18n extension adds the method).
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_template_gettext, ngettext=_template_ngettext, newstyle=True,
        pgettext=_template_pgettext, npgettext=_template_npgettext)
    # `_()` is the most frequent call in templates; Jinja's newstyle `_` goes through three
    # context calls per string, this one through one (same result: see `_gettext_newstyle`).
    app.jinja_env.globals["_"] = _gettext_newstyle
    app.jinja_env.globals["static_url"] = static_url
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("请先登录。")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_member)

    app.after_request(set_security_headers)
    app.context_processor(template_context)
    from learnhub.core import formatting

    formatting.register_filters(app)


def load_member(user_id: str):
    """Session ids look like '<id>:<session_version>'; an old version logs the cookie out."""
    from learnhub.org.permissions import load_member_with_grants

    member_id, _, version = user_id.partition(":")
    try:
        number, session_version = positive_int(member_id), positive_int(version)
    except ValueError:
        return None
    member = load_member_with_grants(number)
    if member is None or not member.active or member.session_version != session_version:
        return None
    return member


# Flask-Babel looks the catalogue up anew for every string (about 35 µs: nine context-local
# lookups and formatting the locale name), which made translating a page's strings a fifth
# of its server time. `template_context` looks it up once per render instead; a template
# rendered without it (a macro imported without context) falls back to Flask-Babel.
TRANSLATIONS_KEY = "_translations"


def _render_translations(context):
    translations = context.get(TRANSLATIONS_KEY)
    return translations if translations is not None else get_translations()


@pass_context
def _template_gettext(context, message: str) -> str:
    return _render_translations(context).ugettext(message)


@pass_context
def _gettext_newstyle(context, message: str, **variables) -> str:
    """Jinja's newstyle gettext (jinja2.ext._make_new_gettext) in one call: translated,
    marked safe when autoescaping so that only the variables are escaped, and always
    %-formatted (so a literal % is written %%, as everywhere else)."""
    translated = _render_translations(context).ugettext(message)
    if context.eval_ctx.autoescape:
        translated = Markup(translated)
    return translated % variables


@pass_context
def _template_ngettext(context, singular: str, plural: str, number: int) -> str:
    return _render_translations(context).ungettext(singular, plural, number)


@pass_context
def _template_pgettext(context, message_context: str, message: str) -> str:
    return _render_translations(context).upgettext(message_context, message)


@pass_context
def _template_npgettext(context, message_context: str, singular: str, plural: str,
                        number: int) -> str:
    return _render_translations(context).unpgettext(message_context, singular, plural, number)


def static_url(filename: str) -> str:
    """`url_for('static', filename=…)`, remembered per mount point: the same on every page,
    and building a URL costs about 15 µs (five on every page)."""
    if not has_request_context():
        return url_for("static", filename=filename)
    return _static_url(request.script_root, filename)


@functools.lru_cache(maxsize=256)
def _static_url(script_root: str, filename: str) -> str:
    return url_for("static", filename=filename)


@functools.cache
def parsed_locale(identifier: str) -> Locale:
    """Babel's Locale.parse scans every known locale name; do it once per identifier
    (Flask-Babel would parse the selected string again on every request)."""
    return Locale.parse(identifier)


def select_locale() -> str:
    config = current_app.config
    languages = config["LANGUAGES"]
    if not has_request_context():  # CLI: Chinese, as the operators read it
        return config["BABEL_DEFAULT_LOCALE"]
    member = current_user._get_current_object()  # once, not through the proxy per check
    signed_in = member is not None and member.is_authenticated
    if signed_in and member.locale in languages:
        return member.locale
    if session.get("lang") in languages:
        return session["lang"]
    if signed_in:
        # A member who never chose a language reads Chinese, whatever the browser says;
        # Accept-Language only decides for visitors before login.
        return config["BABEL_DEFAULT_LOCALE"]
    best = request.accept_languages.best_match(["zh_CN", "zh", "en"])
    if best == "en":
        return "en"
    return config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    if not has_request_context():
        return current_app.config["TIMEZONE"]
    member = current_user._get_current_object()
    if member is not None and member.is_authenticated and member.timezone:
        return member.timezone
    return current_app.config["TIMEZONE"]


def set_security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.endpoint and request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def navigation_for(member) -> list[NavItem]:
    """The features' menu entries this member may use (tests check every endpoint exists)."""
    from learnhub.org.models import Role
    from learnhub.org.permissions import has_role

    return [item for item in registry().navigation
            if not item.role or has_role(member, Role(item.role))
            or (item.also is not None and item.also(member))]


def template_context() -> dict:
    locale = str(get_locale() or "zh_CN")
    member = current_user._get_current_object()  # once, not through the proxy per check
    nav = navigation_for(member) if member.is_authenticated else []
    return {
        "html_lang": "zh-CN" if locale.startswith("zh") else "en",
        "current_locale": locale,
        "nav_items": nav,
        TRANSLATIONS_KEY: get_translations(),
        "active_section": g.get("section", ""),
        "nav_badges": g.get("nav_badges", {}),  # read with the member (org.permissions)
    }
