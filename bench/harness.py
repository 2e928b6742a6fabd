"""Measure server time and query counts of requests against a scaled demo database.

Server time is the wall time of `app.test_client()` requests in-process: routing, views,
queries and template rendering, without the network. Query counts come from an engine
event. Each scenario prints p50/p95 and the count, and returns them for the report.
"""

from __future__ import annotations

import os
import secrets
import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, inspect

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results"
# BENCH_SHOW_QUERIES=200 prints each counted statement (first 200 characters) per scenario.
SHOW_QUERIES = int(os.environ.get("BENCH_SHOW_QUERIES", "0") or 0)


@dataclass
class Measurement:
    """Wall-clock server time (p50, p95) and this process's CPU time per request (p50).

    On a shared, busy machine the wall time includes waiting for a CPU; the CPU time does
    not, so it says what a request costs. With PostgreSQL the database's own work is in
    another process and shows in the wall time only.
    """

    name: str
    p50_ms: float
    p95_ms: float
    queries: int
    runs: int
    cpu_p50_ms: float | None = None

    def line(self) -> str:
        cpu = f"   cpu p50 {self.cpu_p50_ms:7.2f} ms" if self.cpu_p50_ms is not None else ""
        return (f"{self.name:<52} p50 {self.p50_ms:7.2f} ms   p95 {self.p95_ms:7.2f} ms"
                f"{cpu}   queries {self.queries:3d}   runs {self.runs}")


def idle_share(seconds: float = 5.0) -> float:
    """The share of CPU time spent idle on the whole machine over `seconds` (/proc/stat)."""
    def sample() -> tuple[int, int]:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(value) for value in stat.readline().split()[1:]]
        return fields[3] + fields[4], sum(fields)  # idle + iowait, total

    idle_before, total_before = sample()
    time.sleep(seconds)
    idle_after, total_after = sample()
    return (idle_after - idle_before) / max(1, total_after - total_before)


def calibration_ms() -> float:
    """A fixed pure-Python workload (best of 5), to tell a slow host from a slow change.

    The machine is a VM: a busy host slows it down with its own CPUs idle, and only a
    timed reference shows it. See docs/performance.md for the figure on a quiet host.
    """
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        sorted(str(number * 7919 % 100003) for number in range(100_000))
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def wait_for_idle(percent: int, timeout: float = 900) -> None:
    """On a shared machine: wait until the CPUs were `percent` % idle for 5 s (or give up
    after `timeout` seconds and say so), so a run measures LearnHub, not the neighbours."""
    if not percent:
        return
    deadline = time.monotonic() + timeout
    while True:
        share = idle_share() * 100
        if share >= percent:
            print(f"CPUs {share:.0f} % idle over 5 s: measuring", flush=True)
            return
        if time.monotonic() > deadline:
            print(f"warning: CPUs still busy ({share:.0f} % idle); measuring anyway", flush=True)
            return


def database_url(scale: int) -> str:
    """A scaled demo database, built once and reused (SQLite file unless overridden)."""
    url = os.environ.get("LEARNHUB_BENCH_DATABASE_URL")
    if url:
        return url
    RESULTS.mkdir(exist_ok=True)
    return f"sqlite:///{RESULTS / f'demo-scale-{scale}.db'}"


def build_app(scale: int, *, courses: bool = True):
    """An app on the scaled demo database, migrated and loaded if it is new, with the 200
    bench courses (bench/courses_data.py) unless `courses` is False."""
    from flask_migrate import upgrade

    from config import Config
    from learnhub import create_app
    from learnhub.demo import load_demo
    from learnhub.extensions import db

    app = create_app({**{k: getattr(Config, k) for k in dir(Config) if k.isupper()},
                      "SQLALCHEMY_DATABASE_URI": database_url(scale),
                      "SECRET_KEY": secrets.token_urlsafe(32),  # no key of its own any more
                      "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
        load_demo(scale=scale)
        db.session.commit()
        missing = sorted(set(db.metadata.tables) - set(inspect(db.engine).get_table_names()))
        if missing:
            print(f"warning: the bench database lacks tables {', '.join(missing)}: a migration "
                  "is missing, or was edited after this database was built (remove "
                  f"{RESULTS}/demo-scale-{scale}.db to rebuild)", flush=True)
    if courses:
        from bench.courses_data import ensure_courses

        ensure_courses(app)
    return app


@contextmanager
def counting_queries(engine):
    """Count statements sent to the database, with the time of each execute call (with
    psycopg that includes receiving the rows; with sqlite3 the rows are computed while
    fetching, so a scan's time does not show here). The BEGIN [IMMEDIATE] that LearnHub
    emits itself on SQLite (learnhub.core.transactions) is left out, so counts compare across SQLite
    and PostgreSQL, where BEGIN is implicit."""
    counter: dict[str, Any] = {"n": 0, "statements": []}

    def _before(conn, _cursor, statement, *_args, **_kwargs):
        conn.info["bench_started"] = time.perf_counter()

    def _after(conn, _cursor, statement, *_args, **_kwargs):
        if not statement.startswith("BEGIN"):
            elapsed = (time.perf_counter() - conn.info.pop("bench_started")) * 1000
            counter["n"] += 1
            counter["statements"].append((elapsed, statement))

    event.listen(engine, "before_cursor_execute", _before)
    event.listen(engine, "after_cursor_execute", _after)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", _before)
        event.remove(engine, "after_cursor_execute", _after)


def measure(name: str, app, request: Callable, *, runs: int = 50, warmup: int = 5,
            before: Callable[[], None] | None = None,
            check: Callable[[Any], None] | None = None, status: int = 200) -> Measurement:
    """Call `request()` (which uses a test client) `runs` times; report times and queries.

    `before()` runs ahead of every call, untimed and uncounted (e.g. to rewind a clock);
    `check(response)` raises when a response is not the real thing (a redirect, an error,
    a heartbeat the server ignored).
    """
    from learnhub.extensions import db

    def call():
        if before is not None:
            before()
        response = request()
        assert response.status_code == status, (name, response.status_code,
                                                response.headers.get("Location"))
        if check is not None:
            check(response)
        return response

    for _ in range(warmup):
        call()
    timings: list[float] = []
    cpu_times: list[float] = []
    with app.app_context():
        engine = db.engine
    if before is not None:
        before()
    with counting_queries(engine) as counter:
        response = request()
        queries = counter["n"]
    if SHOW_QUERIES:
        for number, (elapsed, statement) in enumerate(counter["statements"], start=1):
            print(f"    {number:2d}. {elapsed:6.2f} ms  {' '.join(statement.split())[:SHOW_QUERIES]}")
    assert response.status_code == status, (name, response.status_code)
    for _ in range(runs):
        if before is not None:
            before()
        start, cpu_start = time.perf_counter(), time.process_time()
        response = request()
        timings.append((time.perf_counter() - start) * 1000)
        cpu_times.append((time.process_time() - cpu_start) * 1000)
        assert response.status_code == status, (name, response.status_code)
        if check is not None:
            check(response)
    timings.sort()
    result = Measurement(name=name, p50_ms=statistics.median(timings),
                         p95_ms=timings[max(0, int(len(timings) * 0.95) - 1)], queries=queries,
                         runs=runs, cpu_p50_ms=statistics.median(cpu_times))
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
