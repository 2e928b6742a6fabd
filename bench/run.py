"""`make bench`: the budgets from the issues, measured on `learnhub demo --scale 100`.

    python -m bench.run [--scale 100] [--runs 50]
"""

from __future__ import annotations

import argparse
import time

from bench import scenarios
from bench.harness import build_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    started = time.perf_counter()
    app = build_app(args.scale)
    print(f"demo --scale {args.scale} ready in {time.perf_counter() - started:.1f}s")
    for scenario in scenarios.ALL:
        scenario(app, runs=args.runs)


if __name__ == "__main__":
    main()
