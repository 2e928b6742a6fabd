"""LearnHub: Markdown courses, quizzes, discussions and a credit ledger for party branches."""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(config: type | dict[str, Any] | None = None) -> Flask:
    """Build the app: extensions, blueprints, CLI, error handlers. Nothing runs at import."""
    from config import config_for_environment
    from learnhub import extensions
    from learnhub.cli import register_cli
    from learnhub.core import transactions  # noqa: F401 (registers engine and pool listeners)
    from learnhub.core.errors import register_error_handlers
    from learnhub.web import register_web

    app = Flask(__name__, instance_relative_config=False)
    base = config if isinstance(config, type) else config_for_environment()
    app.config.from_object(base)
    if isinstance(config, dict):
        app.config.update(config)
    _check_config(app)
    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count,  # type: ignore[method-assign]
                                x_host=count)

    extensions.db.init_app(app)
    extensions.migrate.init_app(app, extensions.db, directory=_migrations_dir(),
                                render_as_batch=True, compare_type=True)
    _import_models()
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)
    extensions.login_manager.init_app(app)

    register_web(app)
    register_error_handlers(app)
    register_cli(app)
    return app


MODEL_MODULES = (
    "learnhub.org.models",
    "learnhub.records.models",
    "learnhub.courses.models",
    "learnhub.courses.progress_models",
    "learnhub.courses.search_index",
)


def _import_models() -> None:
    """Every table must be in the metadata before migrations or queries run."""
    from importlib import import_module

    for name in MODEL_MODULES:
        try:
            import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


class ConfigurationError(RuntimeError):
    """The environment cannot run LearnHub; the message tells the operator what to set."""


def _check_config(app: Flask) -> None:
    if not app.config.get("SECRET_KEY"):
        raise ConfigurationError(
            "LEARNHUB_SECRET_KEY must be set outside development (LEARNHUB_ENV="
            f"{app.config.get('ENV_NAME', 'production')}). Generate one with: python3 -c "
            "'import secrets; print(secrets.token_urlsafe(48))'")
    _check_timezone(app.config["TIMEZONE"])
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///"):
        from pathlib import Path

        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if uri.startswith("sqlite:"):  # pysqlite's `timeout` is SQLite's busy timeout
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options["connect_args"] = {"timeout": float(app.config["SQLITE_BUSY_TIMEOUT"]),
                                   **options.get("connect_args", {})}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config.get("REDIS_URL") or "memory://"
    if uri.startswith("postgresql://"):
        app.config["SQLALCHEMY_DATABASE_URI"] = uri.replace("postgresql://",
                                                            "postgresql+psycopg://", 1)


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
    from pathlib import Path

    return str(Path(__file__).resolve().parent.parent / "migrations")
