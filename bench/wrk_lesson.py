"""Throughput of the lesson page under `wrk` against gunicorn (issue 4: ≥ 400 requests/s
with 2 workers on the 2-core machine).

End to end: make sure the scaled demo database and the bench courses exist, start
gunicorn on it (production config), log in as the demo `learner` through the real login
form, run `wrk` on the lesson page with that session cookie, count the status codes (a
redirect to the login page would otherwise pass as a success), stop gunicorn.

    python -m bench.wrk_lesson [--scale 100] [--duration 15] [--workers 2] [--wait-idle 90]

LEARNHUB_BENCH_DATABASE_URL picks another database (PostgreSQL), as for `bench.run`.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import resource
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.harness import (
    BENCH_DIR,
    RESULTS,
    build_app,
    calibration_ms,
    database_url,
    wait_for_idle,
)
from bench.scenarios import LESSON_URL, TOKEN

WRK = "/usr/bin/wrk"
STATUS_SCRIPT = BENCH_DIR / "wrk_status.lua"
MAX_DURATION = 20  # seconds: every wrk run stays bounded


@dataclass
class WrkResult:
    requests_per_second: float
    latency_p50: str
    latency_p99: str
    ok: int
    other: int
    output: str

    def line(self) -> str:
        return (f"wrk lesson page: {self.requests_per_second:.1f} requests/s, latency p50 "
                f"{self.latency_p50}, p99 {self.latency_p99}; status 200: {self.ok}, "
                f"other: {self.other}")


def cpu_seconds(pids: set[int] | None = None, parent: int | None = None) -> float:
    """User + system CPU time of the given processes, or of `parent`'s children (/proc)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid = int(stat.parent.name)
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, ValueError):
            continue
        # fields[0] is /proc/PID/stat's 3rd field (state): ppid is the 4th, utime/stime 14th/15th
        if (pids is not None and pid in pids) or (parent is not None and int(fields[1]) == parent):
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def database_backends(url: str) -> set[int]:
    """PostgreSQL server processes serving the bench database (the workers' pooled
    connections), so their CPU time counts too; empty for SQLite (it runs in the workers)."""
    if not url.startswith("postgresql"):
        return set()
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        rows = connection.execute("SELECT pid FROM pg_stat_activity WHERE datname = "
                                  "current_database() AND pid <> pg_backend_pid()").fetchall()
    return {row[0] for row in rows}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, port: int, workers: int, log: Path,
                   config: Path | None = None) -> subprocess.Popen:
    # Production refuses to start without Redis for the login limits (the one login uses it).
    env = {"LEARNHUB_REDIS_URL": "redis://127.0.0.1:6379/0", **os.environ,
           "LEARNHUB_DATABASE_URL": url, "LEARNHUB_ENV": "production",
           "LEARNHUB_SECRET_KEY": secrets.token_hex(32)}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    options = ["-c", str(config)] if config else []
    return subprocess.Popen(
        [str(gunicorn), *options, "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "learnhub:create_app()"], env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, cwd=BENCH_DIR.parent)


def wait_until_up(base: str, server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:  # refused, reset or timed out while the workers boot
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz in time")


def log_in(base: str, employee_no: str, password: str) -> str:
    """Log in through the form (CSRF token and all); return the session cookie's value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/login") as response:
        page = response.read().decode()
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match, "no CSRF token on the login page"
    data = urllib.parse.urlencode({"employee_no": employee_no, "password": password,
                                   "csrf_token": match.group(1)}).encode()
    with opener.open(base + "/login", data=data) as response:
        assert "/login" not in response.url, "login failed"
    cookie = next((c.value for c in jar if c.name == "session"), None)
    assert cookie, "no session cookie after login"
    return cookie


def check_lesson_page(base: str, cookie: str) -> None:
    request = urllib.request.Request(base + LESSON_URL, headers={"Cookie": f"session={cookie}"})
    with urllib.request.urlopen(request) as response:
        assert response.status == 200 and "/login" not in response.url, response.url
        assert TOKEN.search(response.read().decode()), "not the lesson page"


def run_wrk(url: str, cookie: str, *, threads: int, connections: int,
            duration: int) -> WrkResult:
    duration = min(duration, MAX_DURATION)
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency",
               "-s", str(STATUS_SCRIPT), "-H", f"Cookie: session={cookie}", url]
    print("$ " + " ".join(command[:-3]) + " -H 'Cookie: session=…' " + url, flush=True)
    output = subprocess.run(command, capture_output=True, text=True, check=True,
                            timeout=duration + 15).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    statuses = re.search(r"status 200: (\d+), other: (\d+)", output)
    assert rate and p50 and p99 and statuses, output
    return WrkResult(float(rate.group(1)), p50.group(1), p99.group(1),
                     int(statuses.group(1)), int(statuses.group(2)), output)


def stop(server: subprocess.Popen) -> None:
    """SIGTERM to the gunicorn master we started (it stops its workers), then wait."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=15, help=f"≤ {MAX_DURATION} s")
    parser.add_argument("--gunicorn-config", type=Path, help="a gunicorn config file to try")
    parser.add_argument("--wait-idle", type=int, default=0, metavar="PERCENT",
                        help="first wait until the CPUs were this idle for 5 s (shared machines)")
    args = parser.parse_args()

    build_app(args.scale)  # the database, demo and bench courses exist before gunicorn starts
    url, port = database_url(args.scale), free_port()
    base = f"http://127.0.0.1:{port}"
    log = RESULTS / "gunicorn-wrk.log"
    server = start_gunicorn(url, port, args.workers, log, args.gunicorn_config)
    print(f"gunicorn -w {args.workers} on {base} (pid {server.pid}, log {log}), "
          f"database {url.split('@')[-1]}", flush=True)
    try:
        wait_until_up(base, server)
        cookie = log_in(base, "learner", "learnhub-demo")
        for _ in range(20):  # warm both workers' caches and connection pools
            check_lesson_page(base, cookie)
        backends = database_backends(url)
        wait_for_idle(args.wait_idle)
        calibration = calibration_ms()
        load_before = os.getloadavg()[0]
        workers_before, database_before = cpu_seconds(parent=server.pid), cpu_seconds(backends)
        wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = run_wrk(base + LESSON_URL, cookie, threads=args.threads,
                         connections=args.connections, duration=args.duration)
        wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers = cpu_seconds(parent=server.pid) - workers_before
        database = cpu_seconds(backends) - database_before
        time.sleep(2)  # requests wrk left queued in the workers' backlog finish first
        try:
            check_lesson_page(base, cookie)  # the cookie still worked at the end
        except (OSError, AssertionError) as error:
            print(f"warning: the lesson page after the run: {error}")
    finally:
        stop(server)
    wrk_cpu = (wrk_after.ru_utime + wrk_after.ru_stime) - (wrk_before.ru_utime
                                                            + wrk_before.ru_stime)
    requests = result.ok + result.other
    print(result.output.rstrip())
    print(result.line())
    per = {"gunicorn workers": workers, "database server": database, "wrk": wrk_cpu}
    print("CPU per request: " + ", ".join(f"{what} {seconds / requests * 1000:.2f} ms"
                                          for what, seconds in per.items() if seconds))
    total = sum(per.values()) / requests
    print(f"at that cost {os.cpu_count()} otherwise idle CPUs serve at most about "
          f"{os.cpu_count() / total:.0f} requests/s")
    print(f"load average (1 min) before the run: {load_before:.2f}; calibration before "
          f"{calibration:.1f} ms, after {calibration_ms():.1f} ms (see docs/performance.md)")
    if result.other:
        sys.exit(f"{result.other} responses were not 200")


if __name__ == "__main__":
    main()
