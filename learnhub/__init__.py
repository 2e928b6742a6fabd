"""LearnHub: Markdown courses, quizzes, discussions and a credit ledger for party branches."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

try:  # gunicorn prints this kind of error as one line and stops, instead of a traceback
    from gunicorn.errors import AppImportError as _AppLoadError
except ImportError:  # pragma: no cover (gunicorn is a dependency; not on every platform)
    _AppLoadError = Exception  # type: ignore[assignment,misc]

GENERATE_KEY_HINT = ("Generate one with: python3 -c 'import secrets; "
                     "print(secrets.token_urlsafe(48))'")


def create_app(config: type | dict[str, Any] | None = None, *,
               development_key: bool = False) -> Flask:
    """Build the app: extensions, blueprints, CLI, error handlers. Nothing runs at import.

    `development_key`: the entry point is the `learnhub` command on a developer's machine
    (learnhub run, db upgrade, demo...), which may do without LEARNHUB_SECRET_KEY in
    development: it then uses a random key kept in the instance folder. Every other entry
    point (gunicorn 'learnhub:create_app()') refuses to start without a secret key.
    """
    from config import config_for_environment
    from learnhub import extensions
    from learnhub.core import transactions  # noqa: F401 (registers engine and pool listeners)
    from learnhub.core.errors import register_error_handlers
    from learnhub.features import install_features
    from learnhub.web import register_web

    app = Flask(__name__, instance_relative_config=False)
    base = config if isinstance(config, type) else config_for_environment()
    app.config.from_object(base)
    if isinstance(config, dict):
        app.config.update(config)
    _check_config(app, development_key=development_key)
    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count,  # type: ignore[method-assign]
                                x_host=count)

    extensions.db.init_app(app)
    extensions.migrate.init_app(app, extensions.db, directory=_migrations_dir(),
                                render_as_batch=True, compare_type=True)
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)
    extensions.login_manager.init_app(app)

    register_web(app)
    install_features(app)
    register_error_handlers(app)
    return app




class ConfigurationError(RuntimeError, _AppLoadError):
    """The environment cannot run LearnHub; the message tells the operator what to set.
    The `learnhub` command prints it as one line; gunicorn too (an app that cannot load)."""


def _check_config(app: Flask, *, development_key: bool = False) -> None:
    _check_secret_key(app, development_key=development_key)
    _check_timezone(app.config["TIMEZONE"])
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///"):
        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    _check_rate_limit_storage(app)
    if uri.startswith("postgresql://"):
        uri = uri.replace("postgresql://", "postgresql+psycopg://", 1)
        app.config["SQLALCHEMY_DATABASE_URI"] = uri
    _set_database_timeouts(app, uri)


def _check_secret_key(app: Flask, *, development_key: bool) -> None:
    """A key from the environment; in development the `learnhub` command may use its own.
    Never a key written in the code: anyone could sign an administrator's session."""
    if app.config.get("SECRET_KEY"):
        return
    environment = app.config.get("ENV_NAME", "production")
    if environment != "development":
        raise ConfigurationError(
            "LEARNHUB_SECRET_KEY must be set outside development (LEARNHUB_ENV="
            f"{environment}). {GENERATE_KEY_HINT}")
    if not development_key:
        raise ConfigurationError(
            "LEARNHUB_SECRET_KEY must be set: only the learnhub command (learnhub run) "
            "starts without it, with a development key, and only in development. "
            f"{GENERATE_KEY_HINT}")
    app.config["SECRET_KEY"] = development_secret_key(Path(app.instance_path))


DEVELOPMENT_KEY_FILE = "development-secret-key"


def development_secret_key(folder: Path) -> str:
    """This checkout's own random key, made at first use and kept (readable by its owner
    only) so that sessions survive a restart of `learnhub run`."""
    path = folder / DEVELOPMENT_KEY_FILE
    folder.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made before, or by a command started at the same moment
        key = path.read_text().strip()
        if key:
            return key
        raise ConfigurationError(f"{path} is empty: delete it to make a new development "
                                 "key, or set LEARNHUB_SECRET_KEY.") from None
    key = secrets.token_urlsafe(48)
    with os.fdopen(descriptor, "w") as file:
        file.write(key)
    return key


def _check_rate_limit_storage(app: Flask) -> None:
    """Memory storage counts in each worker process apart: production must share it."""
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config.get("REDIS_URL") or "memory://"
    if not app.config.get("RATELIMIT_ENABLED") or \
            not app.config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        return
    if app.config.get("REQUIRE_SHARED_RATE_LIMITS"):
        raise ConfigurationError(
            "LEARNHUB_REDIS_URL must be set in production: without it each worker process "
            "counts login attempts on its own, which multiplies the login limits by the "
            "number of workers. Example: LEARNHUB_REDIS_URL=redis://127.0.0.1:6379/0")
    app.logger.warning(
        "Login rate limits are counted in this process's memory (LEARNHUB_REDIS_URL is "
        "unset): with several worker processes each counts on its own, so the limits "
        "multiply. Set LEARNHUB_REDIS_URL to share them.")


def _set_database_timeouts(app: Flask, uri: str) -> None:
    """Connect, statement and lock timeouts (DB_*_TIMEOUT) as driver arguments; what
    SQLALCHEMY_ENGINE_OPTIONS already gives wins."""
    from learnhub.core.transactions import connect_args_with_timeouts

    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options["connect_args"] = connect_args_with_timeouts(
        uri, dict(options.get("connect_args") or {}),
        connect=app.config["DB_CONNECT_TIMEOUT"], statement=app.config["DB_STATEMENT_TIMEOUT"],
        lock=app.config["DB_LOCK_TIMEOUT"])
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _check_timezone(name: str) -> None:
    """A wrong LEARNHUB_TIMEZONE would fail on the first page or command that shows a time."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigurationError(
            f"LEARNHUB_TIMEZONE: unknown time zone {name!r}; use an IANA name such as "
            "Asia/Shanghai.") from None


def _migrations_dir() -> str:
    return str(Path(__file__).resolve().parent.parent / "migrations")
