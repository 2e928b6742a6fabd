"""Configuration read from the environment (LEARNHUB_*), with safe defaults.

`Config` is development; `ProductionConfig` refuses to start without a secret key or
without Redis for the rate limits; `TestConfig` is what the test suite uses. Without
LEARNHUB_SECRET_KEY only the `learnhub` command may start, in development, with a random
key of its own (docs/operations.md, "What refuses to start").
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    ENV_NAME = "development"
    # Unset: the `learnhub` command (learnhub run) uses a random key kept in instance/;
    # any other server (gunicorn) refuses to start (create_app, development_key).
    SECRET_KEY = _env("LEARNHUB_SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _env(
        "LEARNHUB_DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'learnhub.db'}"
    )
    # No pool_pre_ping: learnhub.core.transactions replaces a connection the server closed
    # without the extra round trip per request; connections older than 30 minutes too.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_recycle": 1800}
    # Seconds. A database that does not answer fails the request (503) instead of holding
    # the worker until gunicorn kills it. Connect: opening a connection (PostgreSQL; whole
    # seconds, at least 2). Statement: one statement on PostgreSQL (0: no limit). Lock:
    # waiting for a table or row lock (PostgreSQL lock_timeout, SQLite busy timeout).
    DB_CONNECT_TIMEOUT = int(_env("LEARNHUB_DB_CONNECT_TIMEOUT", "5") or 5)
    DB_STATEMENT_TIMEOUT = float(_env("LEARNHUB_DB_STATEMENT_TIMEOUT", "20") or 20)
    DB_LOCK_TIMEOUT = float(_env("LEARNHUB_DB_LOCK_TIMEOUT", "5") or 5)
    REDIS_URL = _env("LEARNHUB_REDIS_URL")
    TIMEZONE = _env("LEARNHUB_TIMEZONE", "Asia/Shanghai")
    CONTENT_ROOT = _env("LEARNHUB_CONTENT_ROOT", str(BASE_DIR))
    # What reading one roster may cost: an .xlsx's parts unpacked together, and the longest
    # cell of a column that is read (docs/operations.md, 成员导入).
    IMPORT_MAX_UNPACKED_MB = int(_env("LEARNHUB_IMPORT_MAX_UNPACKED_MB", "50") or 50)
    IMPORT_MAX_CELL_CHARS = int(_env("LEARNHUB_IMPORT_MAX_CELL_CHARS", "1000") or 1000)

    # Email for notifications, sent by `learnhub jobs run` (docs/operations.md, 邮件通知).
    # No host: nothing is emailed; in-app notifications work the same.
    SMTP_HOST = _env("LEARNHUB_SMTP_HOST")
    SMTP_PORT = int(_env("LEARNHUB_SMTP_PORT", "25") or 25)
    SMTP_USER = _env("LEARNHUB_SMTP_USER")
    SMTP_PASSWORD = _env("LEARNHUB_SMTP_PASSWORD")
    SMTP_FROM = _env("LEARNHUB_SMTP_FROM", "learnhub@localhost")
    SMTP_STARTTLS = _bool("LEARNHUB_SMTP_STARTTLS", False)  # STARTTLS after connecting
    SMTP_SSL = _bool("LEARNHUB_SMTP_SSL", False)  # TLS from the start (port 465)
    SMTP_TIMEOUT = float(_env("LEARNHUB_SMTP_TIMEOUT", "10") or 10)  # seconds per operation
    SMTP_MAX_ATTEMPTS = int(_env("LEARNHUB_SMTP_MAX_ATTEMPTS", "5") or 5)  # per notification
    # The address members open LearnHub at (https://learnhub.example.cn), for links in
    # emails; unset, an email carries the link's path only.
    BASE_URL = _env("LEARNHUB_BASE_URL")
    # Meeting reminders go out this many minutes before the start (a day by default).
    MEETING_REMINDER_MINUTES = int(_env("LEARNHUB_MEETING_REMINDER_MINUTES", "1440") or 1440)

    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    LANGUAGES = ("zh_CN", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("LEARNHUB_SECURE_COOKIES", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 64 * 1024 * 1024

    # Password hashing: Werkzeug's scrypt (N=2**15, r=8, p=1), one hash per login.
    PASSWORD_HASH_METHOD = "scrypt:32768:8:1"

    # Login throttling (Flask-Limiter) and temporary lock after repeated failures.
    RATELIMIT_ENABLED = True
    # None: create_app uses REDIS_URL when set (shared by every instance), else memory.
    RATELIMIT_STORAGE_URI: str | None = None
    # Memory storage counts in each worker process on its own (4 workers: 4 times the
    # limit). True: refuse to start without shared storage; False: log a warning at start.
    REQUIRE_SHARED_RATE_LIMITS = False
    RATELIMIT_HEADERS_ENABLED = False
    # Reverse proxies in front (nginx: 1) whose X-Forwarded-For/-Proto are trusted. Behind a
    # proxy with 0, every client shares the proxy's address and so one per-IP login limit.
    PROXY_COUNT = int(_env("LEARNHUB_PROXY_COUNT", "0") or 0)
    LOGIN_LIMIT_PER_IP = _env("LEARNHUB_LOGIN_LIMIT_PER_IP", "30 per minute")
    LOGIN_LIMIT_PER_ACCOUNT = _env("LEARNHUB_LOGIN_LIMIT_PER_ACCOUNT", "10 per minute")
    # The personal calendar feed (no login; docs/meetings.md): per token, a calendar app
    # polls every few minutes at most; per address, generous, since a mail server or a
    # proxy may fetch every member's feed from one address.
    CALENDAR_FEED_LIMIT_PER_TOKEN = _env("LEARNHUB_CALENDAR_FEED_LIMIT_PER_TOKEN", "60 per hour")
    CALENDAR_FEED_LIMIT_PER_IP = _env("LEARNHUB_CALENDAR_FEED_LIMIT_PER_IP", "600 per minute")
    # /verify/<code> (no login; docs/transcripts.md): per address, enough for a desk that
    # checks a pile of printed transcripts, too few to walk the code space.
    VERIFY_LIMIT_PER_IP = _env("LEARNHUB_VERIFY_LIMIT_PER_IP", "30 per minute")
    LOCKOUT_THRESHOLD = int(_env("LEARNHUB_LOCKOUT_THRESHOLD", "5") or 5)
    LOCKOUT_MINUTES = int(_env("LEARNHUB_LOCKOUT_MINUTES", "15") or 15)

    # Honest progress: share of a lesson's expected minutes that must be read.
    STUDY_SHARE_REQUIRED = float(_env("LEARNHUB_STUDY_SHARE", "0.8") or 0.8)
    # Lesson pages send a heartbeat this often while visible; one heartbeat credits at most
    # the interval plus the slack (docs/learning.md).
    HEARTBEAT_SECONDS = int(_env("LEARNHUB_HEARTBEAT_SECONDS", "15") or 15)
    HEARTBEAT_SLACK_SECONDS = int(_env("LEARNHUB_HEARTBEAT_SLACK_SECONDS", "15") or 15)
    # 每日一练: questions each member gets a day (docs/contests-and-practice.md).
    DAILY_PRACTICE_QUESTIONS = int(_env("LEARNHUB_DAILY_PRACTICE_QUESTIONS", "3") or 3)

    PAGE_SIZE = 50

    # Markdown (lessons, course introductions, previews): a longer or more deeply nested
    # text is refused with a `path:line: message`, so rendering stays fast (operations.md).
    MARKDOWN_MAX_CHARS = int(_env("LEARNHUB_MARKDOWN_MAX_CHARS", "100000") or 100000)
    MARKDOWN_MAX_DEPTH = int(_env("LEARNHUB_MARKDOWN_MAX_DEPTH", "50") or 50)
    # Course zip import: what all files may hold together, uncompressed (2 GB: a few videos).
    ZIP_MAX_TOTAL_MB = int(_env("LEARNHUB_ZIP_MAX_TOTAL_MB", "2048") or 2048)


class ProductionConfig(Config):
    ENV_NAME = "production"
    SECRET_KEY = _env("LEARNHUB_SECRET_KEY")
    REQUIRE_SHARED_RATE_LIMITS = True


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = _env("LEARNHUB_TEST_DATABASE_URL", "sqlite://")
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast in tests only
    RATELIMIT_ENABLED = False
    SERVER_NAME = None


def config_for_environment() -> type[Config]:
    """Pick the config class from LEARNHUB_ENV (development by default). Not TestConfig:
    its key is written here, so a server selecting it would serve with a public key; the
    test suite passes it to create_app itself."""
    name = (_env("LEARNHUB_ENV", "development") or "development").lower()
    return ProductionConfig if name == "production" else Config
