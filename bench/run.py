"""`make bench`: the budgets from the issues, measured on `learnhub demo --scale 100` with
the 200 bench courses (bench/courses_data.py).

    python -m bench.run [--scale 100] [--runs 50] [--wait-idle 90] [--only lesson_page ...]

LEARNHUB_BENCH_DATABASE_URL runs it on another database (PostgreSQL); BENCH_SHOW_QUERIES=150
prints every counted statement with its time. The wrk throughput run is separate:
`python -m bench.wrk_lesson`. Figures and how to read them: docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

from bench import scenarios
from bench.harness import build_app, calibration_ms, database_url, wait_for_idle


def machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            model = next(line.split(":", 1)[1].strip() for line in cpuinfo
                         if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}"


def load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--wait-idle", type=int, default=0, metavar="PERCENT",
                        help="first wait until the CPUs were this idle for 5 s (shared machines)")
    parser.add_argument("--only", nargs="+", metavar="SCENARIO",
                        choices=[scenario.__name__ for scenario in scenarios.ALL])
    args = parser.parse_args()
    print(f"{machine()}; database {database_url(args.scale).split('@')[-1]}; {load()}")
    started = time.perf_counter()
    app = build_app(args.scale)
    print(f"demo --scale {args.scale} and bench courses ready in "
          f"{time.perf_counter() - started:.1f}s")
    wait_for_idle(args.wait_idle)
    print(f"calibration {calibration_ms():.1f} ms (pure Python; see docs/performance.md)")
    for scenario in scenarios.ALL:
        if not args.only or scenario.__name__ in args.only:
            scenario(app, runs=args.runs)
    print(f"done; {load()}; calibration {calibration_ms():.1f} ms")


if __name__ == "__main__":
    main()
