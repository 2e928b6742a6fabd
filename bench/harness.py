"""Measure server time and query counts of requests against a scaled demo database.

Server time is the wall time of `app.test_client()` requests in-process: routing, views,
queries and template rendering, without the network. Query counts come from an engine
event. Each scenario prints p50/p95 and the count, and returns them for the report.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results"


@dataclass
class Measurement:
    name: str
    p50_ms: float
    p95_ms: float
    queries: int
    runs: int

    def line(self) -> str:
        return (f"{self.name:<48} p50 {self.p50_ms:7.2f} ms   p95 {self.p95_ms:7.2f} ms   "
                f"queries {self.queries:3d}   runs {self.runs}")


def database_url(scale: int) -> str:
    """A scaled demo database, built once and reused (SQLite file unless overridden)."""
    url = os.environ.get("LEARNHUB_BENCH_DATABASE_URL")
    if url:
        return url
    RESULTS.mkdir(exist_ok=True)
    return f"sqlite:///{RESULTS / f'demo-scale-{scale}.db'}"


def build_app(scale: int):
    """An app on the scaled demo database, migrated and loaded if it is new."""
    from flask_migrate import upgrade

    from config import Config
    from learnhub import create_app
    from learnhub.demo import load_demo
    from learnhub.extensions import db

    app = create_app({**{k: getattr(Config, k) for k in dir(Config) if k.isupper()},
                      "SQLALCHEMY_DATABASE_URI": database_url(scale),
                      "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
        load_demo(scale=scale)
        db.session.commit()
    return app


@contextmanager
def counting_queries(engine):
    counter = {"n": 0}

    def _count(*_args, **_kwargs):
        counter["n"] += 1

    event.listen(engine, "before_cursor_execute", _count)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", _count)


def measure(name: str, app, request: Callable, *, runs: int = 50, warmup: int = 5) -> Measurement:
    """Call `request()` (which uses a test client) `runs` times; report times and queries."""
    from learnhub.extensions import db

    for _ in range(warmup):
        request()
    timings = []
    with app.app_context():
        engine = db.engine
    with counting_queries(engine) as counter:
        request()
        queries = counter["n"]
    for _ in range(runs):
        start = time.perf_counter()
        response = request()
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (name, response.status_code)
    timings.sort()
    result = Measurement(name=name, p50_ms=statistics.median(timings),
                         p95_ms=timings[int(len(timings) * 0.95) - 1], queries=queries, runs=runs)
    print(result.line(), flush=True)
    return result


def logged_in_client(app, employee_no: str):
    from learnhub.extensions import db
    from learnhub.org.models import Member

    client = app.test_client()
    with app.app_context():
        member = db.session.query(Member).filter_by(employee_no=employee_no).one()
        user_id = member.get_id()
    with client.session_transaction() as session:
        session["_user_id"] = user_id
        session["_fresh"] = True
    return client
