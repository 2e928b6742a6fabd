"""Named domain failures and the one handler per surface (HTML, JSON, CLI)."""

from __future__ import annotations

import sys
from typing import Any, NoReturn

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, ServiceUnavailable


class DomainError(Exception):
    """A rule said no. `message` is a translatable msgid; `code` is for machines."""

    code = "domain_error"
    status = 400
    message = "操作无法完成。"

    def __init__(self, message: str | None = None, *, fields: dict[str, str] | None = None,
                 **params: Any) -> None:
        self.message = message or self.message
        self.fields = fields or {}
        self.params = params
        super().__init__(self.message)

    def translated(self) -> str:
        return gettext(self.message, **self.params)

    def field_messages(self) -> dict[str, str]:
        """One message per form field, for errors about several fields at once."""
        return {}


class NotFound(DomainError):
    code = "not_found"
    status = 404
    message = "找不到该对象。"


class Forbidden(DomainError):
    code = "forbidden"
    status = 403
    message = "你没有权限执行此操作。"


class Conflict(DomainError):
    code = "conflict"
    status = 409
    message = "数据已被修改，请刷新后重试。"


class ValidationFailed(DomainError):
    code = "invalid"
    status = 422
    message = "输入有误，请检查后重试。"


def wants_json() -> bool:
    """JSON for the API and for clients that ask for it; HTML for browsers and for clients
    with no preference (curl's `*/*`, no Accept header)."""
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best_match(["text/html", "application/json"])
        == "application/json"
    )


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError):
        from learnhub.extensions import db

        db.session.rollback()
        message = error.translated()
        if wants_json():
            body = {"error": {"code": error.code, "message": message, "fields": error.fields}}
            return jsonify(body), error.status
        return render_template("errors/error.html", status=error.status,
                               message=message), error.status

    @app.errorhandler(CSRFError)
    def handle_csrf_error(error: CSRFError):
        # Usually a form left open across a logout or a server restart, not an attack.
        message = gettext("页面已过期或请求无效，请刷新页面后重试。")
        if wants_json():
            body = {"error": {"code": "csrf_failed", "message": message, "fields": {}}}
            return jsonify(body), 400
        return render_template("errors/error.html", status=400, message=message), 400

    @app.errorhandler(SQLAlchemyError)
    def handle_database_error(error: SQLAlchemyError):
        """A database that does not answer in time (the DB_*_TIMEOUT settings) is a 503, a
        moment to try again; any other database error stays a 500 with its traceback."""
        from learnhub.core.transactions import database_unavailable
        from learnhub.extensions import login_manager

        if not database_unavailable(error):
            raise error
        current_app.logger.warning("503 for %s %s: the database did not answer: %s",
                                   request.method, request.path, str(error).splitlines()[0])
        # The page is drawn for a visitor: loading the member (the user loader, or the
        # expired member after the rollback) would wait for the same database again.
        login_manager._update_request_context_with_user()
        return handle_http_error(ServiceUnavailable())

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        if (error.code or 500) >= 500:
            from learnhub.extensions import db

            # A failed statement leaves PostgreSQL's transaction unusable; the page needs it.
            db.session.rollback()
        messages = {
            400: gettext("请求无效。"),
            403: gettext("你没有权限访问此页面。"),
            404: gettext("页面不存在。"),
            405: gettext("不支持该请求方式。"),
            413: gettext("上传的文件太大。"),
            429: gettext("尝试次数过多，请稍后再试。"),
            503: gettext("服务暂时不可用，请稍后再试。"),
        }
        code = error.code or 500
        message = messages.get(code) or (gettext("请求无效。") if code < 500
                                         else gettext("服务器出错了，请稍后再试。"))
        # A 503 when SQLite stayed busy (core.transactions.DatabaseBusy) says when to retry.
        headers = [(name, value) for name, value in error.get_headers()
                   if name == "Retry-After"]
        if wants_json():  # the same words as the page (a 429 said "30 per 1 minute")
            body: dict[str, Any] = {"error": {"code": (error.name or "error").lower().replace(" ", "_"),
                              "message": message, "fields": {}}}
            return jsonify(body), error.code, headers
        return render_template("errors/error.html", status=error.code,
                               message=message), error.code, headers


def fail(message: str) -> NoReturn:
    """The CLI's answer to a refusal: one line on stderr, exit 1."""
    import click

    click.echo(message, err=True)
    sys.exit(1)
