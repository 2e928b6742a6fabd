"""Configuration: the LEARNHUB_* environment, and the production frame refusing bad setups."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from config import ProductionConfig
from learnhub import ConfigurationError, create_app, development_secret_key
from learnhub.core.transactions import connect_args_with_timeouts

ROOT = Path(__file__).resolve().parents[2]

# Runs in a fresh interpreter: config.py reads the environment when it is imported.
PRINT_CONFIG = """
import json
from learnhub import create_app
app = create_app()
keys = ("ENV_NAME", "RATELIMIT_STORAGE_URI", "SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE",
        "SQLALCHEMY_DATABASE_URI", "TIMEZONE", "PROXY_COUNT")
print(json.dumps({key: app.config[key] for key in keys}))
"""


def config_under(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LEARNHUB_")}
    result = subprocess.run([sys.executable, "-c", PRINT_CONFIG], cwd=ROOT, env=clean | env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_environment_configures_the_app():
    config = config_under(
        LEARNHUB_ENV="production", LEARNHUB_SECRET_KEY="s3cret-from-the-vault",
        LEARNHUB_DATABASE_URL="postgresql://learnhub@db.internal/learnhub",
        LEARNHUB_REDIS_URL="redis://127.0.0.1:6379/3", LEARNHUB_SECURE_COOKIES="1",
        LEARNHUB_TIMEZONE="Asia/Urumqi", LEARNHUB_PROXY_COUNT="1",
    )
    assert config == {
        "ENV_NAME": "production",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/3",
        "SESSION_COOKIE_SECURE": True,
        "REMEMBER_COOKIE_SECURE": True,
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://learnhub@db.internal/learnhub",
        "TIMEZONE": "Asia/Urumqi",
        "PROXY_COUNT": 1,
    }


def test_production_refuses_to_start_without_a_secret_key():
    with pytest.raises(RuntimeError, match="LEARNHUB_SECRET_KEY"):
        create_app(type("NoSecret", (ProductionConfig,), {"SECRET_KEY": None}))


def test_production_without_secret_key_in_the_environment_fails_to_start():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LEARNHUB_")}
    result = subprocess.run([sys.executable, "-c", "from learnhub import create_app; create_app()"],
                            cwd=ROOT, env=clean | {"LEARNHUB_ENV": "production"},
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0
    assert "LEARNHUB_SECRET_KEY must be set" in result.stderr


def test_cli_without_secret_key_in_production_says_so_in_one_line_and_exits_1():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LEARNHUB_")}
    command = "import sys; from learnhub.cli import main; sys.exit(main(['demo']))"
    result = subprocess.run([sys.executable, "-c", command], cwd=ROOT,
                            env=clean | {"LEARNHUB_ENV": "production"},
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "Error: LEARNHUB_SECRET_KEY must be set outside development (LEARNHUB_ENV=production). "
        "Generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"]


def test_an_unknown_time_zone_refuses_to_start_with_a_clear_message():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LEARNHUB_")}
    command = "import sys; from learnhub.cli import main; sys.exit(main(['demo']))"
    result = subprocess.run([sys.executable, "-c", command], cwd=ROOT,
                            env=clean | {"LEARNHUB_TIMEZONE": "Mars/Base"},
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == ("Error: LEARNHUB_TIMEZONE: unknown time zone 'Mars/Base'; "
                                     "use an IANA name such as Asia/Shanghai.")


# --- The development key: only the `learnhub` command may start without a secret key ---

GUNICORN = Path(sys.executable).with_name("gunicorn")


def clean_environment(**env: str) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("LEARNHUB_")} | env


def test_gunicorn_without_secret_key_refuses_to_start_with_one_line(tmp_path):
    """Development is the default: gunicorn must not serve with a key anyone can read."""
    env = clean_environment(LEARNHUB_DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    result = subprocess.run([str(GUNICORN), "--workers", "1", "--bind", "127.0.0.1:0",
                             "learnhub:create_app()"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    ours = [line for line in result.stderr.splitlines() if "LEARNHUB_SECRET_KEY" in line]
    assert ours == [
        "LEARNHUB_SECRET_KEY must be set: only the learnhub command (learnhub run) starts "
        "without it, with a development key, and only in development. Generate one with: "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"]


def test_the_learnhub_command_uses_a_random_key_kept_in_the_instance_folder(tmp_path):
    command = ("import json; from pathlib import Path; from learnhub.cli import main; "
               "app = main.create_app(); "
               "kept = (Path(app.instance_path) / 'development-secret-key').read_text(); "
               "print(json.dumps([app.secret_key, kept]))")
    env = clean_environment(LEARNHUB_DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    runs = [subprocess.run([sys.executable, "-c", command], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=60, check=False)
            for _ in range(2)]
    for result in runs:
        assert result.returncode == 0, result.stderr
    first, second = (json.loads(result.stdout) for result in runs)
    key, kept = first
    assert key == kept and len(key) >= 40
    assert key != "dev-only-not-secret"
    assert second == first  # sessions survive a restart of `learnhub run`


def test_the_development_key_is_made_once_per_folder_and_private(tmp_path):
    key = development_secret_key(tmp_path / "instance")
    path = tmp_path / "instance" / "development-secret-key"
    assert path.read_text() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert development_secret_key(tmp_path / "instance") == key
    assert development_secret_key(tmp_path / "other") != key


def test_the_development_key_is_refused_in_production(tmp_path):
    production = type("NoSecret", (ProductionConfig,), {
        "SECRET_KEY": None, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with pytest.raises(ConfigurationError, match="LEARNHUB_SECRET_KEY must be set outside"):
        create_app(production, development_key=True)


# --- Rate limits: shared storage (Redis) in production, a warning in development --------

def test_production_without_redis_refuses_to_start_with_one_line():
    command = "import sys; from learnhub.cli import main; sys.exit(main(['demo']))"
    result = subprocess.run([sys.executable, "-c", command], cwd=ROOT,
                            env=clean_environment(LEARNHUB_ENV="production",
                                                  LEARNHUB_SECRET_KEY="s3cret",
                                                  LEARNHUB_DATABASE_URL="sqlite://"),
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: LEARNHUB_REDIS_URL must be set in production: without it each worker process "
        "counts login attempts on its own, which multiplies the login limits by the number "
        "of workers. Example: LEARNHUB_REDIS_URL=redis://127.0.0.1:6379/0"]


def test_production_config_requires_shared_rate_limit_storage():
    production = type("NoRedis", (ProductionConfig,), {
        "SECRET_KEY": "s3cret", "REDIS_URL": None, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with pytest.raises(ConfigurationError, match="LEARNHUB_REDIS_URL must be set"):
        create_app(production)


# --- Database timeouts (LEARNHUB_DB_*_TIMEOUT) reach every connection --------------------

def test_database_sessions_carry_the_timeouts(db):
    if db.engine.dialect.name == "postgresql":
        show = {name: db.session.scalar(text(f"SHOW {name}"))
                for name in ("statement_timeout", "lock_timeout")}
        assert show == {"statement_timeout": "20s", "lock_timeout": "5s"}
    else:
        assert db.session.scalar(text("PRAGMA busy_timeout")) == 5000


def test_timeouts_become_driver_arguments_without_overriding_explicit_ones():
    timeouts = {"connect": 5, "statement": 20, "lock": 2.5}
    assert connect_args_with_timeouts("postgresql+psycopg://h/db", {}, **timeouts) == {
        "connect_timeout": 5, "options": "-c statement_timeout=20000 -c lock_timeout=2500"}
    assert connect_args_with_timeouts(
        "postgresql+psycopg://h/db?connect_timeout=9&options=-c%20lock_timeout%3D0", {},
        **timeouts) == {"options": "-c statement_timeout=20000 -c lock_timeout=2500 "
                                   "-c lock_timeout=0"}
    assert connect_args_with_timeouts("postgresql+psycopg://h/db", {"connect_timeout": 1},
                                      connect=5, statement=0, lock=0) == {"connect_timeout": 1}
    assert connect_args_with_timeouts("sqlite:///x.db", {}, **timeouts) == {"timeout": 2.5}


def test_learnhub_env_test_does_not_lend_the_test_suite_key_to_a_server(tmp_path):
    """TestConfig (a key in the code, cheap password hashes) is for the test suite, which
    passes it to create_app itself; the environment cannot select it for a server."""
    command = "from learnhub import create_app; create_app()"
    env = clean_environment(LEARNHUB_ENV="test",
                            LEARNHUB_DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    result = subprocess.run([sys.executable, "-c", command], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0
    assert "LEARNHUB_SECRET_KEY must be set" in result.stderr
